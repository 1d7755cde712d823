"""Settings: defaults, overridden by a feeds file's [settings] table, then by DIPWATCH_* variables."""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger("dipwatch")

DEFAULT_DB = "warehouse/dipwatch.duckdb"
USER_AGENT = "dipwatch/0.1 (news-monitoring ETL; +https://github.com/dipwatch/dipwatch)"


class ConfigError(Exception):
    """A setting or feeds file the run cannot start with."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed to poll: an http(s) URL or a local file path."""

    url: str
    name: str | None = None
    robots: bool | None = None  # None: follow Settings.respect_robots


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a refresh; each maps to DIPWATCH_<NAME> in the environment."""

    db: str = DEFAULT_DB
    feeds_file: str | None = None
    lock_timeout: float = 60.0  # seconds a writer waits for the database
    read_timeout: float = 30.0  # seconds a reader waits while a refresh holds the database
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    connect_timeout: float = 10.0
    read_timeout_http: float = 20.0
    total_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0  # first retry delay in seconds, doubled each time
    max_retry_after: float = 60.0  # longest Retry-After honoured, in seconds
    concurrency: int = 8
    per_host: int = 2
    max_page_bytes: int = 5_000_000
    max_redirects: int = 5
    batch_size: int = 50
    refresh_marts: bool = True
    cluster_window_days: float = 3.0  # reports of one event are at most this far apart
    feeds: tuple[FeedSpec, ...] = field(default_factory=tuple)


_ENV_PREFIX = "DIPWATCH_"
_SCALAR = {f.name: f.type for f in fields(Settings) if f.name != "feeds"}
# DIPWATCH_* variables read by other modules, not settings: no "unknown setting" warning.
_READ_ELSEWHERE = frozenset({"coder"})  # DIPWATCH_CODER: dipwatch.pipeline.default_coder
# Setting -> parameter of the `refresh` flow (the same name, except `db`).
FLOW_PARAMETERS = {name: ("db_path" if name == "db" else name) for name in _SCALAR}


def _coerce(name: str, value: Any) -> Any:
    kind = _SCALAR[name]
    if isinstance(value, str):
        if kind in ("bool", bool):
            low = value.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ConfigError(f"setting {name}: expected true/false, got {value!r}")
        if kind in ("int", int):
            try:
                return int(value)
            except ValueError:
                raise ConfigError(f"setting {name}: expected an integer, got {value!r}") from None
        if kind in ("float", float):
            try:
                return float(value)
            except ValueError:
                raise ConfigError(f"setting {name}: expected a number, got {value!r}") from None
    return value


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
        if key not in ("feeds", "settings"):
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


def load_settings(
    overrides: dict[str, Any] | None = None,
    feeds: list[str] | None = None,
    environ: dict[str, str] | None = None,
    read_feeds: bool = True,
) -> Settings:
    """Defaults < feeds file [settings] < DIPWATCH_* environment < explicit overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for key, raw in env.items():
        if not key.startswith(_ENV_PREFIX):
            continue
        name = key[len(_ENV_PREFIX) :].lower()
        if name in _READ_ELSEWHERE and name not in _SCALAR:
            continue
        if name not in _SCALAR:
            log.warning(
                "unknown setting %s ignored (known: %s)",
                key,
                ", ".join(_ENV_PREFIX + n.upper() for n in sorted(_SCALAR)),
            )
            continue
        values[name] = _coerce(name, raw)
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in _SCALAR:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, value)

    feeds_file = values.get("feeds_file")
    specs: list[FeedSpec] = []
    file_settings: dict[str, Any] = {}
    if feeds:
        specs = [FeedSpec(resolve_feed_location(f, Path.cwd())) for f in feeds]
    elif read_feeds:
        path = Path(feeds_file) if feeds_file else default_feeds_file()
        specs, file_settings = read_feeds_file(path)
        values["feeds_file"] = str(path)
    merged: dict[str, Any] = {}
    for name, value in file_settings.items():
        if name not in _SCALAR or name in ("db", "feeds_file"):
            log.warning("feeds file: unknown setting %r ignored", name)
            continue
        merged[name] = _coerce(name, value)
    merged.update(values)
    return replace(Settings(), feeds=tuple(specs), **merged)


def documented_settings() -> list[tuple[str, Any]]:
    """(environment variable, default) pairs, for the README and `dipwatch settings`."""
    defaults = Settings()
    return [(_ENV_PREFIX + n.upper(), getattr(defaults, n)) for n in _SCALAR]
