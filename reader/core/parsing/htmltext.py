"""Small HTML fragments inside Markdown (a trailing button, inline anchors): visible text and links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.model import Link


class _AnchorParser(HTMLParser):
    """Collects `<a href>` links and visible text from an HTML fragment; comments are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._anchor: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or None
            self._anchor = []
        elif tag in ("br", "p", "div", "li", "tr"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "a" and self._href:
            self.links.append(Link(url=self._href.strip(), text=" ".join("".join(self._anchor).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._anchor.append(data)


def feed_html(parser: HTMLParser, html: str) -> None:
    """Run `parser` over `html`; malformed markup ends the reading early, never with an error."""
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed declarations
        pass


def html_fragment(html: str) -> tuple[str, list[Link]]:
    """Visible text and `<a href>` links of an HTML fragment."""
    parser = _AnchorParser()
    feed_html(parser, html)
    text = re.sub(r"\n\s*\n+", "\n\n", "".join(parser.text)).strip()
    return text, parser.links
