"""PLOVER JSONL exports validate against the record schema built from the shipped ontology."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cluster_pages import ROOT, art, at, ev, load, seed_warehouse
from dipwatch.app.export import export
from dipwatch.app.plover import mode_rows, ontology, record_schema
from dipwatch.warehouse import connection as db

REFERENCE = ROOT.parent / "shared" / "reference" / "plover_ontology.json"


def _records(path: str, out: Path) -> list[dict]:
    with db.reader(path) as con:
        export(con, out, "jsonl")
    return [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]


def _validate_all(records: list[dict]) -> None:
    validator = jsonschema.Draft202012Validator(record_schema())
    problems = [
        f"{r.get('id')}: {e.json_path}: {e.message}"
        for r in records
        for e in validator.iter_errors(r)
    ]
    assert not problems, "\n".join(problems[:20])


def test_the_schema_is_a_valid_json_schema_and_rejects_what_plover_forbids():
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    good = {
        "id": "e1",
        "date": "2024-03-04",
        "actor": [{"code": "USA", "entity_text": "Washington"}],
        "event": "AID",
        "mode": None,
        "context": ["economic"],
        "cite_info": {"url": "https://news.example/a.html", "publication": "Wire"},
    }
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(good)
    bad = [
        {**good, "mode": "economic"},  # a context, not a mode of AID
        {**good, "event": "CONSULT", "mode": "sea"},
        {**good, "context": ["trade"]},  # not a PLOVER context
        {**good, "actor": [{"code": "USA", "entity_text": ""}]},
        {**good, "actor": [{"code": "USA", "entity_text": None}]},
        {**good, "actor": []},
        {**good, "cite_info": {"url": "https://x.example/", "publication": "/tmp/feed.xml"}},
        {**good, "cite_info": {"url": "https://x.example/", "publication": "file:///f.xml"}},
        {**good, "event": "CHAT"},
        {**good, "colour": "red"},
    ]
    assert [validator.is_valid(b) for b in bad] == [False] * len(bad)
    assert validator.is_valid({**good, "event": "CONSULT", "mode": "visit"})


def test_the_shipped_ontology_is_the_reference_one():
    if not REFERENCE.exists():
        pytest.skip("no reference ontology next to the repository")
    ref = json.loads(REFERENCE.read_text())
    shipped = ontology()
    assert shipped["contexts"] == [c["context"] for c in ref["contexts"]]
    assert {k: v["modes"] for k, v in shipped["event_types"].items()} == {
        k: [m["mode"] for m in v["modes"]] for k, v in ref["event_types"].items()
    }
    assert shipped["record_required_fields"] == ref["record_required_fields"]


def test_coder_modes_become_plover_modes_or_contexts(tmp_path):
    rows = {(t, m): (mode, ctx) for t, m, mode, ctx in mode_rows()}
    assert rows[("AID", "economic")] == (None, "economic")
    assert rows[("AID", "humanitarian")] == (None, "human_security")
    assert rows[("CONSULT", "visit")] == ("visit", None)
    assert rows[("RETREAT", "return")] == ("release", None)
    path = str(tmp_path / "wh.duckdb")
    aid = ev("AID", "RUS", "PRK", "2024-07-01", quad=2)
    aid.event_mode = "economic"
    visit = ev("CONSULT", "PRK", "RUS", "2024-03-04")
    visit.event_mode, visit.source_actor, visit.target_actor = "visit", "Kim Jong Un", "  "
    odd = ev("SANCTION", "EU", "RUS", "2024-08-01", quad=4)
    odd.event_mode = "not-a-mode"
    load(
        path,
        [
            (art("aid", at("2024-07-10")), [aid]),
            (art("visit", at("2024-03-05")), [visit]),
            (art("sanction", at("2024-08-01")), [odd, ev("SANCTION", None, "RUS", "2024-08-01")]),
        ],
    )
    records = _records(path, tmp_path / "out")
    _validate_all(records)
    by_type = {r["event"]: r for r in records}
    assert len(records) == 3  # the source-less sanction has no PLOVER actor: not exported
    assert (by_type["AID"]["mode"], by_type["AID"]["context"]) == (None, ["economic"])
    assert (by_type["CONSULT"]["mode"], by_type["CONSULT"]["context"]) == ("visit", [])
    assert by_type["CONSULT"]["actor"] == [{"code": "PRK", "entity_text": "Kim Jong Un"}]
    # a blank name is the country's name; a code no country has is itself
    assert by_type["CONSULT"]["recipient"] == [{"code": "RUS", "entity_text": "Russian Federation"}]
    assert by_type["SANCTION"]["actor"] == [{"code": "EU", "entity_text": "EU"}]
    assert by_type["SANCTION"]["mode"] is None
    assert {r["cite_info"]["publication"] for r in records} == {"news.example"}


@pytest.mark.slow
def test_every_record_of_the_sample_validates(prefect_harness, tmp_path):
    path = str(seed_warehouse(tmp_path / "seed.duckdb"))
    records = _records(path, tmp_path / "out")
    assert len(records) > 20
    _validate_all(records)
    # the outlet is the feed's name in the feeds file, never its path
    names = {r["cite_info"]["publication"] for r in records}
    assert names and not any("/" in n for n in names), names
