"""The real refresh flow against a local HTTP server: bad input is recorded, nothing is lost."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import logging
import os
from pathlib import Path

import duckdb
import pytest

from localserver import LocalServer, Reply, local_server_fixture  # noqa: F401
from pages import LOAN, SANCTIONS, VISIT, WEATHER, page, rss

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
FAST = dict(
    total_timeout=3.0,
    read_timeout_http=1.0,
    connect_timeout=1.0,
    retries=1,
    backoff=0.01,
    max_page_bytes=200_000,
    max_redirects=3,
    lock_timeout=20.0,
    respect_robots=True,
)


def _serve_world(srv: LocalServer) -> dict[str, str]:
    """Feeds and pages covering every kind of bad input the issue lists."""
    u = srv.url
    srv.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    srv.route(
        "/a/sanctions.html",
        Reply(
            body=page(
                "EU sanctions Iran",
                SANCTIONS + ["Josep Borrell — the bloc’s chief — called it a signal."],
                charset="windows-1252",
            ).encode("cp1252"),
            content_type="text/html; charset=windows-1252",
        ),
    )
    srv.route(
        "/a/loan.html",
        Reply(
            body=page("Japan lends Indonesia", LOAN + ["Слово: заём."], charset="koi8-r").encode(
                "koi8_r"
            ),
            content_type="text/html",
        ),
    )
    srv.route(
        "/a/loan2.html",
        Reply.html(
            page(
                "Japan loan follow-up",
                [s.replace("Friday", "Saturday") for s in LOAN[:2]]
                + ["Analysts said the rail line would ease traffic in the Indonesian capital."],
            )
        ),
    )
    srv.route("/a/nodate.html", Reply.html(page("Storm floods coast", WEATHER)))
    srv.route("/a/loop.html", Reply.redirect("/a/loop2.html"))
    srv.route("/a/loop2.html", Reply.redirect("/a/loop.html"))
    srv.route("/a/doc.pdf", Reply(body=b"%PDF-1.4 not html", content_type="application/pdf"))
    srv.route("/a/huge.html", Reply(body=b"<html><body>" + b"x" * 65536, repeat=8, chunked=True))
    srv.route("/a/empty.html", Reply(body=b""))
    good = rss(
        [
            ("Xi arrives in Moscow", u("/a/visit.html"), T0),
            ("EU sanctions Iran", u("/a/sanctions.html"), T0),
            ("Japan lends Indonesia", u("/a/loan.html"), T0),
            ("Missing page", u("/a/missing.html"), T0),
            ("Redirect loop", u("/a/loop.html"), T0),
            ("A PDF", u("/a/doc.pdf"), T0),
            ("Too big", u("/a/huge.html"), T0),
            ("Empty", u("/a/empty.html"), T0),
            ("No link at all", None, T0),
            ("Storm floods coast", u("/a/nodate.html"), None),
            ("Local file", "file:///etc/passwd", T0),
            ("FTP", "ftp://127.0.0.1/x.html", T0),
            ("Data", "data:text/html,<p>hi</p>", T0),
        ]
    )
    srv.route("/good.xml", Reply.xml(good))
    srv.route("/second.xml", Reply.xml(rss([("Xi arrives in Moscow", u("/a/visit.html"), T0)])))
    srv.route("/slow.xml", Reply.xml(rss([]), delay=4))
    srv.route("/html.xml", Reply.html("<html><body><h1>Not a feed</h1><p>Hello</p></body></html>"))
    broken = rss([("Japan loan follow-up", u("/a/loan2.html"), T0)]).replace(
        "</channel></rss>", "<item><title>cut"
    )
    srv.route("/broken.xml", Reply.xml(broken))
    return {
        name: u(f"/{name}.xml") for name in ("good", "second", "missing", "slow", "html", "broken")
    }


def _rows(db: str, sql: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _run(feeds: dict[str, str], db: str, **given) -> dict:
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    settings = RefreshSettings(db=db, **FAST, **given)
    return refresh(settings=settings, feeds=list(feeds.values()))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_bad_input_is_recorded_and_good_articles_load(prefect_harness, local_server, tmp_path):
    feeds = _serve_world(local_server)
    db = str(tmp_path / "wh.duckdb")
    caplog = _Records()
    logging.getLogger("dipwatch").addHandler(caplog)
    try:
        summary = _run(feeds, db)
    finally:
        logging.getLogger("dipwatch").removeHandler(caplog)
    u = local_server.url

    loaded = {r[0] for r in _rows(db, "select article_url from articles")}
    assert loaded == {
        u("/a/visit.html"),
        u("/a/sanctions.html"),
        u("/a/loan.html"),
        u("/a/loan2.html"),
        u("/a/nodate.html"),
    }
    # the same article in two feeds is fetched once and stored once
    assert local_server.hits("/a/visit.html") == 1

    errors = _rows(db, "select url, stage, error from raw.ingest_errors order by stage, url")
    by_stage: dict[str, set[str]] = {}
    for url, stage, _ in errors:
        by_stage.setdefault(stage, set()).add(url)
    assert by_stage["feed"] == {feeds["missing"], feeds["slow"], feeds["html"], feeds["broken"]}
    assert by_stage["fetch"] == {
        u("/a/missing.html"),
        u("/a/loop.html"),
        u("/a/doc.pdf"),
        u("/a/huge.html"),
        u("/a/empty.html"),
    }
    # no link, file:, ftp:, data:, and the truncated item of the malformed feed (it has no link)
    assert len(by_stage["entry"]) == 5
    assert {url.split(":")[0] for url in by_stage["entry"]} == {"file", "ftp", "data", "http"}
    assert not any(
        url.startswith(("file:", "ftp:")) and "passwd" in url and stage == "fetch"
        for url, stage, _ in errors
    )
    messages = {url: err for url, _, err in errors}
    assert "404" in messages[u("/a/missing.html")]
    assert "redirect" in messages[u("/a/loop.html")].lower()
    assert "html" in messages[u("/a/doc.pdf")].lower()
    assert "exceeds" in messages[u("/a/huge.html")]
    assert "404" in messages[feeds["missing"]]
    # one log line per failure
    for url, stage, _ in errors:
        key = url if "#entry-" not in url else url.split("#")[0] + ": entry #" + url.split("-")[-1]
        lines = [
            r
            for r in caplog.records
            if key in r.getMessage() and (stage != "feed" or "refused" not in r.getMessage())
        ]
        assert len(lines) == 1, (url, [r.getMessage() for r in lines])
    # the non-UTF-8 pages decoded
    text = dict(_rows(db, "select article_url, body_text from articles"))
    assert "Borrell — the bloc’s chief" in text[u("/a/sanctions.html")]
    assert "Слово" in text[u("/a/loan.html")]
    # the undated entry took the page's date
    assert summary["articles_failed"] == 5
    assert summary["events"] > 0
    runs = _rows(db, "select status, articles_new, articles_failed from raw.runs")
    assert runs == [("completed", 5, 5)]
    # the URL each page was read from is recorded (no redirects here: the link itself)
    assert (
        _rows(db, "select url, final_url from raw.articles where final_url is distinct from url")
        == []
    )


def test_rerun_adds_no_rows_and_a_changed_article_is_updated(
    prefect_harness, local_server, tmp_path
):
    feeds = _serve_world(local_server)
    db = str(tmp_path / "wh.duckdb")
    _run(feeds, db)
    counts = "select (select count(*) from articles), (select count(*) from events), (select count(*) from raw.ingest_errors)"
    before = _rows(db, counts)
    ids_before = _rows(db, "select event_id from events order by 1")
    second = _run(feeds, db)
    assert _rows(db, counts) == before
    assert _rows(db, "select event_id from events order by 1") == ids_before
    assert second["articles_new"] == 0
    # failed pages wait for their backoff (page_retry_backoff): not fetched again at once
    assert _rows(db, "select max(attempts) from raw.ingest_errors where stage = 'fetch'") == [(1,)]

    # the visit story is rewritten and its feed date moves: the article is updated, its events replaced
    u = local_server.url
    local_server.route(
        "/a/visit.html",
        Reply.html(
            page(
                "Xi and Putin sign deals",
                [
                    "MOSCOW (Reuters) - Chinese President Xi Jinping and Russian President Vladimir Putin signed "
                    "an agreement on energy cooperation in Moscow on Tuesday, the Kremlin said.",
                    "Russia also agreed to supply more gas to China under a new long-term contract.",
                ],
            )
        ),
    )
    later = T0 + dt.timedelta(days=1)
    local_server.route(
        "/good.xml", Reply.xml(rss([("Xi and Putin sign deals", u("/a/visit.html"), later)]))
    )
    third = _run({"good": feeds["good"]}, db)
    assert third["articles_updated"] == 1
    rows = _rows(
        db, f"select event_type, evidence from events where article_url = '{u('/a/visit.html')}'"
    )
    assert rows and all("arrived in Moscow" not in ev for _, ev in rows)
    assert ("SUPPORT",) in {(t,) for t, _ in rows}
    assert _rows(db, "select count(*) from articles")[0][0] == before[0][0]


def test_failed_load_leaves_warehouse_as_before(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    feeds = _serve_world(local_server)
    db = str(tmp_path / "wh.duckdb")
    _run({"second": feeds["second"]}, db)
    snapshot = _rows(
        db,
        "select (select count(*) from articles), (select count(*) from events), (select count(*) from raw.feeds)",
    )

    import dipwatch.warehouse.marts

    def boom(con, **_kw):
        raise RuntimeError("simulated crash during the load")

    monkeypatch.setattr(dipwatch.warehouse.marts, "refresh_marts", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        _run(feeds, db)
    assert (
        _rows(
            db,
            "select (select count(*) from articles), (select count(*) from events), (select count(*) from raw.feeds)",
        )
        == snapshot
    )
    # the crashed run is marked failed at once, with its error (not left 'running')
    runs = _rows(db, "select status, summary from raw.runs order by started_at")
    assert [status for status, _ in runs] == ["completed", "failed"]
    assert json.loads(runs[1][1]) == {"error": "RuntimeError: simulated crash during the load"}


def test_an_article_the_coder_fails_on_is_recorded_and_the_rest_load(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    from dipwatch.events import engine

    u = local_server.url
    local_server.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    local_server.route("/a/loan.html", Reply.html(page("Japan lends Indonesia", LOAN)))
    local_server.route(
        "/f.xml", Reply.xml(rss([("Xi", u("/a/visit.html"), T0), ("Loan", u("/a/loan.html"), T0)]))
    )
    real = engine.Extractor.extract_many

    def flaky(self, docs):
        if any("Indonesia" in text for text, _ in docs):
            if len(docs) > 1:
                raise RuntimeError("boom")
            raise ValueError("cannot code this article")
        return real(self, docs)

    monkeypatch.setattr(engine.Extractor, "extract_many", flaky)
    db = str(tmp_path / "wh.duckdb")
    summary = _run({"f": u("/f.xml")}, db)
    assert summary["articles_new"] == 2
    assert _rows(db, "select stage, url from raw.ingest_errors") == [("events", u("/a/loan.html"))]
    assert _rows(db, "select count(*) from events where article_url like '%visit.html'")[0][0] > 0


def test_the_flow_takes_the_settings_as_one_parameter_and_none_means_not_given(tmp_path):
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import SETTING_NAMES, RefreshSettings, complete_settings

    params = inspect.signature(refresh.fn).parameters
    assert list(params) == ["settings", "feeds"]
    assert all(p.default is None for p in params.values())
    assert tuple(RefreshSettings.model_fields) == SETTING_NAMES
    assert all(RefreshSettings().model_dump()[name] is None for name in SETTING_NAMES)
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text('[[feeds]]\nurl = "feed.xml"\n\n[settings]\nrespect_robots = false\n')
    not_given = RefreshSettings(feeds_file=str(feeds_file))
    assert complete_settings(not_given).respect_robots is False  # the feeds file's
    given = RefreshSettings(feeds_file=str(feeds_file), respect_robots=True)  # the default, given
    assert complete_settings(given).respect_robots is True


def test_the_settings_parameter_is_a_described_form_in_the_prefect_ui():
    """Prefect's schema of the flow: one `settings` object with every setting and its meaning."""
    from dipwatch.flows.refresh import refresh
    from prefect.utilities.callables import parameter_schema

    from dipwatch.config import SETTING_NAMES, Settings

    schema = parameter_schema(refresh.fn).model_dump()
    assert set(schema["properties"]) == {"settings", "feeds"}
    form = schema["definitions"]["RefreshSettings"]
    assert form["description"] and list(form["properties"]) == list(SETTING_NAMES)
    for name, prop in form["properties"].items():
        assert prop["description"] == Settings.model_fields[name].description, name
        assert prop["default"] is None and {"type": "null"} in prop["anyOf"], name
    kinds = {name: prop["anyOf"][0]["type"] for name, prop in form["properties"].items()}
    assert kinds["retries"] == "integer" and kinds["respect_robots"] == "boolean"
    assert kinds["backoff"] == "number" and kinds["user_agent"] == "string"
    assert form["properties"]["concurrency"]["anyOf"][0]["minimum"] == 1


def test_deployment_parameters_are_validated_as_settings():
    """What a deployment sends (JSON, as in prefect.yaml or the UI form) becomes RefreshSettings."""
    import yaml
    from dipwatch.flows.refresh import refresh
    from prefect.exceptions import ParameterTypeError

    from dipwatch.config import RefreshSettings

    deployments = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    (deployment,) = [d for d in deployments if d["entrypoint"] == "flows/refresh.py:refresh"]
    params = refresh.validate_parameters(deployment["parameters"])
    assert isinstance(params["settings"], RefreshSettings)
    assert params["settings"].db == "warehouse/dipwatch.duckdb"
    assert params["settings"].respect_robots is True and params["settings"].retries is None
    assert refresh.validate_parameters({"settings": {"retries": "2"}})["settings"].retries == 2
    for bad in ({"retries": "many"}, {"concurrency": 0}, {"db_path": "x.duckdb"}):
        with pytest.raises(ParameterTypeError):
            refresh.validate_parameters({"settings": bad})


def test_a_served_run_can_validate_its_settings():
    """`serve` ships the flow to each run's process pickled by value: the types must travel too."""
    import pickle

    import cloudpickle
    from dipwatch.flows.refresh import refresh

    shipped = pickle.loads(cloudpickle.dumps(refresh))
    assert shipped.validate_parameters({"settings": {"retries": 1}})["settings"].retries == 1


def test_the_coder_setting_reaches_the_event_coder(monkeypatch):
    from dipwatch.flows import refresh as flow_module

    from dipwatch.config import Settings, explicit_settings

    seen: list[tuple] = []
    monkeypatch.setattr(
        flow_module,
        "code_events",
        lambda articles, coder, max_text_chars, max_events: (
            seen.append((coder, max_text_chars, max_events)) or ([], [])
        ),
    )
    given = explicit_settings(environ={"DIPWATCH_CODER": "other"})
    settings = Settings(coder=given.coder, max_text_chars=1000, max_events_per_article=7)
    flow_module.extract_events.fn(settings, [])
    assert seen == [("other", 1000, 7)]  # the caps reach the coder call too


def test_environment_beats_the_feeds_file_even_with_the_default_value(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    """DIPWATCH_RESPECT_ROBOTS=true, resolved by `dipwatch run`, wins over the feeds file's false."""
    from dipwatch.flows.refresh import refresh

    from dipwatch.app import cli

    u = local_server.url
    local_server.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    local_server.route("/f.xml", Reply.xml(rss([("Xi", u("/a/visit.html"), T0)])))
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(
        f'[[feeds]]\nurl = "{u("/f.xml")}"\n\n'
        "[settings]\nrespect_robots = false\nretries = 1\nbackoff = 0.01\n"
    )
    for key in [k for k in os.environ if k.startswith("DIPWATCH_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("DIPWATCH_RESPECT_ROBOTS", "true")
    args = cli.build_parser().parse_args(
        ["run", "--feeds-file", str(feeds_file), "--db", str(tmp_path / "wh.duckdb")]
    )
    params = cli.flow_parameters(args)
    assert params["settings"].respect_robots is True and params["feeds"] is None
    assert params["settings"].retries is None  # not given: the flow takes the feeds file's
    summary = refresh(**params)
    assert summary["articles_new"] == 1
    assert local_server.hits("/robots.txt") == 1  # robots.txt was read: the environment won


def test_a_second_coder_chosen_by_dipwatch_coder_codes_the_refresh(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    """The `coder` setting (DIPWATCH_CODER, resolved by `dipwatch run`) picks a registered coder;
    its events land with its name and version."""
    from dipwatch.events import coders
    from test_coders import PairCoder

    coders.register_coder("pairs", PairCoder, replace=True)
    u = local_server.url
    local_server.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    local_server.route("/a/loan.html", Reply.html(page("Japan lends Indonesia", LOAN)))
    local_server.route("/a/nodate.html", Reply.html(page("Storm floods coast", WEATHER)))
    local_server.route(
        "/f.xml",
        Reply.xml(
            rss(
                [
                    ("Xi", u("/a/visit.html"), T0),
                    ("Loan", u("/a/loan.html"), T0),
                    ("Storm", u("/a/nodate.html"), T0),
                ]
            )
        ),
    )
    db = str(tmp_path / "wh.duckdb")
    try:
        summary = _run({"f": u("/f.xml")}, db, coder="pairs")
    finally:
        coders.unregister_coder("pairs")
    assert summary["articles_new"] == 3
    rows = _rows(
        db,
        "select article_url, event_type, source_country, target_country, coder, coder_version, "
        "rules, cluster_id is not null from events order by article_url",
    )
    assert rows == [
        (
            u("/a/loan.html"),
            "CONSULT",
            "JPN",
            "IDN",
            "pairs",
            "1",
            ["pairs:first-two-countries"],
            True,
        ),
        (
            u("/a/visit.html"),
            "CONSULT",
            "CHN",
            "RUS",
            "pairs",
            "1",
            ["pairs:first-two-countries"],
            True,
        ),
    ]
    assert _rows(db, "select count(*) from raw.ingest_errors") == [(0,)]
    # the second coder's rows are dated and coded by the shared resolution, like the rules'
    dated = _rows(db, "select cameo_code, quad_class, event_date is not null from events")
    assert {(c, q) for c, q, _ in dated} == {("040", 1)} and any(d for _, _, d in dated)


def test_refresh_events_record_the_rule_coder_and_its_version(
    prefect_harness, local_server, tmp_path
):
    from dipwatch.events.coders import get_coder

    u = local_server.url
    local_server.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    local_server.route("/f.xml", Reply.xml(rss([("Xi", u("/a/visit.html"), T0)])))
    db = str(tmp_path / "wh.duckdb")
    _run({"f": u("/f.xml")}, db)
    rows = _rows(db, "select coder, coder_version, rules from events")
    assert rows and {(c, v) for c, v, _ in rows} == {("rules", get_coder("rules").version)}
    assert all(r and r[0].startswith(("triggers:", "triggers_petrarch:")) for _, _, r in rows)


def test_a_refresh_whose_feeds_all_fail_ends_failed_and_keeps_its_error_rows(
    prefect_harness, local_server, tmp_path
):
    from dipwatch.flows.refresh import RefreshFailed, refresh

    from dipwatch.config import RefreshSettings

    local_server.route("/gone.xml", Reply(status=404, body=b"gone"))
    local_server.route("/html.xml", Reply.html("<html><body>not a feed</body></html>"))
    feeds = [local_server.url("/gone.xml"), local_server.url("/html.xml")]
    db = str(tmp_path / "wh.duckdb")
    settings = RefreshSettings(db=db, **FAST)
    state = refresh(settings=settings, feeds=feeds, return_state=True)
    assert state.is_failed() and "every feed failed (2 of 2)" in state.message
    with pytest.raises(RefreshFailed, match="every feed failed") as err:
        refresh(settings=settings, feeds=feeds)
    assert err.value.summary["status"] == "failed" and len(err.value.summary["feeds"]) == 2
    assert _rows(db, "select distinct status from raw.runs") == [("failed",)]
    assert _rows(db, "select count(*), max(attempts) from raw.ingest_errors") == [(2, 2)]


def test_the_run_time_cap_leaves_the_rest_for_the_next_refresh(
    prefect_harness, local_server, tmp_path
):
    feeds = _serve_world(local_server)
    db = str(tmp_path / "wh.duckdb")
    capped = _run({"good": feeds["good"]}, db, max_run_seconds=0.001)
    assert capped["deferred"] > 0 and capped["articles_new"] == 0
    assert _rows(db, "select count(*) from articles") == [(0,)]
    (row,) = _rows(db, "select stage, error from raw.ingest_errors where url like 'dipwatch:%'")
    assert row[0] == "limit" and "max_run_seconds" in row[1]
    after = _run({"good": feeds["good"]}, db)  # the next refresh does what was left
    assert after["deferred"] == 0 and after["articles_new"] >= 2
    assert _rows(
        db, "select resolved_at is not null from raw.ingest_errors where url like 'dipwatch:%'"
    ) == [(True,)]


def test_text_and_event_caps_give_one_warning_row_each(prefect_harness, local_server, tmp_path):
    feeds = _serve_world(local_server)
    db = str(tmp_path / "wh.duckdb")
    summary = _run({"good": feeds["good"]}, db, max_text_chars=120)
    limits = _rows(db, "select error from raw.ingest_errors where stage = 'limit'")
    assert limits and all("coded the first 120 (max_text_chars)" in e for (e,) in limits)
    assert _rows(db, "select max(evidence_end) from events")[0][0] <= 120
    assert _rows(db, "select min(length(body_text)) from articles")[0][0] > 120  # stored whole
    assert summary["articles_new"] >= 3  # capped articles load (the world's bad pages fail)

    db2 = str(tmp_path / "wh2.duckdb")
    _run({"good": feeds["good"]}, db2, max_events_per_article=1)
    limits = _rows(db2, "select error from raw.ingest_errors where stage = 'limit'")
    assert limits and all("kept the first 1 (max_events_per_article)" in e for (e,) in limits)
    per_article = "select max(n) from (select count(*) n from events group by article_url)"
    assert _rows(db2, per_article) == [(1,)]


def test_a_refresh_past_its_flow_timeout_fails_and_loads_nothing(
    prefect_harness, local_server, tmp_path
):
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    u = local_server.url
    local_server.route("/a/slow.html", Reply.html(page("Xi arrives in Moscow", VISIT), delay=8))
    local_server.route("/slow-feed.xml", Reply.xml(rss([("Xi", u("/a/slow.html"), T0)])))
    db = str(tmp_path / "wh.duckdb")
    settings = RefreshSettings(db=db, **(FAST | {"total_timeout": 30, "read_timeout_http": 30}))
    state = refresh.with_options(timeout_seconds=2)(
        settings=settings, feeds=[u("/slow-feed.xml")], return_state=True
    )
    assert state.is_failed() and state.name == "TimedOut", state
    assert _rows(db, "select count(*) from raw.articles") == [(0,)]
    ((status, summary),) = _rows(db, "select status, summary from raw.runs")
    assert status == "failed" and "flow timeout" in summary
