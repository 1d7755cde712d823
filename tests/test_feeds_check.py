"""`dipwatch feeds check`: feeds files validated, and probed against local feeds only."""

from __future__ import annotations

import datetime as dt
import tomllib

from cluster_pages import ROOT
from dipwatch.app.cli import main
from localserver import LocalServer, Reply
from pages import rss

WORLD = ROOT / "examples" / "feeds-world.toml"


def test_the_world_starter_list_is_valid_and_says_it_needs_internet(capsys):
    assert main(["feeds", "check", str(WORLD)]) == 0
    out = capsys.readouterr().out
    assert "feeds file OK (not probed)" in out and "2 watchlists" in out
    text = WORLD.read_text()
    assert "NEEDS INTERNET" in text and "NOT checked" in text
    feeds = tomllib.loads(text)["feeds"]
    assert len(feeds) >= 15 and all(f["url"].startswith(("https://", "http://")) for f in feeds)
    assert all(f.get("name") for f in feeds) and len({f["url"] for f in feeds}) == len(feeds)


def test_problems_are_one_line_each(tmp_path, capsys):
    bad = tmp_path / "feeds.toml"
    bad.write_text('[[feeds]]\nurl = "ftp://news.example/rss"\n')
    assert main(["feeds", "check", str(bad)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "ftp" in line and "http(s)" in line
    bad.write_text(
        """
[[feeds]]
url = "missing.xml"
colour = "red"

[[feeds]]
url = "https://news.example/rss"

[[feeds]]
url = "https://news.example/rss"

[[watchlist]]
name = "x"
event_types = ["CHAT"]
"""
    )
    assert main(["feeds", "check", str(bad)]) == 1
    captured = capsys.readouterr()
    err, out = captured.err.splitlines(), captured.out
    assert any("missing.xml: no such file" in e for e in err)
    assert any("unknown PLOVER type 'CHAT'" in e for e in err)
    assert "colour" in out and "listed twice" in out
    bad.write_text("[settings]\nretries = -1\n[[feeds]]\nurl = 'https://a.example/rss'\n")
    assert main(["feeds", "check", str(bad)]) == 1
    assert "retries" in capsys.readouterr().err
    bad.write_text("[[feeds]\nurl =")
    assert main(["feeds", "check", str(bad)]) == 1
    assert "TOML" in capsys.readouterr().err
    assert main(["feeds", "check", str(tmp_path / "none.toml")]) == 2


def test_probe_polls_each_feed_as_a_refresh_would(tmp_path, capsys):
    when = dt.datetime(2024, 3, 4, 12, tzinfo=dt.UTC)
    local = tmp_path / "local.xml"
    local.write_text(rss([("Local story", "https://a.example/1.html", when)], title="Local"))
    with LocalServer() as srv:
        good = srv.route(
            "/world.xml",
            Reply.xml(
                rss(
                    [
                        ("A", "https://a.example/a.html", when),
                        ("B", "https://a.example/b.html", None),
                    ],
                    title="World",
                )
            ),
        )
        gone = srv.route("/gone.xml", Reply.text("no", status=404))
        path = tmp_path / "feeds.toml"
        path.write_text(
            f'[settings]\nretries = 0\n[[feeds]]\nurl = "{good}"\nname = "World"\n'
            f'[[feeds]]\nurl = "local.xml"\n'
        )
        assert main(["feeds", "check", str(path), "--probe"]) == 0
        out = capsys.readouterr().out
        assert f"ok   World <{good}>: 2 entries (1 dated), title 'World'" in out
        assert "1 entries (1 dated), title 'Local'" in out and "every feed answered" in out
        assert srv.requests[0].header("user-agent").startswith("dipwatch/")
        path.write_text(path.read_text() + f'[[feeds]]\nurl = "{gone}"\n')
        assert main(["feeds", "check", str(path), "--probe"]) == 1
        captured = capsys.readouterr()
        assert f"FAIL {gone}: HTTP 404" in captured.out and "HTTP 404" in captured.err
