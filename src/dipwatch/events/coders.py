"""Event coders behind one interface, chosen by name: a registry that also finds the coders
other packages declare in the entry-point group `dipwatch.coders`.

A coder turns a batch of articles into one list of events per article. `get_coder(name)`
returns it wrapped so that every event it returns is stamped with the coder's registered name
and its version (provenance is the registry's job, not each coder's). Factories run on first
use and their coder is kept for the process: importing this module loads no model.

A third-party coder is declared in its package's metadata, e.g. in pyproject.toml:

    [project.entry-points."dipwatch.coders"]
    mycoder = "mypackage.coder:MyCoder"      # a class or factory returning an EventCoder
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Protocol, runtime_checkable

from dipwatch.config import ConfigError
from dipwatch.models import Article, Event

log = logging.getLogger("dipwatch.events.coders")

ENTRY_POINT_GROUP = "dipwatch.coders"
DEFAULT_CODER = "rules"


@runtime_checkable
class EventCoder(Protocol):
    """Codes articles into PLOVER events: one list of events per article, in order."""

    name: str
    version: str

    def code(self, articles: Sequence[Article]) -> list[list[Event]]:
        """The events of each article (an empty list for an article with none)."""
        ...


CoderFactory = Callable[[], EventCoder]


class CoderError(ConfigError):
    """A coder that cannot be found, built or trusted; the message is one line for the user."""


_lock = threading.RLock()
_factories: dict[str, CoderFactory] = {}
_coders: dict[str, EventCoder] = {}


def register_coder(name: str, factory: CoderFactory, *, replace: bool = False) -> None:
    """Make a coder available under `name`; `factory()` builds it on first use."""
    if not name or not name.strip() or name != name.strip():
        raise ValueError(f"coder name {name!r}: expected a non-empty name without spaces")
    if not callable(factory):
        raise TypeError(f"coder {name!r}: factory must be callable, got {type(factory).__name__}")
    with _lock:
        if name in _factories and _factories[name] is not factory and not replace:
            raise ValueError(f"a coder named {name!r} is already registered (pass replace=True)")
        _factories[name] = factory
        _coders.pop(name, None)


def unregister_coder(name: str) -> None:
    """Forget a coder registered with `register_coder` (entry points stay discoverable)."""
    with _lock:
        _factories.pop(name, None)
        _coders.pop(name, None)


def _entry_points() -> dict[str, metadata.EntryPoint]:
    """Coders declared by installed packages, by name."""
    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def available_coders() -> list[str]:
    """Names of every coder: registered here or declared by an installed package."""
    with _lock:
        names = set(_factories)
    return sorted(names | set(_entry_points()))


def _factory_of(name: str) -> CoderFactory:
    """The factory of a registered coder, else of an entry point (registrations win)."""
    with _lock:
        factory = _factories.get(name)
    if factory is not None:
        return factory
    ep = _entry_points().get(name)
    if ep is None:
        known = ", ".join(available_coders()) or "none"
        raise CoderError(f"unknown event coder {name!r} (known: {known})")
    try:
        loaded = ep.load()
    except Exception as exc:
        raise CoderError(
            f"event coder {name!r} ({ep.value}) could not be loaded: {type(exc).__name__}: {exc}"
        ) from None
    if _looks_like_coder(loaded):
        return lambda: loaded  # the entry point names a ready coder
    return loaded


def _looks_like_coder(obj: object) -> bool:
    """An EventCoder instance (not a class or factory); dir() leaves lazy properties alone."""
    return not isinstance(obj, type) and all(a in dir(obj) for a in ("name", "version", "code"))


def check_coder(name: str) -> None:
    """Raise CoderError (one line) unless a coder of that name is available; builds nothing."""
    if name not in available_coders():
        known = ", ".join(available_coders()) or "none"
        raise CoderError(f"unknown event coder {name!r} (known: {known})")


def get_coder(name: str = DEFAULT_CODER) -> EventCoder:
    """The coder registered as `name`, built on first use, stamping its events' provenance."""
    with _lock:
        coder = _coders.get(name)
        if coder is not None:
            return coder
        factory = _factory_of(name)
        try:
            inner = factory()
        except CoderError:
            raise
        except Exception as exc:
            raise CoderError(
                f"event coder {name!r} could not be built: {type(exc).__name__}: {exc}"
            ) from None
        if not _looks_like_coder(inner):
            raise CoderError(
                f"event coder {name!r}: its factory returned {type(inner).__name__}, "
                "not an EventCoder (name, version, code)"
            )
        coder = _coders[name] = Stamped(name, inner)
        return coder


class Stamped:
    """A coder whose events carry its registered name and version, one list per article."""

    def __init__(self, name: str, inner: EventCoder) -> None:
        """Wrap `inner`, registered as `name`."""
        self.name = name
        self.inner = inner

    @property
    def version(self) -> str:
        """The wrapped coder's version."""
        return str(self.inner.version)

    def code(self, articles: Sequence[Article]) -> list[list[Event]]:
        """The wrapped coder's events of each article, stamped with its name and version."""
        found = self.inner.code(articles)
        if len(found) != len(articles):
            raise CoderError(
                f"event coder {self.name!r} returned {len(found)} event lists "
                f"for {len(articles)} articles"
            )
        version = self.version
        for events in found:
            for ev in events:
                ev.coder = self.name
                ev.coder_version = version
        return [list(events) for events in found]

    def __repr__(self) -> str:
        return f"<coder {self.name} {self.inner!r}>"


def _rule_coder() -> EventCoder:
    """The built-in rule coder (dipwatch.events.engine); its model loads on first `code`."""
    from dipwatch.events.rules import RuleCoder

    return RuleCoder()


register_coder(DEFAULT_CODER, _rule_coder)
