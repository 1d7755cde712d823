"""The address policy: forbidden ranges refused before any connection, redirects included."""

from __future__ import annotations

import ipaddress
import re

import pytest

from dipwatch.config import FeedSpec, Settings, load_settings
from dipwatch.feedsfile import ConfigError
from dipwatch.ingest.addresses import AddressPolicy, AddressRefused, non_public_kind
from dipwatch.ingest.feeds import poll_feed, poll_feeds
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import FeedEntry
from fakenet import PUBLIC, FakeNet, fake_net_fixture  # noqa: F401
from localserver import LocalServer, Reply, local_server_fixture  # noqa: F401

HINT = "; set DIPWATCH_ALLOW_PRIVATE_HOSTS to allow"
FAST = Settings(
    retries=0, connect_timeout=2.0, read_timeout_http=2.0, total_timeout=5.0, respect_robots=False
)
HTML = "<!doctype html><html><head><title>t</title></head><body><p>Hello</p></body></html>"

# every forbidden range, as a link: (host as written in the URL, the refusal)
FORBIDDEN = {
    "10.0.0.5": "10.0.0.5 is a private address",
    "172.16.0.1": "172.16.0.1 is a private address",
    "192.168.1.1": "192.168.1.1 is a private address",
    "169.254.169.254": "169.254.169.254 is a link-local address",
    "127.0.0.1": "127.0.0.1 is a loopback address",
    "0.0.0.0": "0.0.0.0 is an unspecified address",
    "224.0.0.1": "224.0.0.1 is a multicast address",
    "240.0.0.1": "240.0.0.1 is a reserved address",
    "100.64.0.1": "100.64.0.1 is a non-public address",
    "[::1]": "::1 is a loopback address",
    "[::]": ":: is an unspecified address",
    "[fe80::1]": "fe80::1 is a link-local address",
    "[fc00::1]": "fc00::1 is a private address",
    "[ff02::1]": "ff02::1 is a multicast address",
    "[::ffff:10.0.0.5]": "::ffff:a00:5 (which embeds 10.0.0.5) is a private address",
    "[::127.0.0.1]": "::7f00:1 (which embeds 127.0.0.1) is a loopback address",
    "[2002:a9fe:a9fe::]": "2002:a9fe:a9fe:: (which embeds 169.254.169.254) is a link-local address",
    "[64:ff9b::a9fe:a9fe]": "64:ff9b::a9fe:a9fe (which embeds 169.254.169.254) is a link-local address",
    "internal.test": "internal.test resolves to 10.1.2.3, a private address",
}


@pytest.mark.parametrize(
    "address, kind",
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
        ("10.255.255.255", "private"),
        ("172.31.0.1", "private"),
        ("169.254.0.1", "link-local"),
        ("127.8.8.8", "loopback"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "private"),  # documentation range
        ("2001:db8::1", "private"),
        ("fd12:3456::1", "private"),
        ("ff0e::1", "multicast"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),  # Teredo client 10.0.0.1
        ("64:ff9b::808:808", None),  # NAT64 of a public address
        ("64:ff9b:1::a00:5", "reserved"),  # local-use NAT64: not decoded, refused
    ],
)
def test_ranges_are_classified(address: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(address)) == kind


def test_the_refusal_is_one_line_naming_the_address_and_the_setting() -> None:
    with pytest.raises(AddressRefused) as caught:
        AddressPolicy().addresses("10.0.0.5")
    assert str(caught.value) == "refused: 10.0.0.5 is a private address" + HINT


def test_allow_list_of_networks_and_names(fake_net: FakeNet) -> None:
    fake_net.names["intranet.example"] = ["10.9.9.9"]
    policy = AddressPolicy.from_setting("10.0.0.0/8, [fd00::]/8, intranet.example")
    assert policy.addresses("10.1.2.3") == [ipaddress.ip_address("10.1.2.3")]
    assert policy.addresses("::ffff:10.1.2.3")  # IPv4-mapped form of an allowed address
    assert policy.addresses("fd00::5")
    assert policy.addresses("intranet.example") == [ipaddress.ip_address("10.9.9.9")]
    with pytest.raises(AddressRefused, match="192.168.0.1 is a private"):
        policy.addresses("192.168.0.1")


def test_only_the_allowed_addresses_of_a_mixed_answer_are_used(fake_net: FakeNet) -> None:
    fake_net.names["mixed.test"] = ["10.0.0.5", PUBLIC]
    assert AddressPolicy().addresses("mixed.test") == [ipaddress.ip_address(PUBLIC)]


def test_a_feed_on_a_private_address_may_read_from_that_address_only(fake_net: FakeNet) -> None:
    fake_net.names["wiki.corp"] = ["10.20.0.7"]
    policy = AddressPolicy().for_feed("http://wiki.corp/feed.xml")
    assert policy.addresses("10.20.0.7")
    with pytest.raises(AddressRefused):
        policy.addresses("10.20.0.8")
    assert AddressPolicy().for_feed("https://news.example.org/rss") == AddressPolicy()


@pytest.mark.parametrize(
    "value, message",
    [
        ("10.0.0.0/33", "'10.0.0.0/33' is not a CIDR network"),
        ("ok.example, bad_host$", "'bad_host$' is not an address or host name"),
    ],
)
def test_bad_allow_list_is_one_line(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape("DIPWATCH_ALLOW_PRIVATE_HOSTS: " + message)):
        load_settings(environ={"DIPWATCH_ALLOW_PRIVATE_HOSTS": value}, read_feeds=False)


def test_allow_list_from_a_feeds_file_list() -> None:
    assert Settings(allow_private_hosts=["10.0.0.0/8", "::1"]).allow_private_hosts == (
        "10.0.0.0/8, ::1"
    )


# --- fetching -----------------------------------------------------------------------------------


def _public_world(srv: LocalServer, net: FakeNet) -> str:
    """news.public.test resolves to a public address (dialled at the local server)."""
    net.names["news.public.test"] = [PUBLIC]
    net.names["internal.test"] = ["10.1.2.3"]
    return f"http://news.public.test:{srv.port}"


def test_a_public_feed_linking_to_every_forbidden_range_is_refused_before_connecting(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    base = _public_world(local_server, fake_net)
    local_server.route("/ok.html", Reply.html(HTML))
    feed = base + "/feed.xml"
    links = [f"http://{host}:{local_server.port}/secret" for host in FORBIDDEN]
    entries = [FeedEntry(feed, link) for link in [*links, base + "/ok.html"]]
    pages = fetch_pages(entries, FAST)
    *refused, ok = pages
    assert ok.status == "ok"
    for page, expected in zip(refused, FORBIDDEN.values(), strict=True):
        assert page.status == "error" and page.error == "refused: " + expected + HINT
        assert page.retry_at is None  # never tried again
    assert {addr for addr, _ in fake_net.dials} == {PUBLIC}  # nothing forbidden was dialled
    assert [r.path for r in local_server.requests if r.path != "/robots.txt"] == ["/ok.html"]


def test_a_redirect_into_a_private_range_is_refused(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    base = _public_world(local_server, fake_net)
    local_server.route("/to-meta", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
    local_server.route("/to-self", Reply.redirect(local_server.url("/private-only.html")))
    local_server.route("/private-only.html", Reply.html(HTML))
    feed = base + "/feed.xml"
    meta, loop = fetch_pages(
        [FeedEntry(feed, base + "/to-meta"), FeedEntry(feed, base + "/to-self")], FAST
    )
    assert meta.error == "refused: 169.254.169.254 is a link-local address" + HINT
    assert loop.error == "refused: 127.0.0.1 is a loopback address" + HINT
    assert local_server.hits("/private-only.html") == 0


def test_the_allow_list_lets_a_private_address_through(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    base = _public_world(local_server, fake_net)
    fake_net.to_local.add("10.0.0.5")  # the "intranet" host is the local server
    local_server.route("/intranet.html", Reply.html(HTML))
    entry = FeedEntry(base + "/feed.xml", f"http://10.0.0.5:{local_server.port}/intranet.html")
    (refused,) = fetch_pages([entry], FAST)
    assert refused.error.startswith("refused: 10.0.0.5 is a private address")
    assert local_server.hits("/intranet.html") == 0
    allowed = FAST.model_copy(update=dict(allow_private_hosts="10.0.0.0/8"))
    (page,) = fetch_pages([entry], allowed)
    assert page.status == "ok" and local_server.hits("/intranet.html") == 1


def test_a_feed_on_127_0_0_1_reads_its_own_pages_but_no_other_private_host(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    local_server.route("/own.html", Reply.html(HTML))
    feed = local_server.url("/feed.xml")
    own, other = fetch_pages(
        [FeedEntry(feed, local_server.url("/own.html")), FeedEntry(feed, "http://10.0.0.5/x")],
        FAST,
    )
    assert own.status == "ok"
    assert other.error == "refused: 10.0.0.5 is a private address" + HINT


def test_robots_txt_goes_through_the_policy_too(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    base = _public_world(local_server, fake_net)
    local_server.route("/robots.txt", Reply.redirect("http://10.0.0.5/robots.txt"))
    local_server.route("/ok.html", Reply.html(HTML))
    robots = FAST.model_copy(update=dict(respect_robots=True))
    (page,) = fetch_pages([FeedEntry(base + "/feed.xml", base + "/ok.html")], robots)
    assert page.status == "ok"  # robots.txt unavailable: allowed, and 10.0.0.5 never dialled
    assert {addr for addr, _ in fake_net.dials} == {PUBLIC}


# --- feeds --------------------------------------------------------------------------------------


def test_a_feed_redirecting_into_a_private_range_is_refused(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    base = _public_world(local_server, fake_net)
    local_server.route("/moved.xml", Reply.redirect("http://192.168.1.1/feed.xml"))
    result = poll_feed(FeedSpec(base + "/moved.xml"), None, FAST)
    assert result.status == "error"
    assert result.error == "refused: 192.168.1.1 is a private address" + HINT
    assert {addr for addr, _ in fake_net.dials} == {PUBLIC}


def test_feeds_configured_on_private_addresses_are_polled(
    local_server: LocalServer, fake_net: FakeNet
) -> None:
    fake_net.names["feeds.corp"] = ["10.3.3.3"]
    fake_net.to_local.add("10.3.3.3")
    rss = '<rss version="2.0"><channel><title>c</title><item><link>/a</link></item></channel></rss>'
    local_server.route("/feed.xml", Reply.xml(rss))
    public_one, corp = poll_feeds(
        [
            FeedSpec(local_server.url("/feed.xml")),
            FeedSpec(f"http://feeds.corp:{local_server.port}/feed.xml"),
        ],
        None,
        FAST,
    )
    assert public_one.status == "ok" and corp.status == "ok"
    assert corp.entries[0].link == f"http://feeds.corp:{local_server.port}/a"
