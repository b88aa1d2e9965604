"""Issue 20, the hostile web: no SSRF through entry links or redirects (the address connected to is checked),
one deadline for the whole request (headers trickled in a byte at a time), and compression bombs stopped at the
size limit (``Content-Encoding: gzip, gzip``)."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrace.corpus import Corpus
from newstrace.watch import FeedSpec, Fetcher, FetchError, Watcher, WatchOptions
from newstrace.watch.decoding import STEP, UnsupportedEncoding, decode, encodings
from newstrace.watch.fetch import FetchRefused
from newstrace.watch.guard import AddressPolicy, is_public
from test_watch_helpers import HARBOUR_1, MONDAY, FakeClock, Item, Site, gzip_bomb, page, rss, serve


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        yield s


# --- which addresses are public ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("127.1.2.3", False),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),  # shared address space (CGNAT)
        ("169.254.169.254", False),  # cloud metadata (link-local)
        ("224.0.0.1", False),  # multicast
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("192.0.2.1", False),  # documentation
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("fec0::1", False),  # site-local (deprecated)
        ("ff02::1", False),  # multicast
        ("2001:db8::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allowed_hosts_names_addresses_and_networks() -> None:
    policy = AddressPolicy.allowing(["Intranet.Example.", "10.0.0.0/8", "[::1]"])
    assert policy.host_allowed("intranet.example") and not policy.host_allowed("other.example")
    assert policy.address_allowed(ipaddress.ip_address("10.9.8.7"))
    assert policy.address_allowed(ipaddress.ip_address("::ffff:10.9.8.7"))
    assert policy.address_allowed(ipaddress.ip_address("::1"))
    assert not policy.address_allowed(ipaddress.ip_address("192.168.0.1"))
    assert AddressPolicy(public_only=False).host_allowed("anything.example")


# --- refused by default, allowed when listed -----------------------------------------------------------------


def test_a_local_server_is_refused_by_default_and_fetched_when_allowed(site: Site) -> None:
    site.put("/internal", b"secret", "text/plain")
    with Fetcher(timeout=2, host_interval=0, clock=FakeClock()) as fetcher, pytest.raises(FetchRefused) as err:
        fetcher.get(site.url("/internal"))
    assert err.value.reason == ("refused 127.0.0.1: not a public address (a feed may not lead the watcher to this "
                                "machine or its network; to allow it: --allow-host 127.0.0.1)")
    assert site.hits == []  # no connection was made
    for allowed in (["127.0.0.1"], ["127.0.0.0/8"]):
        with Fetcher(timeout=2, host_interval=0, clock=FakeClock(), allow_hosts=allowed) as fetcher:
            assert fetcher.get(site.url("/internal")).body == b"secret"


@pytest.mark.parametrize("spelling", ["localhost", "127.1", "[::ffff:127.0.0.1]", "2130706433"])
def test_other_spellings_of_loopback_are_refused(site: Site, spelling: str) -> None:
    port = site.base.rsplit(":", 1)[1]
    with Fetcher(timeout=2, host_interval=0, clock=FakeClock()) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://{spelling}:{port}/x")
    assert err.value.reason.startswith("refused ")
    assert site.hits == []


def test_a_redirect_to_a_private_address_is_refused(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.put("/internal", b"secret", "text/plain")
    site.behaviour["/go"] = "redirect:" + site.url("/internal")
    with (Fetcher(timeout=2, host_interval=0, clock=FakeClock(), allow_hosts=["localhost"]) as fetcher,
          pytest.raises(FetchRefused, match=r"^refused 127\.0\.0\.1: ")):  # a name allowed, not the address
        fetcher.get(f"http://localhost:{port}/go")
    assert site.paths() == ["/go"]


def test_the_address_checked_is_the_address_connected_to(site: Site) -> None:
    """DNS rebinding: a name that resolves to a public address when first asked, then to 127.0.0.1 — the
    connection goes to the address that was checked, or nowhere."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = [[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))],
               [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]]
    asked: list[str] = []

    def resolve(host: str, port: int, **kw: Any) -> list[Any]:
        asked.append(host)
        return answers[min(len(asked) - 1, 1)]

    with Fetcher(timeout=0.5, host_interval=0, clock=FakeClock()) as fetcher:
        fetcher.backend.resolve = resolve
        with pytest.raises(FetchError):  # the first answer: a public address that does not answer here
            fetcher.get(f"http://rebind.example:{port}/x")
        with pytest.raises(FetchRefused, match=r"rebind\.example \(127\.0\.0\.1\)"):
            fetcher.get(f"http://rebind.example:{port}/x")
    assert site.hits == [] and len(asked) == 2


def test_a_feed_linking_to_an_internal_page_does_not_get_it_stored(tmp_path: Path, site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    feed = f"http://localhost:{port}/harbour/rss.xml"  # the user lists it: host "localhost" is allowed
    site.put("/harbour/1.html", page("Fire injures crew on ferry in Genoa", "Harbour Post", HARBOUR_1))
    site.put("/admin.html", page("Admin console", "Intranet", ("Internal figures: 40 servers in 3 rooms.",) * 5))
    internal = site.url("/admin.html")  # http://127.0.0.1:PORT: an address nobody allowed
    site.put("/harbour/rss.xml", rss("Harbour Post", [
        Item("hp-1", "Fire injures crew", f"http://localhost:{port}/harbour/1.html", MONDAY),
        Item("hp-2", "Look inside", internal, MONDAY)]), "application/rss+xml")
    clock = FakeClock()
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0, clock=clock) as fetcher:
        watcher = Watcher(corpus, [FeedSpec(feed)], fetcher=fetcher, clock=clock,
                          options=WatchOptions(every=900))
        report = watcher.run_round()
        assert report.stored == 1 and report.retrying == 0
        [failed] = report.failed
        assert failed.startswith(f"{internal}: did not fetch the article page: refused 127.0.0.1: not a public")
        assert "/admin.html" not in site.paths()
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0, clock=clock,
                                                         allow_hosts=["127.0.0.1"]) as fetcher:
        corpus.conn.execute("UPDATE watch_entries SET state = 'pending'")  # ask again, now allowed
        watcher = Watcher(corpus, [FeedSpec(feed)], fetcher=fetcher, clock=clock,
                          options=WatchOptions(every=900))
        assert watcher.run_round().stored == 1
        assert "/admin.html" in site.paths()


# --- the whole request within the timeout --------------------------------------------------------------------


def test_headers_trickled_in_are_cut_off_at_the_timeout(site: Site) -> None:
    """Each byte comes well within the timeout; the headers as a whole take 60 × 0.05 s = 3 s: over 0.5 s."""
    site.behaviour["/trickle"] = "trickle"
    with (Fetcher(timeout=0.5, host_interval=0, clock=FakeClock(), allow_hosts=["127.0.0.1"]) as fetcher,
          pytest.raises(FetchError) as err):
        fetcher.get(site.url("/trickle"))
    assert err.value.reason == "timed out (no complete answer within 0.5 s)"
    # the same answer, given the time, is read
    site.release.set()
    site.release.clear()
    with Fetcher(timeout=10, host_interval=0, clock=FakeClock(), allow_hosts=["127.0.0.1"]) as fetcher:
        assert fetcher.get(site.url("/trickle")).body == b"ok"


# --- Content-Encoding in bounded steps -----------------------------------------------------------------------


def test_a_double_gzip_bomb_stops_at_the_limit_without_inflating(site: Site) -> None:
    site.behaviour["/bomb.xml"] = "gzip-bomb"
    site.bomb = gzip_bomb(50_000_000)  # ~ 5 KB on the wire, 50 MB inflated
    assert len(site.bomb) < 10_000
    with Fetcher(timeout=5, host_interval=0, clock=FakeClock(), allow_hosts=["127.0.0.1"]) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as err:
                fetcher.get(site.url("/bomb.xml"), max_bytes=1_000_000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert err.value.reason == "the answer is over the limit of 1,000,000 bytes"
    assert peak < 8_000_000  # the limit and a few steps, not 50 MB (httpx alone held it all at once)


def test_decode_gives_bounded_pieces_whatever_the_stacking() -> None:
    data = b"0123456789" * 100_000
    once = gzip.compress(data)
    twice = gzip.compress(once)
    pieces = list(decode([twice[i:i + 100] for i in range(0, len(twice), 100)], "gzip, gzip"))
    assert b"".join(pieces) == data and max(map(len, pieces)) <= STEP
    bomb = gzip.compress(gzip.compress(b"\0" * 20_000_000))
    taken = 0
    for piece in decode([bomb], "gzip, gzip"):  # a reader that stops early never holds more than a step
        assert len(piece) <= STEP
        taken += len(piece)
        if taken > 200_000:
            break


@pytest.mark.parametrize(
    ("encoded", "header"),
    [
        (b"plain", None),
        (b"plain", "identity"),
        (gzip.compress(b"plain"), "x-gzip"),
        (zlib.compress(b"plain"), "deflate"),
        (zlib.compress(b"plain")[2:-4], "Deflate"),  # raw deflate, as some servers send it
        (zlib.compress(gzip.compress(b"plain")), "gzip, deflate"),
    ],
)
def test_decode_undoes_what_servers_send(encoded: bytes, header: str | None) -> None:
    assert b"".join(decode([encoded], header)) == b"plain"


def test_an_unknown_encoding_is_a_reason(site: Site) -> None:
    assert encodings("gzip, identity, br") == ["gzip", "br"]
    with pytest.raises(UnsupportedEncoding):
        list(decode([b"x"], "br"))
