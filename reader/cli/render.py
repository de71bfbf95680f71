"""Printing untrusted Markdown and link lists with rich, in bounded time for any size.

rich lays text out at about 150 µs a line and renders Markdown at about 3 s a megabyte: a 10 MB
single-line digest or an item with 100k links took minutes. Up to MAX_RENDERED_CHARS a body is
rendered as Markdown, up to MAX_STYLED_LINKS links are styled; beyond, the text is cleaned and
written as it is, past rich's layout, and the terminal wraps it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from reader.core.model import Link
from reader.core.nesting import flatten_deep_nesting
from reader.core.sanitize import clean_line, clean_text

MAX_RENDERED_CHARS = 300_000  # about 1 s of rich's Markdown
MAX_STYLED_LINKS = 2_000  # about 0.3 s of rich's layout


def markdown(text: str) -> Markdown:
    """Untrusted Markdown for rich: nesting too deep to render flattened (never dropped), no links."""
    return Markdown(flatten_deep_nesting(text), hyperlinks=False)


def write_plain(console: Console, text: str) -> None:
    """Clean text written past rich's layout (the console's stream still filters it)."""
    console.file.write(clean_text(text).rstrip("\n") + "\n")
    console.file.flush()


def print_markdown(console: Console, text: str) -> None:
    """A Markdown body, formatted when it is of a size rich renders quickly, else as written."""
    if len(text) <= MAX_RENDERED_CHARS:
        console.print(markdown(text))
        return
    console.print(Text(f"(long text, {len(text):,} characters: shown as written)", style="dim"))
    write_plain(console, text)


def _link_line(number: int, link: Link) -> str:
    return f"[{number}] {clean_line(link.url)}" + (f"  {clean_line(link.text)}" if link.text else "")


def print_links(console: Console, links: Sequence[Link]) -> None:
    """Numbered links, one a line ('[1] url  text')."""
    if len(links) > MAX_STYLED_LINKS:
        write_plain(console, "\n".join(_link_line(n, link) for n, link in enumerate(links, 1)))
        return
    for number, link in enumerate(links, 1):
        line = Text(f"[{number}] ", style="cyan") + Text(clean_line(link.url))
        if link.text:
            line += Text("  ") + Text(clean_line(link.text), style="dim")
        console.print(line)
