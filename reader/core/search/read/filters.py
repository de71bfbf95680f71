"""Filters in the query language: taken out of what people type before the words are parsed.

    source:NAME  source:"Name with spaces"   a source folder or file name, or its label
    date:2024  date:2024-03  date:2024-03-15  date:2024-01..2024-06  date:2024..  date:..2023
    after:DATE  before:DATE                  strictly after the end / before the start of DATE
    is:unread  is:read  is:bookmarked        (read marks and bookmarks: the caller's FilterContext)
    tag:T                                    bookmarked with tag T

A filter is a whole word (after a space, '(' or the start), may be negated (`-tag:x`, `NOT
is:read`), and applies to the whole query whatever operators surround it. Different filters must
all hold; several `source:` filters mean any of those sources. A malformed filter is left out
with a message saying what is wrong; the rest is searched. Nothing here imports Whoosh.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

SOURCE, DATE, STATE, TAG = "source", "date", "is", "tag"
STATES = {"unread": "unread", "read": "read", "bookmarked": "bookmarked", "bookmark": "bookmarked"}
NAMES = {"source": SOURCE, "date": DATE, "when": DATE, "after": DATE, "before": DATE, "is": STATE, "tag": TAG}
EARLIEST, LATEST = "0000-00-00", "9999-99-99"  # open ends of a date range (compared as text)

_FILTER = re.compile(
    r"(?<![^\s(])(?P<neg>-|NOT\s+)?(?P<name>(?i:source|date|when|after|before|is|tag)):"
    r'(?P<value>"[^"]*"?|[^\s()"]*)'
)
_QUOTED = re.compile(r'"[^"]*"?')
_PERIOD = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_BINARY = r"(?:AND|OR|ANDNOT|ANDMAYBE)"
_DANGLING = [
    re.compile(rf"(?:^|(?<=[\s(])){_BINARY}\s+(?={_BINARY}(?:\s|$))"),  # 'a OR OR b'
    re.compile(rf"(?:^|(?<=\())\s*{_BINARY}(?=\s|$)"),  # 'OR b', '( OR b'
    re.compile(rf"(?<=\s){_BINARY}\s*(?=\)|$)"),  # 'a OR', 'a OR )'
    re.compile(r"(?:^|(?<=[\s(]))(?:NOT|-)\s*(?=\)|$)"),  # a NOT left with nothing to negate
    re.compile(r"\(\s*\)"),  # '()'
]


@dataclass(frozen=True)
class Filter:
    """One filter: `kind` is SOURCE (value: the name), DATE (value: 'start..end', inclusive
    YYYY-MM-DD dates, open ends EARLIEST/LATEST), STATE (unread, read, bookmarked) or TAG."""

    kind: str
    value: str
    negated: bool = False
    typed: str = ""  # as written in the query, for messages and suggestions

    @property
    def date_range(self) -> tuple[str, str]:
        start, _, end = self.value.partition("..")
        return start, end

    def describe(self) -> str:
        """For people: 'source rust', 'dates 2024-01-01 to 2024-06-30', 'not read'."""
        if self.kind == DATE:
            start, end = self.date_range
            if start == EARLIEST:
                text = f"dated up to {end}"
            elif end == LATEST:
                text = f"dated from {start}"
            else:
                text = f"dated {start}" if start == end else f"dated {start} to {end}"
        elif self.kind == STATE:
            text = self.value
        else:
            text = f"{self.kind} {self.value}"
        return f"not {text}" if self.negated else text


@dataclass
class FilteredQuery:
    """A query split into its words (for Whoosh) and its filters, with what was wrong in it."""

    words: str
    filters: list[Filter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    words_done: bool = False  # a filter follows the last word: as you type, it is not unfinished

    @property
    def typed_filters(self) -> str:
        return " ".join(f.typed for f in self.filters)

    def with_words(self, words: str) -> str:
        """The query with other words and the same filters (for did-you-mean)."""
        return " ".join(part for part in (words.strip(), self.typed_filters) if part)


def split_filters(text: str) -> FilteredQuery:
    """Take every filter out of `text` (quoted phrases are left alone). Never raises."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    filters: list[Filter] = []
    problems: list[str] = []
    pieces: list[str] = []
    cursor = 0
    for match in _FILTER.finditer(text):
        if any(start < match.start() < end for start, end in quoted):
            continue
        pieces.append(text[cursor : match.start()])
        pieces.append(" ")
        cursor = match.end()
        found, problem = _filter(match)
        if found is not None:
            filters.append(found)
        if problem:
            problems.append(problem)
    tail = text[cursor:]
    pieces.append(tail)
    words = "".join(pieces) if filters or problems else text
    done = cursor > 0 and not tail.strip()
    return FilteredQuery(_without_dangling(words) if words is not text else text, filters, problems, done)


def _without_dangling(words: str) -> str:
    """Operators a filter's removal left with nothing on one side, and empty parentheses."""
    previous = None
    while previous != words:
        previous = words
        for pattern in _DANGLING:
            words = pattern.sub(" ", words)
    return " ".join(words.split())


def _filter(match: re.Match) -> tuple[Filter | None, str | None]:
    typed = match.group(0).strip()
    name = match.group("name").lower()
    negated = bool(match.group("neg"))
    value = match.group("value").strip('"').strip()
    kind = NAMES[name]
    if not value:
        return None, f"{name}: needs a value ({_EXAMPLES[kind]})"
    if kind == STATE:
        state = _state(value.lower())
        if state is None:
            return None, f"{typed}: not a state ({_EXAMPLES[STATE]})"
        return Filter(STATE, state, negated, typed), None
    if kind in (SOURCE, TAG):
        return Filter(kind, " ".join(value.split()), negated, typed), None
    span, problem = _date_range(name, value)
    if span is None:
        return None, f"{typed}: {problem} ({_EXAMPLES[DATE]})"
    return Filter(DATE, f"{span[0]}..{span[1]}", negated, typed), None


def _state(value: str) -> str | None:
    """The state `value` names, or starts to name unambiguously ('unr' while typing 'unread')."""
    if value in STATES:
        return STATES[value]
    named = {state for word, state in STATES.items() if word.startswith(value)}
    return named.pop() if len(named) == 1 else None


_EXAMPLES = {
    SOURCE: "a source folder or file name, or its label",
    DATE: "use 2024, 2024-03, 2024-03-15 or 2024-01..2024-06",
    STATE: "use is:unread, is:read or is:bookmarked",
    TAG: "a bookmark tag",
}


def _date_range(name: str, value: str) -> tuple[tuple[str, str] | None, str]:
    """The inclusive (start, end) of `value` for date:, after: or before:, or (None, why)."""
    if ".." in value:
        if name != "date" and name != "when":
            return None, f"{name}: takes one date, not a range"
        first, _, last = value.partition("..")
        if not first and not last:
            return None, "a range needs a date on at least one side"
        start = _period(first) if first else (EARLIEST, EARLIEST)
        end = _period(last) if last else (LATEST, LATEST)
        if isinstance(start, str) or isinstance(end, str):
            return None, start if isinstance(start, str) else str(end)
        if start[0] > end[1]:
            return None, "the range starts after it ends"
        return (start[0], end[1]), ""
    period = _period(value)
    if isinstance(period, str):
        return None, period
    if name == "after":
        return (_next_day(period[1]), LATEST), ""
    if name == "before":
        return (EARLIEST, _previous_day(period[0])), ""
    return period, ""


def _period(text: str) -> tuple[str, str] | str:
    """(first day, last day) of a year, month or day; or why `text` is none of them."""
    match = _PERIOD.fullmatch(text.strip())
    if not match:
        return f"{text!r} is not a date"
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    last = calendar.monthrange(max(year, 1), int(month))[1]
    if day is None:
        return f"{year:04d}-{int(month):02d}-01", f"{year:04d}-{int(month):02d}-{last:02d}"
    if not 1 <= int(day) <= last:
        return f"{year:04d}-{int(month):02d} has no day {int(day)}"
    date = f"{year:04d}-{int(month):02d}-{int(day):02d}"
    return date, date


def _next_day(date: str) -> str:
    year, month, day = (int(part) for part in date.split("-"))
    if day < calendar.monthrange(max(year, 1), month)[1]:
        return f"{year:04d}-{month:02d}-{day + 1:02d}"
    if month < 12:
        return f"{year:04d}-{month + 1:02d}-01"
    return f"{year + 1:04d}-01-01" if year < 9999 else LATEST


def _previous_day(date: str) -> str:
    year, month, day = (int(part) for part in date.split("-"))
    if day > 1:
        return f"{year:04d}-{month:02d}-{day - 1:02d}"
    if month > 1:
        return f"{year:04d}-{month - 1:02d}-{calendar.monthrange(max(year, 1), month - 1)[1]:02d}"
    return f"{year - 1:04d}-12-31" if year > 0 else EARLIEST
