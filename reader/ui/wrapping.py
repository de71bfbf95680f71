"""Word wrapping of Content with a hanging indent: continuation lines start under the text, not the
marker. A word too long for a line (a URL) is folded, and the lines it continues on start at the
left edge: no indent is ever drawn inside a word, so a folded URL reads (and copies) without spaces.

A document is laid out as offsets only (`Layout`: where each screen line starts and ends in the
document, and its indent); the Content of a line is cut out when it is drawn (`line_content`, with
a `SpanIndex` of the document's styles). Laying out 100,000 lines then builds no Content at all.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content, Span
from textual.style import Style

_HANG = re.compile(r"^((?:▌ )*[ \t]*(?:•  |\d+\. )?)")


def marker_width(text: str) -> int:
    """How far a document line's continuation lines are indented: past its quote bars, leading
    spaces and list marker ('•  ', '12. ')."""
    match = _HANG.match(text)
    return len(match.group(1)) if match else 0


_WORD = re.compile(r"\S+\s*|\s+")


def cuts_for(text: str, width: int, hang: int) -> list[tuple[int, int, int]]:
    """Where a line (no newlines) breaks at `width` cells: (begin, end, indent) of each piece,
    trailing spaces left out. Words wrap to lines indented by `hang` (past the marker); a word too
    long for such a line starts on a line of its own (or right after the marker) and is folded:
    the lines it goes on over start at the left edge with the full width, so no indent ever falls
    inside a word."""
    if width <= 0 or cell_len(text) <= width:
        return [(0, len(text.rstrip()), 0)]
    hang = hang if hang <= width // 2 else 0
    pieces: list[tuple[int, int, int]] = []
    begin, pad, used = 0, 0, cell_len(text[:hang])

    def close(end: int) -> None:
        pieces.append((begin, begin + len(text[begin:end].rstrip()), pad))

    for match in _WORD.finditer(text, hang):
        start, token = match.start(), match.group()
        word = token.rstrip()
        cells = cell_len(word)
        if used + cells <= width or not word:  # it fits (trailing spaces may hang past the edge)
            used += cell_len(token)
            continue
        if cells <= width - hang:  # on the next line, under the text
            close(start)
            begin, pad, used = start, hang, hang + cell_len(token)
            continue
        if start > (begin if pieces else hang):  # words before it on this line: it starts below them
            close(start)
            begin, pad, used = start, hang, hang
        for offset, char in enumerate(word):  # fold: fill this line, then whole lines from the left edge
            char_cells = cell_len(char)
            if used + char_cells > width and used > pad:
                close(start + offset)
                begin, pad, used = start + offset, 0, 0
            used += char_cells
        used += cell_len(token[len(word) :])
    close(len(text))
    return pieces


def wrap_line(line: Content, width: int, hang: int) -> tuple[list[Content], list[int]]:
    """Wrap one line of Content: the pieces and, for each, the offset in `line` where it starts."""
    pieces = cuts_for(line.plain, width, hang)
    wrapped = [Content(" " * pad) + line[begin:end] if pad else line[begin:end] for begin, end, pad in pieces]
    return wrapped, [begin for begin, _, _ in pieces]


class Layout(NamedTuple):
    """A document wrapped to a width, as offsets: each screen line shows `document[start:end]`
    after `pad` cells of indent (hits are painted by these offsets too)."""

    starts: list[int]
    ends: list[int]
    pads: list[int]


CHECK_EVERY = 1000  # document lines between two checkpoints


def layout_text(text: str, width: int, checkpoint: Callable[[], None] | None = None) -> Layout:
    """Lay out a whole document; list items, links, quotes and indented lines keep a hanging indent.
    `checkpoint` (long work in a worker) is called every CHECK_EVERY lines: it may raise to stop."""
    starts: list[int] = []
    ends: list[int] = []
    pads: list[int] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        if checkpoint is not None and number % CHECK_EVERY == 0:
            checkpoint()
        for begin, end, pad in cuts_for(line, width, marker_width(line)):
            starts.append(offset + begin)
            ends.append(offset + end)
            pads.append(pad)
        offset += len(line) + 1
    return Layout(starts, ends, pads)


class SpanIndex:
    """The styles of a document, found by position: the spans over any stretch of text, in their
    original order (later spans are drawn over earlier ones). Kept as arrays of numbers and a table
    of the distinct styles, so a document of 100,000 links leaves the garbage collector a handful
    of objects to visit instead of half a million."""

    def __init__(self, spans: Sequence[Span], checkpoint: Callable[[], None] | None = None) -> None:
        order = sorted(range(len(spans)), key=lambda index: spans[index].start)
        self.styles: list[Style | str] = []
        kinds: dict[int, int] = {}  # id(style) -> its place in self.styles
        self.starts, self.ends = array("q"), array("q")
        self.kinds, self.ranks = array("q"), array("q")
        for number, rank in enumerate(order, 1):
            if checkpoint is not None and number % (CHECK_EVERY * 10) == 0:
                checkpoint()
            start, end, style = spans[rank]
            kind = kinds.get(id(style))
            if kind is None:
                kind = kinds[id(style)] = len(self.styles)
                self.styles.append(style)
            self.starts.append(start)
            self.ends.append(end)
            self.kinds.append(kind)
            self.ranks.append(rank)
        self.reach = max((end - start for start, end in zip(self.starts, self.ends)), default=0)

    def within(self, start: int, end: int) -> list[Span]:
        """The spans over [start, end), cut to it and shifted to start at 0."""
        found: list[tuple[int, Span]] = []
        starts, ends = self.starts, self.ends
        for number in range(bisect_left(starts, start - self.reach), len(starts)):
            if starts[number] >= end:
                break
            if ends[number] > start:
                style = self.styles[self.kinds[number]]
                cut = Span(max(starts[number], start) - start, min(ends[number], end) - start, style)
                found.append((self.ranks[number], cut))
        found.sort(key=lambda pair: pair[0])
        return [span for _, span in found]


def line_content(text: str, spans: SpanIndex, layout: Layout, index: int) -> Content:
    """Screen line `index` of a laid-out document, with its styles."""
    start, end, pad = layout.starts[index], layout.ends[index], layout.pads[index]
    line = Content(text[start:end], spans.within(start, end), strip_control_codes=False)
    return Content(" " * pad) + line if pad else line


def wrap_document(document: Content, width: int) -> tuple[list[Content], list[int]]:
    """Every line of a wrapped document and, for each, the offset in `document` where it starts."""
    layout = layout_text(document.plain, width)
    spans = SpanIndex(list(document.spans))
    lines = [line_content(document.plain, spans, layout, index) for index in range(len(layout.starts))]
    return lines, layout.starts


def chars_in_cells(text: str, cells: int) -> int:
    """How many characters of `text` fill `cells` cells (wide characters take two)."""
    if text.isascii():
        return cells
    used = 0
    for count, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return count
    return len(text)
