"""Shortcuts through markdown-it for the commonest inline text: the same tokens for less work.

markdown-it-py's inline parser tries its rules at every special character and normalises each
link's URL with a full URL parse and re-encoding. Most digest text is plain words and
`[text](url)` links, and for exactly that text these shortcuts give markdown-it's own result:
`plain_inline` builds the tokens its inline parser would, and `normalize_link` returns an
`http(s)://host/path` URL unchanged where markdown-it's normalisation leaves it unchanged. Text
with anything else (emphasis, code, HTML, escapes, entities, images, reference links, link titles)
and any other URL go to markdown-it. `tests/core/test_parse_mdfast.py` holds both to markdown-it's
output on generated and real text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.state_core import StateCore

from reader.core.model import Link
from reader.core.sanitize import clean_line

# `[label](destination)`: no brackets in the label, a destination without spaces, controls,
# parentheses, angle brackets or backslashes (markdown-it reads those in ways handled there).
_LINK = re.compile(r"\[([^\[\]]+)\]\(([^\s()<>\\\x00-\x1f\x7f]+)\)")
# Text with exactly one such link and no other `[`: the link is the one `_LINK` finds first.
_ONE_LINK = re.compile(r"([^\[]*)" + _LINK.pattern + r"([^\[]*)")
# What another inline rule may act on: code, escapes, emphasis, HTML and autolinks, entities.
_ENTITY = r"&(?:#|[A-Za-z][A-Za-z0-9]{1,31};)"
_SPECIAL = re.compile(r"[`\\*_<]|" + _ENTITY)
_DESTINATION_SPECIAL = re.compile(_ENTITY)
_MAYBE_SPECIAL = re.compile(r"[`\\*_<&]")  # a cheaper search: no match, no `_SPECIAL` match
# A URL markdown-it's normalizeLink returns as it is: http(s), a host of plain labels, then only
# characters its percent-encoding keeps (valid `%XX` escapes included).
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9_-]{1,63}(?:\.[A-Za-z0-9_-]{0,63})*"
    r"(?:[/?#](?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*)?"
)
_MAX_HOST = 255


def normalize_link(url: str) -> str:
    """markdown-it's normalizeLink, with a plain http(s) URL returned at once."""
    if _PLAIN_URL.fullmatch(url) and len(url.split("/", 3)[2]) <= _MAX_HOST:
        return url
    return normalizeLink(url)


def normalize_source(state: StateCore) -> None:
    """markdown-it's `normalize` core rule, skipped when it has nothing to do (no CR, no NUL)."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def _pieces(run: str) -> list[tuple[bool, str]]:
    """Plain text as markdown-it's text and newline rules split it: (is a line break, text) pairs.
    Spaces before a line end and indentation after it go; a break after two spaces is a hard one."""
    if "\n" not in run:
        return [(False, run)] if run else []
    pieces: list[tuple[bool, str]] = []
    lines = run.split("\n")
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index:
            line = line.lstrip(" \t")
        if index < last:
            line = line.rstrip(" ") if line.endswith("  ") else line.removesuffix(" ")
        if line:
            pieces.append((False, line))
        if index < last:
            pieces.append((True, " "))
    return pieces


def _flat(run: str) -> str:
    """The text of a plain run on one line as markdown-it's tokens give it (a break is a space)."""
    return run if "\n" not in run else "".join(text for _, text in _pieces(run))


@dataclass(slots=True)
class PlainInline:
    """Inline text that is only words and `[text](url)` links: the text runs around the links."""

    runs: list[str]  # one more than the links
    labels: list[str]
    hrefs: list[str]

    def text(self) -> str:
        """The visible text on one line (links give their text)."""
        parts = [_flat(self.runs[0])]
        for label, run in zip(self.labels, self.runs[1:]):
            parts += [_flat(label), _flat(run)]
        return clean_line("".join(parts))

    def links(self) -> list[Link]:
        return [Link(url=href, text=clean_line(_flat(label))) for href, label in zip(self.hrefs, self.labels)]

    def lead(self, is_marker: Callable[[str], bool] | None, links: list[Link] | None = None) -> Link | None:
        """The first link when nothing but blanks (or a text `is_marker` accepts) comes before it;
        `links`, when given, is what `links()` returned."""
        if not self.labels:
            return None
        if self.runs[0]:
            before = [(brk, text) for brk, text in _pieces(self.runs[0]) if brk or text.strip()]
            if before and not (
                len(before) == 1 and not before[0][0] and is_marker and is_marker(before[0][1])
            ):
                return None
        first = links[0] if links else Link(url=self.hrefs[0], text=clean_line(_flat(self.labels[0])))
        return first if first.text else None


def plain_inline(
    content: str, normalize: Callable[[str], str], validate: Callable[[str], bool]
) -> PlainInline | None:
    """`content` read as markdown-it reads it when it is plain text and `[text](url)` links; None
    for anything else. `normalize` and `validate` are the parser's link methods."""
    # Nothing special anywhere in `content` means nothing special in any part of it: only a `[`
    # outside the links is left to look for.
    special = _MAYBE_SPECIAL.search(content) is not None
    if not special and (one := _ONE_LINK.fullmatch(content)):
        before, label, destination, rest = one.groups()
        href = normalize(destination)
        return (
            None
            if before.endswith("!") or not validate(href)
            else PlainInline([before, rest], [label], [href])
        )
    plain = PlainInline([], [], [])
    cursor = 0
    for match in _LINK.finditer(content):
        before = content[cursor : match.start()]
        label, destination = match.group(1, 2)
        if "[" in before or before.endswith("!"):
            return None
        if special and (
            _SPECIAL.search(before) or _SPECIAL.search(label) or _DESTINATION_SPECIAL.search(destination)
        ):
            return None
        href = normalize(destination)
        if not validate(href):
            return None
        plain.runs.append(before)
        plain.labels.append(label)
        plain.hrefs.append(href)
        cursor = match.end()
    rest = content[cursor:]
    if "[" in rest or (special and _SPECIAL.search(rest)):
        return None
    plain.runs.append(rest)
    return plain
