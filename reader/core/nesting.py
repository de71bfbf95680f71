"""Flatten Markdown nested deeper than a renderer can show, so deep content is never lost.

markdown-it (behind both the app's renderer and rich's Markdown) stops at 20 levels of nesting
and silently drops everything deeper: a 1,000-deep quote shows nothing, a list shows 9 levels.
Each quote costs one level, each list two (the list and its item). `flatten_deep_nesting` keeps
every line whose prefix stays within a budget as it is and rewrites the prefix of deeper lines
to the deepest one allowed: their text is shown, at a shallower level. Fenced code is left alone.
"""

from __future__ import annotations

import re

MAX_QUOTES = 8
BUDGET = 16  # levels a line may use: quotes + 2 per list level (markdown-it's limit is 20)

_MARKERS = re.compile(r"([ \t]*)(?:(>)[ \t]?|([-+*]|\d{1,9}[.)])(?=[ \t]|$))")
_INDENT = re.compile(r"[ \t]*")
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
# A line costs at most 4 levels per character of its prefix (a tab), so only a line with a prefix
# of 5 or more of these characters can be too deep: a cheap first look.
_PREFIX_CHARS = " \t>*+-0123456789.)"
_MAYBE_DEEP = re.compile(r"^[ \t>*+\-\d.)]{5}", re.MULTILINE)


def _columns(spaces: str) -> int:
    return sum(4 if char == "\t" else 1 for char in spaces)


def _flatten_line(line: str) -> str:
    """The line as it is when it renders, else with its prefix cut to the deepest that does."""
    quotes = lists = columns = inner = end = 0  # inner: columns since the last quote marker
    marker: str | None = None  # the list marker that starts this line's own item, if any
    while match := _MARKERS.match(line, end):
        width = _columns(match.group(1))
        columns += width
        if match.group(2):
            quotes, marker, inner = quotes + 1, None, 0
        else:
            lists, marker, inner = lists + 1, match.group(3), inner + width + len(match.group(3)) + 1
        end = match.end()
    indent = _INDENT.match(line, end)
    assert indent is not None
    columns += _columns(indent.group(0))
    inner += _columns(indent.group(0))
    rest = line[indent.end() :]
    if not rest or quotes + 2 * (lists + columns // 2) <= BUDGET:  # may overestimate: never less
        return line
    kept_quotes = min(quotes, MAX_QUOTES)
    pairs = max(0, (BUDGET - kept_quotes) // 2 - (1 if marker else 0))  # list levels left for indent
    spaces = min(2 * pairs, inner - inner % 2)
    return "> " * kept_quotes + " " * spaces + (f"{marker} " if marker else "") + rest


def flatten_deep_nesting(text: str) -> str:
    """`text` with lines nested too deep to render moved up to the deepest level that renders."""
    if not _MAYBE_DEEP.search(text):
        return text
    lines = text.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        opening = _FENCE.match(line) if line.lstrip(" \t>")[:1] in ("`", "~") else None
        if fence is None and opening is None and len(line) - len(line.lstrip(_PREFIX_CHARS)) < 5:
            continue
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        lines[number] = _flatten_line(line)
    return "\n".join(lines)
