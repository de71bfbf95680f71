"""Text as the screen shows it: one width for every terminal.

An emoji variation selector (U+FE0F) asks a terminal to draw the character before it as a two-cell
emoji; rich counts it so, but many terminals (tmux among them) draw one cell, and others the
reverse, so a title with "⚙️" moves the pane border. A zero width joiner between emoji (👨‍👩‍👧)
is one glyph of two cells to rich and three glyphs of six cells to most terminals. Both are left
out of what is drawn: "⚙" is one cell everywhere, the three faces six everywhere. Nothing a reader
needs is lost, and search still reads the digest as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual.content import Content

VS16 = "\ufe0f"
ZWJ = "\u200d"
# A joiner right after an emoji (or after a selector that is itself left out).
_UNSTEADY = re.compile("\ufe0f|(?<=[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f])\u200d")


def steady(text: str) -> str:
    """`text` without the characters whose width terminals disagree on."""
    if VS16 not in text and ZWJ not in text:
        return text
    return _UNSTEADY.sub("", text)


def steady_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`steady(text)` and the (start, end) spans moved to match."""
    if VS16 not in text and ZWJ not in text:
        return text, list(spans)
    removed = [match.start() for match in _UNSTEADY.finditer(text)]

    def moved(offset: int) -> int:
        return offset - sum(1 for at in removed if at < offset)

    return _UNSTEADY.sub("", text), [(moved(start), moved(end)) for start, end in spans]


def shown(text: str) -> Content:
    """Untrusted text as Content for the screen (never markup)."""
    return Content(steady(text))
