"""The one list of settings, and their precedence: defaults < feeds file < DIPWATCH_* < explicit."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from dipwatch.feedsfile import (
    ConfigError,
    FeedSpec,
    bundled_feeds_file,
    default_feeds_file,
    read_feeds_file,
    resolve_feed_location,
    warn_once,
)

__all__ = [
    "ConfigError",
    "absolute_db",
    "default_db",
    "FeedSpec",
    "RefreshSettings",
    "SETTING_NAMES",
    "Settings",
    "bundled_feeds_file",
    "complete_settings",
    "default_feeds_file",
    "env_var",
    "explicit_settings",
    "load_settings",
    "read_feeds_file",
    "resolve_feed_location",
]

log = logging.getLogger("dipwatch")


def default_db() -> str:
    """The default warehouse: dipwatch.duckdb in the user's data directory (an absolute path).

    Linux: $XDG_DATA_HOME/dipwatch or ~/.local/share/dipwatch; macOS: ~/Library/Application
    Support/dipwatch; Windows: %LOCALAPPDATA%\\dipwatch. `make run` passes the project's
    warehouse/dipwatch.duckdb instead.
    """
    import platformdirs

    return str(Path(platformdirs.user_data_dir("dipwatch", appauthor=False)) / "dipwatch.duckdb")


def absolute_db(path: str) -> str:
    """A warehouse path as an absolute path (so every summary names the same file)."""
    return str(Path(path).expanduser().absolute())


DEFAULT_DB_SHOWN = "<user data dir>/dipwatch.duckdb"  # how docs show the default warehouse
USER_AGENT = "dipwatch/0.1 (news-monitoring ETL; +https://github.com/dipwatch/dipwatch)"
ENV_PREFIX = "DIPWATCH_"
NOT_IN_FEEDS_FILE = ("db", "feeds_file")


def _joined(value: Any) -> Any:
    """A list of hosts (feeds file) as one comma-separated string."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def _allowed_hosts(value: str | None) -> str | None:
    """`allow_private_hosts` checked item by item."""
    from dipwatch.ingest.addresses import check_allowed_hosts

    try:
        return None if value is None else check_allowed_hosts(value)
    except ValueError as exc:  # without pydantic's "Value error, " prefix
        raise PydanticCustomError("allowed_hosts", str(exc)) from None


class Settings(BaseModel):
    """Every knob of a refresh; each is DIPWATCH_<NAME> in the environment and --<name> in the CLI."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field(
        default_factory=default_db,
        min_length=1,
        description="warehouse file (not from the feeds file, so every command finds the same one)",
    )
    feeds_file: str | None = Field(
        None, description="TOML feeds file (unset: ./feeds.toml, else the bundled sample)"
    )
    lock_timeout: float = Field(
        60.0,
        ge=0,
        description="seconds a refresh waits for the warehouse while another process writes",
    )
    read_timeout: float = Field(
        30.0,
        ge=0,
        description="seconds a reader (`dipwatch sql`, dashboard) waits while a refresh loads",
    )
    user_agent: str = Field(USER_AGENT, min_length=1, description="User-Agent of every request")
    respect_robots: bool = Field(
        True, description="read and obey robots.txt (per feed: `robots = false`)"
    )
    connect_timeout: float = Field(10.0, gt=0, description="HTTP connect timeout, seconds")
    read_timeout_http: float = Field(
        20.0, gt=0, description="HTTP read timeout (waiting for the next bytes), seconds"
    )
    total_timeout: float = Field(
        60.0,
        gt=0,
        description="longest one URL may take, all its attempts, redirects and waits "
        "included, seconds",
    )
    retries: int = Field(3, ge=0, description="retries on timeouts, 5xx and 429")
    backoff: float = Field(
        1.0, ge=0, description="first retry delay in seconds, doubled for each next retry"
    )
    max_retry_after: float = Field(
        60.0,
        ge=0,
        description="longest `Retry-After` waited for within a run, seconds (a host asking "
        "for longer is tried again on a later refresh)",
    )
    concurrency: int = Field(8, ge=1, description="simultaneous requests in all")
    per_host: int = Field(2, ge=1, description="simultaneous requests per host")
    max_page_bytes: int = Field(
        5_000_000,
        ge=1,
        description="pages larger than this are refused (streamed, never read whole)",
    )
    max_redirects: int = Field(5, ge=0, description="redirect limit (loops are reported as such)")
    batch_size: int = Field(50, ge=1, description="articles per Prefect task")
    # ---- issue 10: streaming refresh (dipwatch.pipeline_batches) ----
    stream_batch_size: int = Field(
        500,
        ge=0,
        description="pages per streamed batch: each is fetched, extracted, coded and loaded in "
        "its own transaction, so memory stays flat and a crash loses one batch (0: the whole "
        "run in one)",
    )
    # ---- end of issue 10 ----
    coder: str = Field(
        "rules",
        min_length=1,
        description="which event coder codes the articles (see "
        "`python -c 'import dipwatch.events as e; print(e.available_coders())'`)",
    )
    refresh_marts: bool = Field(
        True, description="cluster events and refresh the marts at the end of each refresh"
    )
    cluster_window_days: float = Field(
        3.0, ge=0, description="reports of one real-world event are at most this many days apart"
    )
    # ---- bounded work and the run's Prefect policy (issue 11, app half) ----
    max_text_chars: int = Field(
        100_000,
        ge=1,
        description="longest article text coded for events, characters (the rest is stored, "
        "not coded; one warning row)",
    )
    max_events_per_article: int = Field(
        200, ge=1, description="most events kept per article (the rest dropped; one warning row)"
    )
    max_run_seconds: float = Field(
        1800.0,
        gt=0,
        description="after this many seconds a refresh starts no new fetch or coding batch and "
        "loads what it has; the rest waits for the next refresh (one warning row)",
    )
    flow_timeout: float = Field(
        3600.0,
        gt=0,
        description="Prefect stops a refresh still running after this many seconds (state "
        "Failed; nothing of it is loaded)",
    )
    max_lateness: float = Field(
        600.0,
        ge=0,
        description="a scheduled run that starts more than this many seconds late is skipped "
        "(Cancelled); 0: never skipped",
    )
    prefect_start_timeout: float = Field(
        120.0,
        gt=0,
        description="seconds `dipwatch run` waits for its temporary Prefect API server to start "
        "(when PREFECT_API_URL is unset)",
    )
    # ---- end of the bounded-work block ----
    # --- issue 12: backfills; issue 10: refreshes too (dipwatch.workers) ----------------------
    extract_workers: int = Field(
        1,
        ge=1,
        le=16,
        description="processes that extract text and code events, in a refresh and a backfill "
        "(1: in the run's own process; more: forked once the coder is loaded, so they share "
        "its memory; 2 on 2 cores)",
    )
    # --- end of issue 12 settings --------------------------------------------------------------
    feeds: tuple[FeedSpec, ...] = Field(
        (), exclude=True, description="the feeds to poll (--feed or the feeds file; not a setting)"
    )
    allow_private_hosts: Annotated[
        str, BeforeValidator(_joined), AfterValidator(_allowed_hosts)
    ] = Field(
        "",
        description="addresses (CIDRs) and host names dipwatch may connect to although they are "
        "not public (loopback, private, link-local…), comma-separated; a feed on such an address "
        "may always read pages from that address",
    )
    page_retries: int = Field(
        5,
        ge=0,
        description="times a failed page is tried again on later refreshes, even when its feed "
        "is unchanged",
    )
    page_retry_backoff: float = Field(
        900.0,
        ge=0,
        description="seconds before a failed page is tried again on a later refresh, doubled "
        "after each failure",
    )
    max_feed_entries: int = Field(
        1000,
        ge=1,
        description="entries taken from one feed per refresh (its first ones; the rest: one "
        "error row)",
    )


SETTING_NAMES: tuple[str, ...] = tuple(n for n in Settings.model_fields if n != "feeds")


def _optional_fields() -> type[BaseModel]:
    """A model of Settings' fields, each optional with None (not given) as its default."""
    fields: dict[str, Any] = {}
    for name in SETTING_NAMES:
        info = Settings.model_fields[name]
        kind: Any = info.annotation | None
        if info.metadata:  # keep ge/gt/min_length
            kind = Annotated[kind, *info.metadata]
        fields[name] = (kind, Field(None, description=info.description))
    return create_model(
        "OptionalSettings", __config__=ConfigDict(frozen=True, extra="forbid"), **fields
    )


class RefreshSettings(_optional_fields()):
    """Settings of one refresh; one left empty is not given: the feeds file's or the default applies."""


def env_var(name: str) -> str:
    """The environment variable of a setting."""
    return ENV_PREFIX + name.upper()


def _validated(
    values: Mapping[str, Any], label: Callable[[str], str], strict: bool = False
) -> dict[str, Any]:
    """The values as their settings' types, or a one-line ConfigError naming where they came from.

    `strict`: typed values (a feeds file's TOML) must have their setting's type already: a
    boolean is true/false, not "no"; a number is not a string.
    """
    try:
        model = RefreshSettings.model_validate(dict(values), strict=strict)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "?"
        msg = err["msg"].split(",")[0]  # "Input should be a valid integer"
        msg = msg[:1].lower() + msg[1:]
        raise ConfigError(f"{label(name)}: {msg}, got {err.get('input')!r}") from None
    return {name: getattr(model, name) for name in values}


# DIPWATCH_* variables that are not settings of a run: development and test switches
READ_ELSEWHERE = frozenset(
    {
        "ablate",  # dipwatch.events.ablation: rule families switched off (bench/ablation.py)
        "realnews_pages",  # tests/test_eval_gate.py, make train: the real-news pages
        "update_screenshot",  # tests/test_dashboard.py: re-take docs/dashboard.png
    }
)


def explicit_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> RefreshSettings:
    """The settings given explicitly (DIPWATCH_* environment < overrides), the others None."""
    env = os.environ if environ is None else environ
    from_env: dict[str, str] = {}
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name in READ_ELSEWHERE:
            continue
        if name not in SETTING_NAMES:
            known = ", ".join(sorted(env_var(n) for n in SETTING_NAMES))
            log.warning("unknown setting %s ignored (known: %s)", key, known)
            continue
        from_env[name] = raw.strip()
    given = {name: v for name, v in (overrides or {}).items() if v is not None}
    for name in given:
        if name not in SETTING_NAMES:
            raise ConfigError(f"unknown setting {name!r}")
    values = _validated(from_env, env_var) | _validated(given, lambda n: f"setting {n}")
    return RefreshSettings(**values)


def complete_settings(
    given: RefreshSettings | None = None, feeds: list[str] | None = None, read_feeds: bool = True
) -> Settings:
    """Defaults < feeds file [settings] < the given settings; feeds from `feeds`, else the file."""
    values = given.model_dump(exclude_none=True) if given is not None else {}
    specs: list[FeedSpec] = []
    from_file: dict[str, Any] = {}
    if feeds:
        specs = [FeedSpec(resolve_feed_location(f, Path.cwd())) for f in feeds]
    elif read_feeds:
        path = Path(values["feeds_file"]) if values.get("feeds_file") else default_feeds_file()
        specs, table = read_feeds_file(path)
        values["feeds_file"] = str(path)
        for name in list(table):
            if name in NOT_IN_FEEDS_FILE:
                warn_once(
                    f"feeds file {path}: {name!r} is set by environment or flag only, ignored"
                )
                del table[name]
            elif name not in SETTING_NAMES:
                warn_once(f"feeds file {path}: unknown setting {name!r} ignored")
                del table[name]
        from_file = _validated(table, lambda n: f"feeds file {path}: [settings] {n}", strict=True)
    if values.get("db"):
        values["db"] = absolute_db(values["db"])
    return Settings(**(from_file | values), feeds=tuple(specs))


def load_settings(
    overrides: dict[str, Any] | None = None,
    feeds: list[str] | None = None,
    environ: dict[str, str] | None = None,
    read_feeds: bool = True,
) -> Settings:
    """Defaults < feeds file [settings] < DIPWATCH_* environment < explicit overrides."""
    return complete_settings(explicit_settings(overrides, environ), feeds, read_feeds)
