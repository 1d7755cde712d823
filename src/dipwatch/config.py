"""Settings: defaults, overridden by a feeds file's [settings] table, then by DIPWATCH_* variables."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dipwatch.feedsfile import (
    ConfigError,
    FeedSpec,
    bundled_feeds_file,
    default_feeds_file,
    read_feeds_file,
    resolve_feed_location,
)

__all__ = [
    "ConfigError",
    "FeedSpec",
    "Settings",
    "bundled_feeds_file",
    "default_feeds_file",
    "documented_settings",
    "load_settings",
    "read_feeds_file",
    "resolve_feed_location",
]

log = logging.getLogger("dipwatch")

DEFAULT_DB = "warehouse/dipwatch.duckdb"
USER_AGENT = "dipwatch/0.1 (news-monitoring ETL; +https://github.com/dipwatch/dipwatch)"


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
