"""A fake name service for address-policy tests: nothing leaves 127.0.0.1.

`FakeNet` replaces `dipwatch.ingest.addresses.resolve_host` (names -> addresses it is told)
and `dial_address` (the address a checked connection goes to): addresses in `to_local` are
dialled at 127.0.0.1 on the same port, 127.0.0.1 itself goes through, and any other dial fails
the test. Every dial is recorded, so a test can tell that a refused address was never dialled.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest

PUBLIC = "93.184.215.14"  # looks public; dialled at 127.0.0.1


@dataclass
class FakeNet:
    names: dict[str, list[str]] = field(default_factory=dict)
    to_local: set[str] = field(default_factory=lambda: {PUBLIC})
    dials: list[tuple[str, int]] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def resolve(self, host: str) -> list[str]:
        self.lookups.append(host)
        try:
            return list(self.names[host.lower()])
        except KeyError:
            raise socket.gaierror(
                socket.EAI_NONAME, f"{host}: unknown to the fake resolver"
            ) from None

    def dial(self, address: str, port: int) -> tuple[str, int]:
        self.dials.append((address, port))
        if address in self.to_local or address == "127.0.0.1":
            return "127.0.0.1", port
        raise AssertionError(f"a test tried to connect to {address}:{port}")


@pytest.fixture(name="fake_net")
def fake_net_fixture(monkeypatch: pytest.MonkeyPatch) -> FakeNet:
    """The fake resolver and dialler, installed for one test."""
    from dipwatch.ingest import addresses

    net = FakeNet()
    monkeypatch.setattr(addresses, "resolve_host", net.resolve)
    monkeypatch.setattr(addresses, "dial_address", net.dial)
    return net
