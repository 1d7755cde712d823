"""Which shard owns an article: a stable hash of its host, so a host's pages stay in one shard."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

HOST_LIMIT_PREFIX = "host:"  # Prefect global concurrency limits named host:<host> cap fetchers


def host_key(url: str | None) -> str:
    """The host of a URL, lower case, with its port when the URL names one ('' when none)."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # a malformed URL (bad port, bad brackets): one key for all of them
        return ""
    return f"{host}:{port}" if host and port is not None else host


def shard_of(url: str | None, shards: int) -> int:
    """The shard (0 .. shards-1) that owns this URL: sha1 of its host modulo the shard count
    (the same on every machine and Python process, unlike hash())."""
    if shards <= 1:
        return 0
    digest = hashlib.sha1(host_key(url).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def limit_name(host: str) -> str:
    """The name of the Prefect global concurrency limit of a host."""
    return HOST_LIMIT_PREFIX + host
