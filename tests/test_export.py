"""`dipwatch export`: Parquet and CSV per public model, PLOVER JSONL events, read-only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from cluster_pages import ROOT, art, at, ev, load, rows, seed_warehouse
from dipwatch.app.cli import main
from dipwatch.app.export import ExportError, export
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.marts import public_models

_REFERENCE = ROOT.parent / "shared" / "reference" / "plover_ontology.json"
ONTOLOGY = json.loads(_REFERENCE.read_text()) if _REFERENCE.exists() else None
PLOVER_FIELDS = {
    "id",
    "date",
    "actor",
    "event",
    "has_event",
    "time",
    "enddate",
    "endtime",
    "recipient",
    "event_loc",
    "event_text",
    "quad_code",
    "event_scale",
    "mode",
    "context",
    "link",
    "text",
    "text_info",
    "cite_info",
    "coder",
    "coded_date",
    "coded_time",
    "comment",
}
EXTRA_FIELDS = {"date_precision", "amount_usd", "confidence", "cameo_code"}
TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> str:
    """Two reports of one visit, symmetric talks (stored both ways), a dated aid, an undated sanction."""
    path = str(tmp_path_factory.mktemp("small") / "wh.duckdb")
    talks = dict(symmetric=True, place="Doha", lat=25.3, lon=51.5)
    load(
        path,
        [
            (
                art("visit-1", at("2024-03-04", 18)),
                [
                    ev(
                        "CONSULT",
                        "PRK",
                        "RUS",
                        "2024-03-04",
                        place="Vladivostok",
                        lat=43.1,
                        lon=131.9,
                    )
                ],
            ),
            (art("visit-2", at("2024-03-05", 9)), [ev("CONSULT", "PRK", "RUS", "2024-03-04")]),
            (
                art("talks", at("2024-06-02")),
                [
                    ev("CONSULT", "USA", "VEN", "2024-06-01", **talks),
                    ev("CONSULT", "VEN", "USA", "2024-06-01", **talks),
                ],
            ),
            (
                art("aid", at("2024-07-10")),
                [ev("AID", "RUS", "PRK", "2024-07-01", "month", amount=1e9, quad=2)],
            ),
            (
                art("sanction", at("2024-08-01")),
                [ev("SANCTION", "EU", "RUS", None, quad=4, goldstein=-8)],
            ),
        ],
    )
    return path


def _export(path: str, out: Path, fmt: str, since: dt.date | None = None):
    with db.reader(path) as con:
        return export(con, out, fmt, since)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_public_model_is_one_file(small, tmp_path, fmt):
    result = _export(small, tmp_path, fmt)
    assert sorted(result.files) == sorted(f"{m}.{fmt}" for m in public_models())
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    con = duckdb.connect(small, read_only=True)
    try:
        for model in public_models():
            file = str(tmp_path / f"{model}.{fmt}")
            assert (
                con.execute(f"select count(*) from {reader}('{file}')").fetchone()[0]
                == result.files[f"{model}.{fmt}"]
                == con.execute(f"select count(*) from {model}").fetchone()[0]
            )
            cols = [
                r[0] for r in con.execute(f"describe select * from {reader}('{file}')").fetchall()
            ]
            assert cols == [r[0] for r in con.execute(f"describe {model}").fetchall()]
    finally:
        con.close()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["format"] == fmt and manifest["files"] == result.files
    assert not list(tmp_path.glob("*.tmp"))


def test_since_keeps_what_was_reported_on_or_after_the_date(small, tmp_path):
    result = _export(small, tmp_path, "parquet", dt.date(2024, 6, 1))
    assert result.files["events.parquet"] == 4  # talks (2 rows), aid, sanction
    assert result.files["clusters.parquet"] == 3
    assert result.files["dyad_daily.parquet"] == 3
    assert rows(
        small, f"select min(event_day) from read_parquet('{tmp_path / 'event_feed.parquet'}')"
    ) == [(dt.date(2024, 6, 1),)]


def test_jsonl_is_plover_event_records(small, tmp_path):
    result = _export(small, tmp_path, "jsonl")
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert result.files == {"events.jsonl": len(records)} and len(records) == 5
    if ONTOLOGY:  # the PLOVER field names, as the reference ontology lists them
        assert (
            set(ONTOLOGY["record_required_fields"]) | set(ONTOLOGY["record_optional_fields"])
            == PLOVER_FIELDS
        )
    for r in records:
        assert {"id", "date", "actor", "event"} <= set(r)
        assert set(r) <= PLOVER_FIELDS | EXTRA_FIELDS
        assert r["event"] in TYPES
        assert dt.date.fromisoformat(r["date"])
        assert r["link"].startswith("c")
        assert r["cite_info"]["url"].startswith("https://news.example/")
    by_event = {}
    for r in records:
        by_event.setdefault(r["event"], []).append(r)
    # two reports of the visit: two records, one real-world event (link)
    visits = [r for r in by_event["CONSULT"] if r["actor"][0]["code"] == "PRK"]
    assert len(visits) == 2 and len({r["link"] for r in visits}) == 1
    # no name in the text: the country's name (never an empty entity_text)
    assert visits[0]["recipient"] == [{"code": "RUS", "entity_text": "Russian Federation"}]
    vlad = next(r for r in visits if r["event_loc"])
    assert vlad["event_loc"] == {
        "extracted_place": "Vladivostok",
        "lat": 43.1,
        "lon": 131.9,
        "country_code": "RU",
        "cc3": "RUS",
    }
    # the talks, stored in both directions, are one reciprocal record: both actors, no recipient
    [talks] = [r for r in by_event["CONSULT"] if r["actor"][0]["code"] in ("USA", "VEN")]
    assert {a["code"] for a in talks["actor"]} == {"USA", "VEN"} and talks["recipient"] == []
    # month precision: first and last day
    [aid] = by_event["AID"]
    assert (aid["date"], aid["enddate"], aid["date_precision"], aid["amount_usd"]) == (
        "2024-07-01",
        "2024-07-31",
        "month",
        1e9,
    )
    # undated: the publication day, no end date
    [sanction] = by_event["SANCTION"]
    assert (sanction["date"], sanction["enddate"], sanction["date_precision"]) == (
        "2024-08-01",
        None,
        None,
    )
    assert sanction["quad_code"] == 4 and sanction["event_scale"] == -8


def test_cli_export_is_read_only_and_reports_errors(small, tmp_path, capsys):
    before = Path(small).stat().st_mtime_ns
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "out"), "--db", small]) == 0
    assert "events.csv" in capsys.readouterr().out
    assert Path(small).stat().st_mtime_ns == before
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--out",
                str(tmp_path / "j"),
                "--since",
                "2024-07-01",
                "--db",
                small,
            ]
        )
        == 0
    )
    assert len((tmp_path / "j" / "events.jsonl").read_text().splitlines()) == 2
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x"),
                "--db",
                str(tmp_path / "none.duckdb"),
            ]
        )
        == 2
    )
    assert "no warehouse" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "xml", "--out", str(tmp_path)])


def test_marts_not_built_yet_are_skipped(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    with db.writer(path):
        pass  # migrations and views, no refresh
    result = _export(path, tmp_path / "out", "parquet")
    assert set(result.skipped) == {"event_feed", "event_map", "dyad_daily", "country_activity"}
    assert result.files["events.parquet"] == 0
    with pytest.raises(ExportError), db.reader(path) as con:
        export(con, tmp_path, "xml")


@pytest.mark.slow
def test_seed_export_round_trips(prefect_harness, tmp_path):
    path = str(seed_warehouse(tmp_path / "seed.duckdb"))
    result = _export(path, tmp_path / "jsonl", "jsonl")
    # one record per directed event, one per symmetric sentence and pair (an event without a
    # source has no PLOVER actor and is left out)
    [(expected,)] = rows(
        path,
        """
        select count(*) filter (where not is_symmetric) + count(distinct case when is_symmetric then (
            article_id, event_type, evidence_start, least(source_country, target_country),
            greatest(source_country, target_country)) end)
        from events where source_country is not null""",
    )
    assert result.files["events.jsonl"] == expected
    _export(path, tmp_path / "parquet", "parquet")
    assert (
        rows(
            path,
            f"select count(*) from read_parquet('{tmp_path / 'parquet' / 'events.parquet'}') "
            "where source_country = 'PRK'",
        )[0][0]
        >= 1
    )
