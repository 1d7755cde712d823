"""The feeds file: TOML with [[feeds]] to poll and an optional [settings] table."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("dipwatch")


class ConfigError(Exception):
    """A setting or feeds file the run cannot start with."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed to poll: an http(s) URL or a local file path."""

    url: str
    name: str | None = None
    robots: bool | None = None  # None: follow Settings.respect_robots


def bundled_feeds_file() -> Path:
    """The sample feeds file shipped in seeds/."""
    return Path(str(resources.files("dipwatch.seeds").joinpath("feeds.toml")))


def default_feeds_file() -> Path:
    """feeds.toml in the working directory if present, else the bundled sample."""
    local = Path("feeds.toml")
    return local if local.is_file() else bundled_feeds_file()


_WARNED: set[str] = set()  # warnings already given in this process (the CLI reads the file twice)


def warn_once(message: str) -> None:
    """Log a warning the first time this process meets it."""
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning("%s", message)


def _kind(value: Any) -> str:
    """A TOML value's type as the user wrote it."""
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _feed_spec(path: Path, i: int, item: Any) -> FeedSpec:
    """One [[feeds]] entry, checked: url a non-empty string, name a string, robots a boolean."""
    where = f"feeds file {path}: feeds[{i + 1}]"
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a table with url = ..., got {_kind(item)}")
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        got = "nothing" if url is None else f"{_kind(url)} {url!r}"
        raise ConfigError(f"{where}.url: expected an http(s) URL or a file path, got {got}")
    url = url.strip()
    _check_location(f"{where}.url", url)
    name = item.get("name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{where}.name: expected a string, got {_kind(name)} {name!r}")
    robots = item.get("robots")
    if robots is not None and not isinstance(robots, bool):
        raise ConfigError(
            f"{where}.robots: expected true or false (no quotes), got {_kind(robots)} {robots!r}"
        )
    for key in item:
        if key not in ("url", "name", "robots"):
            warn_once(f"feeds file {path}: feed {url}: unknown key {key!r} ignored")
    return FeedSpec(resolve_feed_location(url, path.parent), name, robots)


def _check_location(where: str, url: str) -> None:
    """An http(s) URL with a host, a file: URL or a plain path; anything else is an error."""
    parts = urlsplit(url)
    if "://" not in url:
        return  # a path (relative to the feeds file)
    if parts.scheme.lower() not in ("http", "https", "file"):
        raise ConfigError(
            f"{where}: expected an http(s) URL or a file path, got scheme {parts.scheme!r}"
        )
    if parts.scheme.lower() != "file" and not parts.hostname:
        raise ConfigError(f"{where}: expected an http(s) URL with a host, got {url!r}")


def read_feeds_file(path: str | Path) -> tuple[list[FeedSpec], dict[str, Any]]:
    """Parse a feeds TOML file: [[feeds]] url/name/robots and an optional [settings] table.

    Every value is checked: a wrong type or an empty list of feeds is a ConfigError naming the
    file, the key and what was expected; unknown keys are one warning each.
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"feeds file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"feeds file unreadable: {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"feeds file {path} is not valid TOML: {exc}") from None
    for key in doc:
        if key not in ("feeds", "settings", "watchlist"):  # watchlist: dipwatch.alerts
            warn_once(f"feeds file {path}: unknown table {key!r} ignored")
    feeds = doc.get("feeds", [])
    if not isinstance(feeds, list):
        raise ConfigError(
            f"feeds file {path}: feeds: expected a list ([[feeds]] tables or "
            f'feeds = ["url", ...]), got {_kind(feeds)} {feeds!r}'
        )
    if not feeds:
        raise ConfigError(f"feeds file {path}: no feeds to poll (add [[feeds]] with url = ...)")
    specs = [_feed_spec(path, i, item) for i, item in enumerate(feeds)]
    settings = doc.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"feeds file {path}: settings: expected a table ([settings])")
    return specs, settings


def resolve_feed_location(url: str, base: Path) -> str:
    """http(s) URLs stay as they are; a path is taken relative to the feeds file."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("file://"):
        url = url[len("file://") :]
    p = Path(url).expanduser()
    return str(p if p.is_absolute() else (base / p).resolve())
