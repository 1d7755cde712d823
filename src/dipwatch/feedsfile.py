"""The feeds file: TOML with [[feeds]] to poll and an optional [settings] table."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

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


def read_feeds_file(path: str | Path) -> tuple[list[FeedSpec], dict[str, Any]]:
    """Parse a feeds TOML file: [[feeds]] url/name/robots and an optional [settings] table."""
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
            log.warning("feeds file %s: unknown table %r ignored", path, key)
    specs: list[FeedSpec] = []
    for i, item in enumerate(doc.get("feeds", [])):
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not item.get("url"):
            log.warning("feeds file %s: feed #%d has no url, ignored", path, i + 1)
            continue
        for key in item:
            if key not in ("url", "name", "robots"):
                log.warning(
                    "feeds file %s: feed %s: unknown key %r ignored", path, item["url"], key
                )
        specs.append(
            FeedSpec(
                resolve_feed_location(str(item["url"]), path.parent),
                item.get("name"),
                item.get("robots"),
            )
        )
    settings = doc.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"feeds file {path}: [settings] must be a table")
    return specs, settings


def resolve_feed_location(url: str, base: Path) -> str:
    """http(s) URLs stay as they are; a path is taken relative to the feeds file."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("file://"):
        url = url[len("file://") :]
    p = Path(url).expanduser()
    return str(p if p.is_absolute() else (base / p).resolve())
