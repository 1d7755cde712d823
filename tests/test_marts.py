"""The public models: every column documented once in warehouse/schema.yml, and its checks hold."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import duckdb
import pytest
import yaml

from cluster_pages import ROOT, art, at, ev, load, rows, seed_warehouse, snapshot
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.marts import (
    build_tables,
    mart_tables,
    public_models,
    table_names,
    view_names,
)

SCHEMA = ROOT / "warehouse" / "schema.yml"
KNOWN_TESTS = {"unique", "not_null", "accepted_values", "relationships"}
MIN_README_EXAMPLES = 10  # the README's `dipwatch sql` examples (5 on events, 5 on the marts)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_marts", ROOT / "bench" / "marts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def schema() -> dict:
    """warehouse/schema.yml, parsed."""
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> str:
    """20,000 synthetic events (the benchmark's generator), clustered, marts built."""
    path = str(tmp_path_factory.mktemp("synthetic") / "wh.duckdb")
    bench = _bench()
    with db.writer(path) as con:
        bench.fill(con, 20_000)
        con.execute("begin transaction")
        from dipwatch.warehouse.marts import refresh_marts

        refresh_marts(con)
        con.execute("commit")
    return path


@pytest.fixture(scope="module")
def seed(prefect_harness, tmp_path_factory) -> str:
    """The bundled sample feed through the real pipeline."""
    return str(seed_warehouse(tmp_path_factory.mktemp("seed") / "wh.duckdb"))


def _models(schema: dict) -> dict[str, dict]:
    return {m["name"]: m for m in schema["models"]}


def _columns(path: str, model: str) -> list[str]:
    con = duckdb.connect(path, read_only=True)
    try:
        return [r[0] for r in con.execute(f"describe {model}").fetchall()]
    finally:
        con.close()


def _checks(schema: dict) -> list[tuple[str, str, str]]:
    """(model, description, failing-rows SQL) for every check in schema.yml."""
    out = []
    for model in schema["models"]:
        name = model["name"]
        for test in model.get("tests", []):
            ((kind, args),) = test.items()
            assert kind == "unique_combination_of_columns", f"{name}: unknown model test {kind}"
            cols = ", ".join(args["combination_of_columns"])
            out.append(
                (
                    name,
                    f"unique ({cols})",
                    f"select {cols} from {name} group by all having count(*) > 1",
                )
            )
        for col in model["columns"]:
            c = col["name"]
            for test in col.get("tests", []):
                kind, args = (test, {}) if isinstance(test, str) else next(iter(test.items()))
                assert kind in KNOWN_TESTS, f"{name}.{c}: unknown test {kind}"
                if kind == "unique":
                    sql = f"select {c} from {name} where {c} is not null group by {c} having count(*) > 1"
                elif kind == "not_null":
                    sql = f"select * from {name} where {c} is null"
                elif kind == "accepted_values":
                    values = ", ".join(repr(v) for v in args["values"])
                    sql = f"select {c} from {name} where {c} not in ({values})"
                else:
                    sql = (
                        f"select m.{c} from {name} m anti join {args['to']} r "
                        f"on r.{args['field']} = m.{c} where m.{c} is not null"
                    )
                out.append((name, f"{c}: {kind}", sql))
    return out


# ---------------------------------------------------------------- documentation


def test_schema_documents_every_public_model(schema):
    documented = list(_models(schema))
    assert sorted(documented) == sorted(public_models())
    assert len(documented) == len(set(documented)), "a model is documented twice"
    for model in schema["models"]:
        assert model.get("description"), f"{model['name']} has no description"
        kind = "view" if model["name"] in view_names() else "table"
        assert model["config"]["materialized"] == kind, model["name"]
        for col in model["columns"]:
            assert col.get("description", "").strip(), (
                f"{model['name']}.{col['name']} has no description"
            )


@pytest.mark.slow
@pytest.mark.parametrize("warehouse", ["seed", "synthetic"])
def test_schema_lists_exactly_the_columns_of_each_public_model(schema, warehouse, request):
    path = request.getfixturevalue(warehouse)
    for name, model in _models(schema).items():
        documented = [c["name"] for c in model["columns"]]
        actual = _columns(path, name)
        assert len(documented) == len(set(documented)), f"{name}: a column is documented twice"
        assert set(actual) - set(documented) == set(), f"{name}: undocumented columns"
        assert set(documented) - set(actual) == set(), (
            f"{name}: documented columns that do not exist"
        )


@pytest.mark.slow
@pytest.mark.parametrize("warehouse", ["seed", "synthetic"])
def test_schema_checks_hold(schema, warehouse, request):
    path = request.getfixturevalue(warehouse)
    failures = []
    checks = _checks(schema)
    assert len(checks) > 60
    for model, what, sql in checks:
        bad = rows(path, f"select count(*) from ({sql})")[0][0]
        if bad:
            failures.append(f"{model}.{what}: {bad} failing rows")
    assert not failures, "\n".join(failures)


def test_each_mart_is_a_chain_of_ctes_ending_in_final():
    for folder in ("marts", "marts_tables"):
        for path in sorted((ROOT / "warehouse" / "models" / folder).glob("*.sql")):
            sql = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
            assert re.search(r"\bfinal as \(", sql), path.name
            assert re.search(r"select \* from final\s*(order by [^;]*)?;?\s*$", sql), path.name


# ---------------------------------------------------------------- the dyad question


def _readme_examples() -> list[str]:
    """The queries of every `dipwatch sql "..."` command in the README's sh/bash blocks."""
    readme = ROOT / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines() if readme.exists() else []
    blocks, current, lang = [], [], None
    for line in lines:
        fence = re.match(r"\s*```(\w*)", line)
        if fence and lang is None:
            lang, current = fence.group(1) or "-", []
        elif fence:
            if lang in ("sh", "bash"):
                blocks.append("\n".join(current))
            lang = None
        elif lang is not None:
            current.append(line)
    found = []
    for block in blocks:
        tokens = shlex.split(block, comments=True)
        for i in range(len(tokens) - 2):
            if tokens[i] == "dipwatch" and tokens[i + 1] == "sql":
                found.append(tokens[i + 2])
    return found


def _mart_examples() -> list[str]:
    """The README examples that read the marts or `clusters` (its "Clusters and marts" part)."""
    models = "|".join([*table_names(), "clusters"])
    return [
        sql
        for sql in _readme_examples()
        if re.search(rf"\b(from|join)\s+({models})\b", sql, flags=re.IGNORECASE)
    ]


def test_the_readme_examples_are_found():
    assert len(_readme_examples()) >= MIN_README_EXAMPLES
    assert len(_mart_examples()) >= 5


@pytest.mark.slow
def test_readme_sql_examples_run(seed):
    examples = _readme_examples()
    assert len(examples) >= MIN_README_EXAMPLES
    con = duckdb.connect(seed, read_only=True)
    try:
        for sql in examples:
            con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_mart_examples_answer_the_prk_rus_question(seed):
    examples = _mart_examples()
    con = duckdb.connect(seed, read_only=True)
    try:
        results = {sql: con.execute(sql).fetchall() for sql in examples}
    finally:
        con.close()
    empty = [sql for sql, found in results.items() if not found]
    assert not empty, f"examples returned no rows on the seed warehouse: {empty}"
    # the first two on dyad_daily: week by week, then who does what to whom
    weekly, who = [found for sql, found in results.items() if "from dyad_daily" in sql][:2]
    assert sum(r[1] for r in weekly) >= 3  # the seed article's visit, aid and cooperation
    assert any(r[0] == "PRK" and r[2] == "CONSULT" for r in who)


# ---------------------------------------------------------------- materialization


def test_marts_are_refreshed_incrementally_and_match_a_full_rebuild(synthetic, tmp_path):
    path = str(tmp_path / "wh.duckdb")
    Path(path).write_bytes(Path(synthetic).read_bytes())
    bench = _bench()
    with db.writer(path) as con:
        bench.add_recent(con, 500)
        con.execute("begin transaction")
        from dipwatch.warehouse.marts import refresh_marts

        stats = refresh_marts(con, build_views=False)
        con.execute("commit")
        modes = dict(con.execute("select name, mode from raw.mart_builds").fetchall())
    assert stats.assigned == 500 and stats.touched
    assert modes == {
        "event_feed": "incremental",
        "event_map": "incremental",
        "dyad_daily": "incremental",
        "country_activity": "incremental",
    }
    incremental = snapshot(path)
    assert set(incremental) >= {t.name for t in mart_tables() if t.incremental_key}
    assert all(incremental.values())
    with db.writer(path) as con:
        con.execute("begin transaction")
        assert set(build_tables(con, None).values()) == {"full"}
        con.execute("commit")
    assert snapshot(path) == incremental


def test_tables_are_rebuilt_only_when_needed(tmp_path, monkeypatch):
    path = str(tmp_path / "wh.duckdb")
    load(path, [(art("a1", at("2024-03-04")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")])])
    names = [t.name for t in mart_tables()]

    def build(changed):
        with db.writer(path) as con:
            con.execute("begin transaction")
            modes = build_tables(con, changed)
            con.execute("commit")
        return [modes[n] for n in names]

    assert build([]) == ["unchanged"] * 4
    assert build(["c-nothing"]) == ["incremental"] * 4
    import dipwatch.warehouse.marts

    monkeypatch.setattr(dipwatch.warehouse.marts, "models_fingerprint", lambda: "edited")
    assert build([]) == ["full"] * 4
    monkeypatch.undo()
    assert build([]) == ["full"] * 4
    assert build([]) == ["unchanged"] * 4
    # a dropped table comes back, and the tables built from it are rebuilt
    with db.writer(path) as con:
        con.execute("drop table dyad_daily")
    assert build([]) == ["unchanged", "unchanged", "full", "full"]
    assert rows(path, "select count(*) from dyad_daily") == [(1,)]


def test_existing_relations(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    with db.writer(path) as con:
        con.execute("create table t1 (x int)")
        con.execute("create temp table t2 (x int)")  # not in the warehouse file
        tables = db.existing_relations(con)
        everything = db.existing_relations(con, include_views=True)
    assert "t1" in tables and "t2" not in tables and "events" not in tables
    assert {"t1", "events", "clusters", "articles"} <= everything and "t2" not in everything
    with db.reader(path) as con:
        assert db.existing_relations(con, include_views=True) == everything


def test_bench_never_overwrites_an_existing_warehouse(tmp_path, capsys):
    path = tmp_path / "real.duckdb"
    path.write_bytes(b"precious")
    assert _bench().main(["--db", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "exists" in err
    assert path.read_bytes() == b"precious"
