"""The `[[watchlist]]` tables of the feeds file: which real-world events a newsroom wants to hear of.

[[watchlist]]
name = "Korea-Russia"                 # required, unique in the file
countries = ["IRN"]                   # events with one of these as source or target ...
dyads = [["PRK", "RUS"]]              # ... or between these two (either direction)
event_types = ["CONSULT", "AGREE"]    # PLOVER types (none: any type)
min_confidence = 0.8                  # the cluster's highest member confidence
min_articles = 2                      # articles reporting it
webhook = "https://hooks.example/x"   # where to send each alert (any of the three, or none)
jsonl = "alerts.jsonl"                # relative to the feeds file
prefect_block = "slack-webhook/newsroom"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dipwatch.feedsfile import ConfigError

Code = Annotated[str, Field(pattern=r"^[A-Z]{2,8}$")]


def plover_types() -> list[str]:
    """The PLOVER event types (from the ontology shipped with dipwatch)."""
    from dipwatch.app.plover import ontology

    return sorted(ontology()["event_types"])


class Watchlist(BaseModel):
    """One watchlist: what matches it, and where its alerts go."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    countries: tuple[Code, ...] = ()
    dyads: tuple[tuple[Code, Code], ...] = ()
    event_types: tuple[str, ...] = ()
    min_confidence: float = Field(0.0, ge=0, le=1)
    min_articles: int = Field(1, ge=1)
    webhook: str | None = Field(None, pattern=r"^https?://[^\s/]+")
    jsonl: str | None = Field(None, min_length=1)
    prefect_block: str | None = Field(None, pattern=r"^[a-z0-9-]+/[^/\s]+$")

    @field_validator("event_types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = plover_types()
        for t in value:
            if t not in known:
                raise ValueError(f"unknown PLOVER type {t!r} (known: {', '.join(known)})")
        return value

    def destinations(self) -> list[str]:
        """Where this watchlist's alerts go: webhook:URL, jsonl:PATH, block:SLUG/NAME."""
        out = []
        if self.webhook:
            out.append(f"webhook:{self.webhook}")
        if self.jsonl:
            out.append(f"jsonl:{self.jsonl}")
        if self.prefect_block:
            out.append(f"block:{self.prefect_block}")
        return out


def parse_watchlists(items: Any, base: Path, label: str) -> list[Watchlist]:
    """Watchlists from the [[watchlist]] array of a feeds file (paths taken relative to `base`)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise ConfigError(f"{label}: [[watchlist]] must be an array of tables")
    out: list[Watchlist] = []
    for i, item in enumerate(items):
        where = f"{label}: watchlist #{i + 1}"
        if isinstance(item, dict) and item.get("name"):
            where = f"{label}: watchlist {item['name']!r}"
        try:
            wl = Watchlist.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"]) or "?"
            msg = err["msg"]
            raise ConfigError(f"{where}: {loc}: {msg}, got {err.get('input')!r}") from None
        if wl.jsonl and not Path(wl.jsonl).expanduser().is_absolute():
            wl = wl.model_copy(update={"jsonl": str((base / wl.jsonl).resolve())})
        if any(w.name == wl.name for w in out):
            raise ConfigError(f"{where}: a second watchlist with this name")
        out.append(wl)
    return out


def read_watchlists(path: str | Path | None) -> list[Watchlist]:
    """The watchlists of a feeds file (none when there is no file)."""
    if not path:
        return []
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"feeds file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"feeds file {path}: {exc}") from None
    return parse_watchlists(doc.get("watchlist"), path.parent, f"feeds file {path}")
