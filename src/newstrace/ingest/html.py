"""Saved web pages: the article's main text and its metadata (title, date, site, URL) via trafilatura.

Menus, cookie banners, footers and comments are left out by trafilatura's main-content extraction. A page
with no article text in it (a section front, a login wall) becomes a :class:`Failure` saying so.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree  # type: ignore[import-untyped]  # lxml comes with trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Document

from newstrace.records import Failure, InputRecord

_BLOCK_TAGS = frozenset(
    ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table",
     "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt")
)
#: Fewer words than this extracted from a page means trafilatura found navigation, not an article.
MIN_WORDS = 10
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
#: Control characters lxml refuses in a string (it raises ValueError); read as spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def record_from_html(
    data: bytes | str, location: str, id: str | None = None, url: str | None = None
) -> InputRecord | Failure:
    """The article in a saved HTML page, with the page's title, publication date, site name and URL."""
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False)
    except Exception as err:  # noqa: BLE001 - a page the parser chokes on costs that page, with its reason
        return Failure(location=location, reason=f"cannot parse the HTML page: {type(err).__name__}: {err}", id=id)
    text = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not text:
        return Failure(
            location=location,
            reason="no article text found in the HTML page (trafilatura extracted nothing); "
            "save the article page itself, not a section front or a login wall",
            id=id,
        )
    if len(text.split()) < MIN_WORDS:
        return Failure(
            location=location,
            reason=f"only {len(text.split())} words of article text found in the HTML page (at least {MIN_WORDS} "
            f"are needed); save the article page itself, not a section front or a login wall",
            id=id,
        )
    title = doc.title or None
    if title and text.startswith(title + "\n"):  # the headline repeated as the first line of the body
        text = text[len(title) + 1 :].lstrip()
    return InputRecord(
        text=text,
        id=id,
        published=doc.date or None,
        source=doc.sitename or doc.hostname or None,
        url=doc.url or url,
        title=title,
        location=location,
    )


def fragment_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed entry's content): one line per paragraph, inline tags joined."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(_CONTROL.sub(" ", fragment), create_parent="div")
    except (AssertionError, ValueError, etree.LxmlError):  # lxml asserts on a whole page without a <body>
        return ""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
