"""Word wrapping of Content with a hanging indent: continuation lines start under the text, not the marker."""

from __future__ import annotations

import re
from typing import NamedTuple

from rich._wrap import divide_line  # the word wrapping Content itself uses
from textual.content import Content

_HANG = re.compile(r"^((?:▌ )*[ \t]*(?:•  |\d+\. )?)")


def wrap_line(line: Content, width: int, hang: int) -> tuple[list[Content], list[int]]:
    """Wrap one line (no newlines) to `width` cells; every line after the first is indented by `hang`.

    The text after the first `hang` characters is wrapped as a column of its own, so a word too long
    for a line (a URL) is folded right after the marker rather than moved below it. Returns the
    pieces and, for each, the offset in `line` where it starts.
    """
    text = line.plain
    if not text or width <= 0:
        return [line], [0]
    hang = hang if hang <= width // 2 else 0
    cuts = [hang + cut for cut in divide_line(text[hang:], width - hang, fold=True)]
    pad = Content(" " * hang)
    pieces: list[Content] = []
    starts: list[int] = []
    for number, (begin, end) in enumerate(zip([0, *cuts], [*cuts, len(text)])):
        piece = line[begin:end].rstrip()
        pieces.append(pad + piece if number and hang else piece)
        starts.append(begin)
    return pieces, starts


def marker_width(text: str) -> int:
    """How far a document line's continuation lines are indented: past its quote bars, leading
    spaces and list marker ('•  ', '12. ')."""
    match = _HANG.match(text)
    return len(match.group(1)) if match else 0


class Layout(NamedTuple):
    """A document wrapped to a width: its lines, where each starts in the document, and how many
    cells of indent were put before it (hits are painted on a line by these offsets)."""

    lines: list[Content]
    starts: list[int]
    pads: list[int]


def layout_document(document: Content, width: int) -> Layout:
    """Wrap a whole document; list items, links, quotes and indented lines keep a hanging indent."""
    lines: list[Content] = []
    starts: list[int] = []
    pads: list[int] = []
    offset = 0
    for line in document.split("\n", allow_blank=True):
        text = line.plain
        hang = marker_width(text)
        pieces, begins = wrap_line(line, width, hang)
        lines += pieces
        starts += [offset + begin for begin in begins]
        hang = hang if hang <= width // 2 else 0
        pads += [0] + [hang] * (len(pieces) - 1)
        offset += len(text) + 1
    return Layout(lines, starts, pads)


def wrap_document(document: Content, width: int) -> tuple[list[Content], list[int]]:
    """The lines of `layout_document` and, for each, the offset in `document` where it starts."""
    layout = layout_document(document, width)
    return layout.lines, layout.starts
