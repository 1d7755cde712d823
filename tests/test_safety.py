"""Hostile feed text is inert: in the dashboard's Markdown, in its links, in CSV exports, in SQL."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest

from cluster_pages import art, at, ev, load
from dipwatch.app.dashboard.queries import dyad_events
from dipwatch.app.dashboard.render import events_table
from dipwatch.app.export import export
from dipwatch.app.safety import csv_cell, http_url, md_link, md_text
from dipwatch.warehouse import connection as db

LINK = re.compile(r"\[[^\]]*\]\(")  # the start of a Markdown link: [text](


@pytest.mark.parametrize(
    "hostile",
    [
        "Talks [click](https://evil.example)",
        "![img](https://evil.example/x.png)",
        "<script>alert(1)</script>",
        "a | b",
        "**bold** _em_ `code`",
        "line one\nline two",
        "&lt;entity&gt;",
    ],
)
def test_markdown_text_has_no_markup_left(hostile):
    out = md_text(hostile)
    assert "\n" not in out and not LINK.search(out)
    assert "<script>" not in out and "|" not in out.replace("\\|", "")
    assert re.sub(r"\\(.)", r"\1", out) == " ".join(hostile.split())  # the text, only escaped


def test_links_only_to_http_urls_and_a_url_cannot_add_a_second_link():
    assert http_url("https://news.example/a.html") == "https://news.example/a.html"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//x", "", None):
        assert http_url(bad) is None
        assert md_link("headline", bad) == "headline"
    hostile = "https://ok.example/a)[second](https://evil.example/"
    link = md_link("Headline", hostile)
    assert len(LINK.findall(link)) == 1 and link.startswith("[Headline](<https://ok.example/a")
    assert "(" not in link.split("](", 1)[1][1:] and "[" not in link.split("](", 1)[1]
    assert ">" not in md_link("x", "https://ok.example/a>b)")[:-2].split("](<", 1)[1]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(prefix):
    assert csv_cell(prefix + 'HYPERLINK("https://evil.example")').startswith("'" + prefix)
    assert csv_cell("Plain headline") == "Plain headline" and csv_cell(-5) == -5


@pytest.fixture()
def hostile_warehouse(tmp_path) -> str:
    path = str(tmp_path / "w.duckdb")
    bad = art("bad", at("2024-03-04"), title='=HYPERLINK("https://evil.example","open")')
    bad.url = "https://ok.example/a)[second](https://evil.example/"
    load(path, [(bad, [ev("CONSULT", "PRK", "RUS", "2024-03-04", place="@SUM(A1:A9)")])])
    return path


def test_csv_exports_neutralise_formulas(hostile_warehouse, tmp_path):
    with db.reader(hostile_warehouse) as con:
        export(con, tmp_path / "out", "csv")
    with open(tmp_path / "out" / "events.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and rows[0]["article_title"].startswith("'=HYPERLINK(")
    assert rows[0]["location_name"] == "'@SUM(A1:A9)"
    with open(tmp_path / "out" / "articles.csv", newline="") as f:
        assert next(csv.DictReader(f))["article_title"].startswith("'=")


def test_the_dashboard_table_has_one_safe_link_per_row(hostile_warehouse):
    with db.reader(hostile_warehouse) as con:
        df = dyad_events(con, "PRK", "RUS", None, None, [], 50)
    assert len(df) == 1
    row = events_table(df).splitlines()[-1]
    assert len(LINK.findall(row)) == 1 and "evil.example" in row  # encoded inside the one link
    assert "](https://evil" not in row and "[second]" not in row
    assert "'" not in row.split("|")[-2] or "\\'" in row  # the headline's quotes are escaped


def test_every_connection_has_extension_autoload_and_autoinstall_off(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        settings = con.execute(
            "select current_setting('autoinstall_known_extensions'), "
            "current_setting('autoload_known_extensions')"
        ).fetchone()
    assert settings == (False, False)
    # httpfs would be needed: it is neither downloaded nor loaded (no request leaves)
    with db.reader(path) as con, pytest.raises(duckdb.Error):
        con.execute("select * from read_csv('https://example.org/x.csv')").fetchall()
