"""Long runs of one-line bullets found without markdown-it's block parser.

markdown-it's list rule costs about 40 µs an entry: a list of 100,000 `- [title](url) words` lines
took seconds before any inline reading. A run whose every line is one simple bullet (one marker,
one space, a line of text that cannot open a block of its own) is a tight list whose entries are
single-line paragraphs, whatever markdown-it would decide; the run is taken only where markdown-it
would start and end a top-level list at its edges (checked by the caller: an ATX heading at top
level right before it, a blank line and an unindented non-list line after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_RUN = 200  # shorter lists go through markdown-it as usual

_SIMPLE = re.compile(r"([-*+]) (?=[^ \t])([^\t\r\0]*)")
_BLOCK_START = re.compile(
    r"[#>`~<|]"  # heading, quote, fence, HTML block, table
    r"|[-*+](?:[ \t]|$)"  # a nested list
    r"|\d{1,9}[.)](?:[ \t]|$)"  # an ordered list
    r"|(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$"  # a rule, a setext line
    r"|\[[^\]]*\]:"  # a link reference definition
)
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_LIST_START = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def simple_entry(line: str, marker: str | None = None) -> str | None:
    """The text of a one-line bullet that is a single-line paragraph, or None."""
    match = _SIMPLE.fullmatch(line)
    if match is None or (marker is not None and match.group(1) != marker):
        return None
    text = match.group(2).strip()
    if not text or _BLOCK_START.match(text):
        return None
    return text


@dataclass(slots=True)
class Run:
    """A run of simple bullets after a heading: lines [start, stop), the list going on to `list_end`."""

    heading: int
    start: int
    stop: int
    list_end: int
    entries: list[str]  # the text of each bullet


def simple_runs(lines: list[str], first: int, end: int) -> list[Run]:
    """Every run of at least `MIN_RUN` simple bullets in `lines[first:end]` that follows an ATX heading
    (blank lines between allowed) and is followed by a blank line, then by an unindented line that
    opens no list (or by the end)."""
    runs: list[Run] = []
    index = first
    while index < end:
        line = lines[index]
        entry = simple_entry(line) if line.startswith(("- ", "* ", "+ ")) else None
        if entry is None:
            index += 1
            continue
        start, marker, entries = index, line[0], [entry]
        index += 1
        while index < end and (entry := simple_entry(lines[index], marker)) is not None:
            entries.append(entry)
            index += 1
        if index - start < MIN_RUN:
            continue
        heading = start - 1
        while heading >= first and not lines[heading].strip():
            heading -= 1
        if heading < first or not _HEADING.match(lines[heading]):
            continue
        after = index
        if after < end and lines[after].strip():
            continue  # the last entry may go on: not a one-line list
        while after < end and not lines[after].strip():
            after += 1
        if after < end and (lines[after][:1] in (" ", "\t") or _LIST_START.match(lines[after])):
            continue  # the list may go on after the blank line
        # markdown-it's list (and its last entry) runs on over blank lines to the next text, or to
        # the last line of the text it was given (a final newline ends the last line, not one more)
        last = after if after < end else (end - 1 if end > first and lines[end - 1] == "" else end)
        runs.append(Run(heading, start, index, max(last, index), entries))
    return runs
