"""The one list of settings: precedence, validation, warnings, and the parameter model made from it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dipwatch.config import (
    SETTING_NAMES,
    ConfigError,
    FeedSpec,
    RefreshSettings,
    Settings,
    complete_settings,
    default_db,
    env_var,
    explicit_settings,
    load_settings,
)


def _feeds_file(tmp_path: Path, settings: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[feeds]]\nurl = "feed.xml"\nname = "local"\n\n[settings]\n{settings}\n')
    return path


def test_every_setting_has_a_default_a_type_and_a_one_line_description():
    defaults = Settings()
    assert "feeds" not in SETTING_NAMES and defaults.feeds == ()
    for name in SETTING_NAMES:
        info = Settings.model_fields[name]
        assert info.description and "\n" not in info.description, name
        assert info.annotation is not None, name
    assert defaults.coder == "rules" and env_var("coder") == "DIPWATCH_CODER"
    with pytest.raises(ValueError):
        defaults.retries = 5  # type: ignore[misc]  # frozen: settings are passed around as values


def test_precedence_defaults_feeds_file_environment_explicit(tmp_path):
    path = _feeds_file(tmp_path, "retries = 1\nconcurrency = 4\nbatch_size = 7")
    env = {
        "DIPWATCH_FEEDS_FILE": str(path),
        "DIPWATCH_CONCURRENCY": "5",
        "DIPWATCH_BATCH_SIZE": "9",
    }
    s = load_settings({"batch_size": 11, "per_host": None}, environ=env)
    assert s.backoff == 1.0  # default
    assert s.retries == 1  # feeds file over the default
    assert s.concurrency == 5  # environment over the feeds file
    assert s.batch_size == 11  # explicit over the environment
    assert s.per_host == 2  # None: not given
    assert s.feeds == (FeedSpec(str(tmp_path / "feed.xml"), "local"),)
    assert s.feeds_file == str(path)


def test_a_given_default_value_still_beats_the_feeds_file(tmp_path):
    path = _feeds_file(tmp_path, "respect_robots = false")
    given = explicit_settings(environ={"DIPWATCH_RESPECT_ROBOTS": "true"})
    assert given.respect_robots is True and given.retries is None
    assert complete_settings(given.model_copy(update={"feeds_file": str(path)})).respect_robots
    assert complete_settings(RefreshSettings(feeds_file=str(path))).respect_robots is False


def test_feeds_given_skip_the_feeds_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _feeds_file(tmp_path, "retries = 1")  # ./feeds.toml, not read when feeds are given
    s = complete_settings(RefreshSettings(), feeds=["a.xml", "https://example.org/rss"])
    assert s.retries == 3 and s.feeds_file is None
    assert [f.url for f in s.feeds] == [str(tmp_path / "a.xml"), "https://example.org/rss"]
    assert complete_settings(RefreshSettings()).feeds_file == "feeds.toml"


def test_environment_strings_are_typed():
    given = explicit_settings(
        environ={
            "DIPWATCH_RETRIES": " 2 ",
            "DIPWATCH_BACKOFF": "0.5",
            "DIPWATCH_RESPECT_ROBOTS": "off",
            "DIPWATCH_REFRESH_MARTS": "Yes",
            "DIPWATCH_CODER": "rules",
            "PATH": "/usr/bin",
        }
    )
    assert given.retries == 2 and given.backoff == 0.5
    assert given.respect_robots is False and given.refresh_marts is True
    assert given.coder == "rules" and given.db is None


@pytest.mark.parametrize(
    ("environ", "overrides", "message"),
    [
        ({"DIPWATCH_RETRIES": "many"}, {}, "DIPWATCH_RETRIES: input should be a valid integer"),
        ({"DIPWATCH_RESPECT_ROBOTS": "maybe"}, {}, "DIPWATCH_RESPECT_ROBOTS: input should be a"),
        ({"DIPWATCH_CONCURRENCY": "0"}, {}, "DIPWATCH_CONCURRENCY: input should be greater"),
        ({}, {"total_timeout": -1}, "setting total_timeout: input should be greater than 0"),
        ({}, {"nope": 1}, "unknown setting 'nope'"),
    ],
)
def test_bad_values_are_one_line_errors_naming_their_source(environ, overrides, message):
    with pytest.raises(ConfigError) as err:
        explicit_settings(overrides, environ)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_a_bad_value_in_the_feeds_file_names_the_file(tmp_path):
    path = _feeds_file(tmp_path, 'retries = "many"')
    with pytest.raises(ConfigError, match=r"feeds file .*feeds.toml: \[settings\] retries: input"):
        load_settings(environ={"DIPWATCH_FEEDS_FILE": str(path)})


def test_unknown_settings_warn_in_one_line_and_are_ignored(tmp_path, caplog):
    path = _feeds_file(tmp_path, 'nope = 1\ndb = "elsewhere.duckdb"\nretries = 1')
    with caplog.at_level(logging.WARNING, logger="dipwatch"):
        s = load_settings(environ={"DIPWATCH_NOPE": "1", "DIPWATCH_FEEDS_FILE": str(path)})
    assert s.retries == 1 and s.db == default_db() and Path(s.db).is_absolute()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3 and all("\n" not in m for m in messages)
    assert messages[0].startswith(
        "unknown setting DIPWATCH_NOPE ignored (known: DIPWATCH_ALLOW_PRIVATE_HOSTS, DIPWATCH_BACKOFF"
    )
    assert "unknown setting 'nope' ignored" in messages[1]
    assert "'db' is set by environment or flag only, ignored" in messages[2]


def test_refresh_settings_are_the_settings_each_optional():
    assert tuple(RefreshSettings.model_fields) == SETTING_NAMES
    for name in SETTING_NAMES:
        field = RefreshSettings.model_fields[name]
        assert (
            field.default is None and field.description == Settings.model_fields[name].description
        )
    assert RefreshSettings(retries="2").retries == 2
    for bad in ({"retries": -1}, {"per_host": 0}, {"db_path": "x"}):
        with pytest.raises(ValueError):
            RefreshSettings(**bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[feeds]]\nurl = "f.xml"\nrobots = "no"\n',
            r"feeds\[1\]\.robots: expected true or false",
        ),
        ('feeds = "oops"\n', r"feeds: expected a list .*got a string 'oops'"),
        ("", r"no feeds to poll"),
        ("[settings]\nretries = 2\n", r"no feeds to poll"),
        (
            "[[feeds]]\nname = 'no url'\n",
            r"feeds\[1\]\.url: expected an http\(s\) URL .*got nothing",
        ),
        ("[[feeds]]\nurl = 42\n", r"feeds\[1\]\.url: expected .*got an integer 42"),
        ('[[feeds]]\nurl = "ftp://example.org/rss"\n', r"feeds\[1\]\.url: .*got scheme 'ftp'"),
        (
            '[[feeds]]\nurl = "https:///rss"\n',
            r"feeds\[1\]\.url: expected an http\(s\) URL with a host",
        ),
        ('[[feeds]]\nurl = "f.xml"\nname = 3\n', r"feeds\[1\]\.name: expected a string"),
        (
            'feeds = ["f.xml"]\n[settings]\nrespect_robots = "no"\n',
            r"\[settings\] respect_robots: input should be a valid boolean, got 'no'",
        ),
        (
            'feeds = ["f.xml"]\n[settings]\nconcurrency = "4"\n',
            r"\[settings\] concurrency: input should be a valid integer, got '4'",
        ),
        ('feeds = ["f.xml"]\nsettings = 3\n', r"settings: expected a table"),
    ],
)
def test_every_bad_value_in_a_feeds_file_is_one_line_naming_file_key_and_type(
    tmp_path, text, message
):
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as err:
        load_settings(environ={"DIPWATCH_FEEDS_FILE": str(path)})
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_good_feeds_file_values_pass_strict_checks(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text(
        'feeds = ["a.xml", "https://example.org/rss"]\n'
        "[[more]]\n"  # unknown table: a warning
        "[settings]\nrespect_robots = false\nbackoff = 2\ncluster_window_days = 1.5\n"
    )
    s = load_settings(environ={"DIPWATCH_FEEDS_FILE": str(path)})
    assert [f.url for f in s.feeds] == [str(tmp_path / "a.xml"), "https://example.org/rss"]
    assert (s.respect_robots, s.backoff, s.cluster_window_days) == (False, 2.0, 1.5)


def test_feeds_file_warnings_are_given_once_per_process(tmp_path, caplog):
    path = _feeds_file(tmp_path, "nope_once = 1")
    with caplog.at_level(logging.WARNING, logger="dipwatch"):
        load_settings(environ={"DIPWATCH_FEEDS_FILE": str(path)})
        load_settings(environ={"DIPWATCH_FEEDS_FILE": str(path)})  # as `dipwatch run` reads it
    hits = [r for r in caplog.records if "nope_once" in r.getMessage()]
    assert len(hits) == 1


def test_the_default_warehouse_is_absolute_and_a_relative_one_is_made_absolute(tmp_path):
    assert Path(Settings().db).is_absolute() and Settings().db == default_db()
    s = load_settings({"db": "rel/w.duckdb"}, read_feeds=False)
    assert Path(s.db).is_absolute() and s.db == str(Path.cwd() / "rel" / "w.duckdb")
