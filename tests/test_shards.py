"""Sharded refresh: shard keys, the stage's files, shards that resume, a loader that loads each
staged batch once, and the same warehouse as one process (`tests/test_shards_workers.py` runs
it on a work pool with two workers)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from cluster_pages import rows
from dipwatch.config import Settings, load_settings
from dipwatch.models import Article, Event
from dipwatch.shards import stage as st
from dipwatch.shards.keys import host_key, limit_name, shard_of
from dipwatch.shards.load import load_stage
from dipwatch.shards.plan import plan_refresh
from dipwatch.shards.work import Steps, work_shard
from dipwatch.warehouse import loads
from dipwatch.warehouse.loads import ErrorRow
from shard_pages import Outlets, state


def test_a_host_keeps_its_shard_whatever_the_path_and_the_process():
    a = "https://News.Example.org/world/1.html"
    assert host_key(a) == "news.example.org"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_key("http://[::1]:99999/x") == "" == host_key(None)  # malformed, none
    assert shard_of(a, 4) == shard_of("http://news.example.org/other?q=1", 4)
    # sha1, not hash(): the same in every process (PYTHONHASHSEED differs between them)
    assert (
        shard_of(a, 4)
        == int.from_bytes(__import__("hashlib").sha1(b"news.example.org").digest()[:8], "big") % 4
    )
    assert shard_of(a, 1) == 0
    hosts = [f"https://site{i}.example/a" for i in range(400)]
    counts = [sum(shard_of(h, 4) == s for h in hosts) for s in range(4)]
    assert min(counts) > 60  # spread over every shard
    assert limit_name("news.example.org") == "host:news.example.org"


def _event() -> Event:
    """An event with every field set (the stage must keep them all)."""
    return Event(
        event_type="AID",
        source_country="JPN",
        target_country="IDN",
        evidence="Japan agreed to lend Indonesia $2.5 billion.",
        evidence_start=3,
        evidence_end=48,
        event_mode="loan",
        source_actor="Japan",
        target_actor="Indonesia",
        source_how="name",
        symmetric=True,
        event_date=dt.date(2024, 3, 8),
        date_precision="day",
        date_text="on Friday",
        location_name="Jakarta",
        location_kind="city",
        location_country="IDN",
        latitude=-6.2,
        longitude=106.8,
        amount_usd=2.5e9,
        amount_text="$2.5 billion",
        cameo_code="0234",
        goldstein=7.4,
        quad_class=2,
        confidence=0.91,
        trigger="lend",
        coder="rules",
        coder_version="rules-1",
        rules=["trigger:lend", "role:obj"],
    )


def test_a_staged_batch_reads_back_as_written(tmp_path):
    when = dt.datetime(2024, 3, 5, 10, tzinfo=dt.UTC)
    art = Article(
        url="https://a.example/1",
        text="Japan agreed to lend Indonesia $2.5 billion.",
        title="Loan",
        canonical_url="https://a.example/canon",
        authors=["A. Writer", "B. Writer"],
        published_at=when,
        language="en",
        description="d",
        site_name="A",
        feed_url="https://a.example/feed",
        content_hash="abc",
    )
    batch = st.StagedBatch("20240305T100000Z-abc", 1, 3, 7)
    batch.articles = [st.StagedArticle(4, art, [_event(), _event()], when, '"e"', "lm", "f")]
    batch.errors = [ErrorRow("https://a.example/2", "fetch", "HTTP 404", "feed", when)]
    batch.entries = [("https://a.example/1", "fp")]
    batch.extracted = ["https://a.example/1"]
    batch.counts = {"pages": 2, "failed": 1}
    folder = st.write_batch(tmp_path, batch)
    assert folder == tmp_path / "shard-1-of-3" / "batch-00007"
    back = st.read_batch(folder)
    assert back == batch
    assert back.batch_id == "20240305T100000Z-abc/shard-1-of-3/batch-00007"
    assert st.write_batch(tmp_path, batch) is None  # written once: a second copy is dropped
    assert not list(st.tmp_leftovers(tmp_path))


def _settings(tmp_path: Path, feed: str, name: str = "wh", **more) -> Settings:
    values = {"db": str(tmp_path / f"{name}.duckdb"), "respect_robots": False, "retries": 0}
    return load_settings(values | more, feeds=[feed], environ={})


def _shards(folder: Path, shards: int = 2, steps: Steps | None = None) -> None:
    for shard in range(shards):
        work_shard(folder, shard, shards, steps)


def test_a_plan_is_for_its_shard_count_and_a_shard_finds_the_newest_plan(tmp_path):
    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed, stream_batch_size=2)
        plan = plan_refresh(settings, tmp_path / "stage", 2)
    folder = tmp_path / "stage" / plan.refresh
    assert sum(plan.entries_by_shard) == len(outlets.items)
    assert all(plan.entries_by_shard)
    assert st.latest_plan(tmp_path / "stage", 1, 2) == folder
    entries = st.plan_entries(folder, 1)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert {shard_of(e.entry.link, 2) for e in entries} == {1}
    with pytest.raises(st.StageError, match="planned for 2 shards, not 3"):
        work_shard(folder, 0, 3)
    with pytest.raises(st.StageError, match="shard 2 does not exist"):
        work_shard(folder, 2, 2)
    with pytest.raises(st.StageError, match="no plan in"):
        st.latest_plan(tmp_path / "stage", 0, 3)
    st.mark_done(folder, 1, 2, 0, {})
    with pytest.raises(st.StageError, match="waits for shard 1 of 2"):
        st.latest_plan(tmp_path / "stage", 1, 2)
    assert rows(settings.db, "select status from raw.runs") == [("running",)]


def test_a_shard_run_again_skips_the_batches_it_wrote(tmp_path):
    fetched: list[str] = []

    def counting_fetch(settings, entries, conditional, robots):
        fetched.extend(e.link for e in entries)
        return Steps().fetch(settings, entries, conditional, robots)

    calls = []

    def dies_in_batch_two(settings, articles):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return Steps().code(settings, articles)

    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed, stream_batch_size=2, batch_size=2)
        plan = plan_refresh(settings, tmp_path / "stage", 2)
        folder = tmp_path / "stage" / plan.refresh
        with pytest.raises(RuntimeError, match="killed"):
            work_shard(folder, 0, 2, Steps(fetch=counting_fetch, code=dies_in_batch_two))
        assert [p.name for p in st.staged_batches(folder)] == ["batch-00000"]
        assert st.done_batches(folder, 0, 2) is None
        first = list(fetched)
        fetched.clear()
        again = work_shard(folder, 0, 2, Steps(fetch=counting_fetch))
    assert again.written == again.batches - 1
    assert not set(fetched) & set(first[:2])  # batch 0's pages were not fetched again
    assert st.done_batches(folder, 0, 2) == again.batches
    assert not list(st.tmp_leftovers(folder))


def test_a_host_with_a_global_limit_is_fetched_inside_its_slot(tmp_path):
    inside: list[str] = []
    outside: list[str] = []
    held: list[str] = []

    @contextmanager
    def slot(host, timeout):
        held.append(host)
        try:
            yield
        finally:
            held.pop()

    def fetch(settings, entries, conditional, robots):
        for e in entries:
            (inside if held and host_key(e.link) == held[-1] else outside).append(e.link)
        return Steps().fetch(settings, entries, conditional, robots)

    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed)
        plan = plan_refresh(settings, tmp_path / "stage", 1)
        folder = tmp_path / "stage" / plan.refresh
        limited = host_key(outlets.other.base_url)
        work_shard(folder, 0, 1, Steps(fetch=fetch, limited_hosts={limited}, host_slot=slot))
    assert inside and all(host_key(u) == limited for u in inside)
    assert outside and all(host_key(u) != limited for u in outside)


def test_a_host_whose_slot_never_frees_up_is_left_for_the_next_refresh(tmp_path):
    @contextmanager
    def busy(host, timeout):
        raise TimeoutError
        yield

    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed)
        plan = plan_refresh(settings, tmp_path / "stage", 1)
        folder = tmp_path / "stage" / plan.refresh
        limited = host_key(outlets.other.base_url)
        result = work_shard(folder, 0, 1, Steps(limited_hosts={limited}, host_slot=busy))
        load_stage(tmp_path / "stage", settings)
    other = sum(host_key(link) == limited for _, link, _ in outlets.items)
    assert result.counts["deferred"] == other
    assert rows(
        settings.db,
        "select count(*) from raw.articles where url like ?",
        [outlets.other.base_url + "%"],
    ) == [(0,)]
    errors = rows(settings.db, "select error from raw.ingest_errors where stage = 'limit'")
    assert len(errors) == 1 and f"{other} pages or articles left" in errors[0][0]


def test_each_batch_is_loaded_once_and_a_crashed_load_loses_nothing(tmp_path, monkeypatch):
    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed, "crashed", stream_batch_size=2)
        plan = plan_refresh(settings, tmp_path / "stage", 2)
        _shards(tmp_path / "stage" / plan.refresh)
    shutil.copytree(tmp_path / "stage", tmp_path / "copy")
    whole = settings.model_copy(update={"db": str(tmp_path / "whole.duckdb")})
    done = load_stage(tmp_path / "copy", whole)  # into a warehouse that never saw the plan
    batches = done.batches_loaded
    assert batches > 2 and done.completed == [plan.refresh] and done.removed == [plan.refresh]

    real, calls = loads.load, []

    def dies_in_the_third_load(con, batch, after=None):
        calls.append(1)
        if len(calls) == 3:
            after_ = after

            def crash(c):
                after_(c)  # marts and the batch's record written, then the process dies
                raise RuntimeError("killed")

            return real(con, batch, after=crash)
        return real(con, batch, after=after)

    monkeypatch.setattr(loads, "load", dies_in_the_third_load)
    with pytest.raises(RuntimeError, match="killed"):
        load_stage(tmp_path / "stage", settings)
    monkeypatch.undo()
    assert rows(settings.db, "select count(*) from raw.staged_batches") == [(2,)]
    assert rows(settings.db, "select status from raw.runs") == [("running",)]
    assert rows(settings.db, "select count(*) from raw.feeds") == [(0,)]  # states come last

    again = load_stage(tmp_path / "stage", settings, keep=True)
    assert (again.batches_loaded, again.batches_skipped) == (batches - 2, 2)
    assert again.completed == [plan.refresh]
    third = load_stage(tmp_path / "stage", settings)  # nothing left: the folder goes
    assert (third.batches_loaded, third.completed, third.removed) == (0, [], [plan.refresh])
    assert not (tmp_path / "stage" / plan.refresh).exists()
    mine = state(settings.db)
    assert mine == state(whole.db)
    status, feeds, failed, seen, new, updated, unchanged, failures, events = mine["runs"][0]
    assert (status, feeds, failed, seen) == ("completed", 1, 0, len(outlets.items))
    assert (new, updated, unchanged) == (len(mine["articles"]), 0, len(mine["aliases"]))
    assert (failures, events) == (1, len(mine["events"]))  # the missing page
    ids = rows(settings.db, "select batch_id from raw.staged_batches order by 1")
    assert len(ids) == batches + 1 and (f"{plan.refresh}/final",) in ids


def test_a_batch_loaded_into_a_failed_run_leaves_it_failed_and_its_folder_goes_later(tmp_path):
    with Outlets() as outlets:
        settings = _settings(tmp_path, outlets.feed)
        plan = plan_refresh(settings, tmp_path / "stage", 1)
        _shards(tmp_path / "stage" / plan.refresh, 1)
    from dipwatch.warehouse import connection as db

    with db.writer(settings.db) as con:
        con.execute("update raw.runs set status = 'failed', finished_at = now()")
    st.shard_dir(tmp_path / "stage" / plan.refresh, 0, 1).joinpath(st.DONE).unlink()
    (tmp_path / "stage" / "lost+found").mkdir()  # a mount's own folder is not a refresh
    out = load_stage(tmp_path / "stage", settings)
    assert out.batches_loaded == 1 and out.waiting == [plan.refresh]
    assert rows(
        settings.db, "select status, finished_at is not null, articles_new > 0 from raw.runs"
    ) == [("failed", True, True)]
    # hours later no shard of it can still write: once loaded, its folder goes
    plan_json = tmp_path / "stage" / plan.refresh / st.PLAN_JSON
    data = json.loads(plan_json.read_text())
    data["started_at"] = (plan.started_at - dt.timedelta(hours=3)).isoformat()
    plan_json.write_text(json.dumps(data))
    out = load_stage(tmp_path / "stage", settings)
    assert (out.batches_skipped, out.waiting, out.removed) == (1, [], [plan.refresh])
    assert [p.name for p in (tmp_path / "stage").iterdir()] == ["lost+found"]


@pytest.mark.slow
def test_a_sharded_refresh_gives_the_warehouse_of_one_process(prefect_harness, tmp_path):
    """Two rounds (the second updates a story and adds one), shards and loader in process;
    the same rows but for how clusters group the reports (see shard_pages.BY_LOAD_ORDER)."""
    from dipwatch.flows.refresh import refresh
    from dipwatch.flows.shards import refresh_sharded

    from dipwatch.config import RefreshSettings

    def settings(name: str, size: int) -> RefreshSettings:
        return RefreshSettings(
            db=str(tmp_path / f"{name}.duckdb"),
            respect_robots=False,
            retries=0,
            stream_batch_size=size,
        )

    stage = str(tmp_path / "stage")
    with Outlets() as outlets:
        for _ in range(2):
            one = refresh(settings=settings("one", 0), feeds=[outlets.feed])
            many = refresh_sharded(
                stage=stage,
                shards=2,
                settings=settings("many", 2),
                feeds=[outlets.feed],
                shard_deployment="",
                loader_deployment="",
            )
            for key in ("articles_new", "articles_updated", "articles_unchanged", "duplicates"):
                assert many[key] == one[key], key
            assert many["events_by_type"] == one["events_by_type"]
            outlets.update()
    assert (one["articles_new"], one["articles_updated"]) == (1, 1)  # round two
    many, one = (
        state(str(tmp_path / "many.duckdb"), False),
        state(str(tmp_path / "one.duckdb"), False),
    )
    assert many == one
    assert len(one["clustered"]) == len(one["events"]) > 20
    assert list(Path(stage).iterdir()) == []  # loaded refreshes leave the stage


@pytest.mark.slow
def test_a_failed_shard_fails_the_refresh_keeps_what_loaded_and_the_next_one_completes(
    prefect_harness, tmp_path, monkeypatch
):
    import dipwatch.flows.shards as flows

    from dipwatch.config import RefreshSettings

    real = flows.work_shard

    def shard_one_dies(folder, shard, of, steps=None):
        if shard == 1:
            raise RuntimeError("machine lost")
        return real(folder, shard, of, steps)

    db_path = str(tmp_path / "wh.duckdb")
    given = RefreshSettings(db=db_path, respect_robots=False, retries=0)
    run = dict(stage=str(tmp_path / "stage"), shards=2, settings=given)
    with Outlets() as outlets:
        monkeypatch.setattr(flows, "work_shard", shard_one_dies)
        ended = flows.refresh_sharded(
            **run,
            feeds=[outlets.feed],
            shard_deployment="",
            loader_deployment="",
            return_state=True,
        )
        monkeypatch.undo()
        assert ended.is_failed() and "shard 1 ended Failed" in ended.message
        status, error = rows(db_path, "select status, summary->>'error' from raw.runs")[0]
        assert status == "failed" and "what was loaded stays" in error
        first = {u for (u,) in rows(db_path, "select url from raw.articles")}
        assert first and all(shard_of(u, 2) == 0 for u in first)  # shard 0's batches are in
        assert rows(db_path, "select count(*) from raw.feeds") == [(0,)]  # polled again next
        again = flows.refresh_sharded(
            **run, feeds=[outlets.feed], shard_deployment="", loader_deployment=""
        )
    assert again["articles_unchanged"] >= len(first) and again["articles_new"] > 0
    assert rows(db_path, "select status from raw.runs order by started_at") == [
        ("failed",),
        ("completed",),
    ]


def test_plan_shard_and_load_staged_from_the_command_line(tmp_path, monkeypatch, capsys):
    import dipwatch.app.shards as cmds
    from dipwatch.app.cli import main

    monkeypatch.setattr(cmds, "_api", lambda: None)  # no Prefect: the steps in this process
    monkeypatch.chdir(tmp_path)
    stage, db_path = str(tmp_path / "stage"), str(tmp_path / "wh.duckdb")
    with Outlets() as outlets:
        plan = ["plan", "--stage", stage, "--shards", "2", "--feed", outlets.feed, "--db", db_path]
        assert main([*plan, "--no-respect-robots", "--retries", "0"]) == 0
        assert "next: `dipwatch shard --stage" in capsys.readouterr().out
        assert main(["shard", "--stage", stage, "--shard", "1", "--of", "2"]) == 0
        assert main(["shard", "--stage", stage, "--shard", "1", "--of", "2"]) == 2
        assert "no plan in" in capsys.readouterr().err  # shard 1 is done
        assert main(["load-staged", stage, "--db", db_path]) == 0
        assert "1 waiting for shards" in capsys.readouterr().out
        assert main(["shard", "--stage", stage, "--shard", "0", "--of", "3"]) == 2
        assert "waits for shard 0 of 3" in capsys.readouterr().err
        assert main(["shard", "--stage", stage, "--shard", "0", "--of", "2"]) == 0
        assert main(["load-staged", stage, "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert "1 refreshes completed" in out
    assert rows(db_path, "select status from raw.runs") == [("completed",)]
    assert main(["load-staged", str(tmp_path / "nowhere"), "--db", db_path]) == 2
    assert capsys.readouterr().err.strip() == (
        f"dipwatch load-staged: no staging directory at {tmp_path / 'nowhere'}"
    )


def test_the_sharded_deployments_validate_and_the_loader_runs_one_at_a_time():
    import yaml
    from dipwatch.flows.shards import (
        LOADER_DEPLOYMENT,
        SHARD_DEPLOYMENT,
        load_staged,
        refresh_shard,
        refresh_sharded,
    )

    root = Path(__file__).resolve().parents[1]
    deployments = yaml.safe_load((root / "prefect.yaml").read_text())["deployments"]
    by_entry = {d["entrypoint"]: d for d in deployments}
    flows = {
        "flows/shards.py:refresh_sharded": refresh_sharded,
        "flows/shards.py:refresh_shard": refresh_shard,
        "flows/shards.py:load_staged": load_staged,
    }
    for entry, fn in flows.items():
        d = by_entry[entry]
        params = fn.validate_parameters(d["parameters"])
        assert params["stage"] == "/srv/dipwatch-stage"
        assert d["work_pool"]["work_queue_name"] == (
            "shards" if fn is refresh_shard else "warehouse"
        )
    assert by_entry["flows/shards.py:load_staged"]["concurrency_limit"] == 1
    parent = by_entry["flows/shards.py:refresh_sharded"]
    assert parent["schedules"][0]["active"] is False  # not beside refresh/scheduled by default
    # the names the parent starts by default
    shard = by_entry["flows/shards.py:refresh_shard"]["name"]
    loader = by_entry["flows/shards.py:load_staged"]["name"]
    assert f"{refresh_shard.name}/{shard}" == SHARD_DEPLOYMENT
    assert f"{load_staged.name}/{loader}" == LOADER_DEPLOYMENT
