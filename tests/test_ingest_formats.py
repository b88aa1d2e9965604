"""Input formats for ingest: detection from content, HTML pages, RSS/Atom feeds, WARC archives, stdin, and
the --format override. Fixtures are small files of our own in tests/fixtures/."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.ingest.detect import InputFormat, detect_format
from newstrace.ingest.html import fragment_text
from newstrace.ingest.language import not_english_reason
from newstrace.ingest.readers import read_inputs
from newstrace.records import Failure, InputRecord

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_HTML = FIXTURES / "article.html"


def _records(items: list[InputRecord | Failure]) -> list[InputRecord]:
    return [i for i in items if isinstance(i, InputRecord)]


def _failures(items: list[InputRecord | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def write_warc(
    path: Path, responses: list[tuple[str, str, bytes]], extra_request: bool = True, gz: bool = True
) -> Path:
    """A WARC with one response record per (url, content type, body), each followed by a request record."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, ctype, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                          http_headers=headers)
            )
            if extra_request:
                req = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                              http_headers=req))
    return path


PAGE_2 = b"""<html><head><title>Grain barge runs aground</title>
<meta property="og:site_name" content="Harbor Gazette"></head><body><nav>Home | World | Sport</nav>
<article><p>A grain barge ran aground on a sandbank near Dordrecht on Thursday, blocking the river for six hours,
the coast guard said. Nobody was hurt, and the barge was refloated at high tide.</p>
<p>"The channel markers had drifted after the storm," a coast guard spokesman said.</p></article>
<footer>Copyright Harbor Gazette</footer></body></html>"""


# --- detection ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b'{"id": "a", "text": "x"}\n{"id": "b"}', None, InputFormat.jsonl),
        (b'\xef\xbb\xbf{"text": "with a byte-order mark"}\n', None, InputFormat.jsonl),
        (b"not json at all", "notes.jsonl", InputFormat.jsonl),  # the suffix decides for JSON Lines
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", None, InputFormat.html),
        (b"  <html lang='en'><head><title>t</title></head>", "story.txt", InputFormat.html),  # content, not name
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', None, InputFormat.rss),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', None, InputFormat.rss),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', None, InputFormat.rss),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", None, InputFormat.warc),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"), None, InputFormat.warc),
        # negatives: look-alikes that are plain text
        (b"The mayor said <b> tags are not allowed in comments.", None, InputFormat.text),
        (b"{not json} said the headline", None, InputFormat.text),
        (b'["a", "json", "array"]', None, InputFormat.text),
        (b"WARCs are web archives, the librarian said.", None, InputFormat.text),
        (gzip.compress(b"just compressed text"), None, InputFormat.text),
        (b"Feed the ducks, said the <rss> sign.", None, InputFormat.text),
    ],
)
def test_detect_format(head: bytes, name: str | None, expected: InputFormat) -> None:
    assert detect_format(head, name) is expected


# --- HTML --------------------------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata() -> None:
    (rec,) = list(read_inputs([ARTICLE_HTML]))
    assert isinstance(rec, InputRecord)
    assert rec.text.startswith("MAASTRICHT — Barge traffic on the Meuse canal")
    assert "Hugo Peeters" in rec.text and "2 million euros" in rec.text
    for boilerplate in ("Subscribe today", "cookies", "Most read", "All rights reserved", "Privacy policy", "Sport"):
        assert boilerplate not in rec.text
    assert not rec.text.startswith("Lock gates fail")  # the headline is the title, not the first line
    assert rec.title == "Lock gates fail on the Meuse canal"
    assert rec.published == "2026-02-11"
    assert rec.source == "Valley Courier"
    assert rec.url == "https://valleycourier.example.org/2026/02/11/meuse-lock-gates"
    assert rec.id == "article" and rec.location == str(ARTICLE_HTML)


def test_html_page_without_article_text_is_a_failure(tmp_path: Path) -> None:
    page = tmp_path / "front.html"
    page.write_bytes(
        b"<html><head><title>Front page</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a>"
        b"</nav><ul><li><a href='/1'>Port reopens</a></li><li><a href='/2'>Cup final</a></li></ul></body></html>"
    )
    (item,) = list(read_inputs([page]))
    assert isinstance(item, Failure) and item.location == str(page)
    assert "article text found in the HTML page" in item.reason


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>First <b>bold</b> para.</p><p>Second<br>line.</p>", "First bold para.\nSecond\nline."),
        ("Plain text, no tags.", "Plain text, no tags."),
        ("<div><p>  Spaced\u00a0 out  </p></div>", "Spaced out"),
        ("<p></p>", ""),
    ],
)
def test_fragment_text(fragment: str, expected: str) -> None:
    assert fragment_text(fragment) == expected


# --- feeds -------------------------------------------------------------------------------------------------


def test_rss_feed_three_entries() -> None:
    path = FIXTURES / "feed.rss"
    items = list(read_inputs([path]))
    recs = _records(items)
    assert not _failures(items) and len(recs) == 3
    assert [r.id for r in recs] == ["cw-ferry-2026-01-20", "cw-dredging-2026-01-21", "cw-quota-2026-01-22"]
    assert [r.location for r in recs] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [r.published for r in recs] == ["2026-01-20", "2026-01-21", "2026-01-22"]
    assert {r.source for r in recs} == {"Coastal Wire"}
    ferry, dredging, quota = recs
    # content:encoded wins over the teaser, as text with paragraphs and no tags
    assert ferry.text.startswith("Ferry service between the islands resumed") and "teaser" not in ferry.text
    assert "a three-day suspension" in ferry.text and "<" not in ferry.text and "\n" in ferry.text
    assert dredging.text.startswith("Dredging of the inner harbour") and "<p>" not in dredging.text
    assert quota.url == "https://coastalwire.example.org/2026/01/22/quota"
    assert quota.title == "Fishing quota talks end without deal"


def test_atom_feed_content_and_summary() -> None:
    path = FIXTURES / "feed.atom"
    recs = _records(list(read_inputs([path])))
    assert [r.id for r in recs] == ["urn:uuid:nl-bridge-cables", "urn:uuid:nl-flood-barrier"]
    bridge, barrier = recs
    assert bridge.text.split("\n") == [
        "An inspection of the river bridge found corroded cables on its northern span, the city engineer said on "
        "Monday.",
        "Traffic will be limited to one lane in each direction until repairs are finished.",
    ]
    assert bridge.published == "2026-02-02" and bridge.source == "Northern Ledger"
    assert barrier.text.startswith("The council approved a budget of 12 million euros")
    assert barrier.published == "2026-02-01"  # no <published>: the entry's <updated>


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "no entries"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off &amp; broken</title', "not a readable"),
        (
            b'<rss version="2.0"><channel><item><title>Only a link</title><link>https://x.example/1</link>'
            b"</item></channel></rss>",
            "neither content nor a summary",
        ),
    ],
)
def test_bad_feeds_are_failures(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert reason in items[0].reason and items[0].location.startswith(str(path))


# --- WARC --------------------------------------------------------------------------------------------------


def test_warc_html_responses_only(tmp_path: Path) -> None:
    page_1 = ARTICLE_HTML.read_bytes()
    path = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://valleycourier.example.org/2026/02/11/meuse-lock-gates", "text/html; charset=utf-8", page_1),
        ("https://harborgazette.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("https://harborgazette.example.org/2026/02/12/grain-barge", "text/html", PAGE_2),
    ])
    items = list(read_inputs([path]))
    assert not _failures(items)
    recs = _records(items)
    assert [r.url for r in recs] == [
        "https://valleycourier.example.org/2026/02/11/meuse-lock-gates",
        "https://harborgazette.example.org/2026/02/12/grain-barge",
    ]
    assert recs[0].text.startswith("MAASTRICHT") and recs[0].published == "2026-02-11"
    assert recs[1].text.startswith("A grain barge ran aground") and "Sport" not in recs[1].text
    assert recs[1].source == "Harbor Gazette"
    assert all(r.location and r.location.startswith(f"{path}@") for r in recs)
    assert recs[0].location != recs[1].location


def test_damaged_warc_keeps_records_before_the_damage(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc", [("https://x.example/1", "text/html", PAGE_2)], gz=False)
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(good.read_bytes() + b"garbage where the next record should start\r\n\r\n")
    items = list(read_inputs([damaged]))
    assert len(_records(items)) == 1
    (failure,) = _failures(items)
    assert "cannot read the WARC archive after this record" in failure.reason
    assert failure.location.startswith(f"{damaged}@")


# --- stdin and --format ------------------------------------------------------------------------------------


def test_stdin_html_and_feed() -> None:
    (page,) = list(read_inputs(["-"], stdin=io.BytesIO(ARTICLE_HTML.read_bytes())))
    assert isinstance(page, InputRecord) and page.location == "<stdin>" and page.source == "Valley Courier"
    feed = list(read_inputs(["-"], stdin=io.BytesIO((FIXTURES / "feed.rss").read_bytes())))
    assert [r.location for r in _records(feed)] == ["<stdin>#1", "<stdin>#2", "<stdin>#3"]


def test_stdin_warc_is_streamed() -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://x.example/1", "response", payload=io.BytesIO(PAGE_2),
                                                  length=len(PAGE_2), http_headers=headers))
    (rec,) = list(read_inputs(["-"], stdin=io.BytesIO(buf.getvalue())))
    assert isinstance(rec, InputRecord) and rec.url == "https://x.example/1"


def test_stdin_jsonl_longer_than_the_detection_window() -> None:
    lines = [f'{{"id": "r{i}", "text": "Article number {i} about the port."}}' for i in range(500)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 8192
    recs = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert [r.id for r in recs] == [f"r{i}" for i in range(500)]
    assert recs[-1].location == "<stdin>:500"


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        (InputFormat.text, lambda items: "<article>" in items[0].text and "Subscribe today" in items[0].text),
        (InputFormat.html, lambda items: items[0].title == "Lock gates fail on the Meuse canal"),
        (InputFormat.rss, lambda items: isinstance(items[0], Failure) and "feed" in items[0].reason),
        (InputFormat.jsonl, lambda items: all(isinstance(i, Failure) and "invalid JSON" in i.reason for i in items)),
    ],
)
def test_format_override(fmt: InputFormat, check: object) -> None:
    items = list(read_inputs([ARTICLE_HTML], fmt=fmt))
    assert items and check(items)  # type: ignore[operator]


def test_format_override_reads_html_saved_as_txt_as_text(tmp_path: Path) -> None:
    saved = tmp_path / "story.txt"
    saved.write_bytes(ARTICLE_HTML.read_bytes())
    (auto,) = list(read_inputs([saved]))
    (forced,) = list(read_inputs([saved], fmt="text"))
    assert isinstance(auto, InputRecord) and auto.title is not None and "<" not in auto.text
    assert isinstance(forced, InputRecord) and forced.title is None and forced.text.startswith("<!DOCTYPE html>")


def test_folder_mixing_formats(tmp_path: Path) -> None:
    for name in ("article.html", "feed.rss", "feed.atom"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    write_warc(tmp_path / "crawl.warc.gz", [("https://x.example/1", "text/html", PAGE_2)])
    (tmp_path / "notes.txt").write_text("A plain note about the harbour.", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert not _failures(items) and len(items) == 1 + 2 + 1 + 3 + 1


# --- the English check ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("At least 14 crew members were injured when the tanker collided with a feeder and caught fire in the "
         "port on Tuesday, officials said. The fire burned for more than 18 hours before it was put out.", False),
        ("Bei einem Brand auf einem Chemietanker im Hafen von Rotterdam sind mindestens 14 Besatzungsmitglieder "
         "verletzt worden. Die Feuerwehr brauchte mehr als 18 Stunden, um den Brand zu löschen.", True),
        ("Au moins 14 membres d'équipage ont été blessés lorsque le pétrolier est entré en collision avec un "
         "navire porte-conteneurs et a pris feu dans le port de Rotterdam mardi, selon les responsables.", True),
        ("Al menos 14 tripulantes resultaron heridos cuando el buque cisterna chocó con un portacontenedores y "
         "se incendió en el puerto de Róterdam el martes, dijeron las autoridades portuarias.", True),
        ("Rotterdam: Feuer im Hafen, 14 Verletzte.", False),  # too short to judge
        ("", False),
    ],
)
def test_not_english(text: str, refused: bool) -> None:
    reason = not_english_reason(text)
    assert (reason is not None) is refused
    if reason:
        assert reason.startswith("not English:") and "English stopwords" in reason
