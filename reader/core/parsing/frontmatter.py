"""Metadata written above a digest: YAML (`---`) or TOML (`+++`) front matter, Pelican `Key: value` lines.

Only flat `key: value` pairs are read (title, date, author, number, ...); list values are joined.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft, find_date

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][\w -]{0,30}?)\s*(?P<sep>:|=)\s*(?P<value>.*)$")
_LIST_LINE = re.compile(r"^\s+-\s+(?P<value>.+)$|^\s+\S")
_PELICAN_KEYS = {
    "title",
    "date",
    "author",
    "authors",
    "number",
    "issue",
    "category",
    "tags",
    "slug",
    "summary",
    "modified",
    "status",
    "lang",
    "subtitle",
    "series",
}
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}


def _value(raw: str) -> str:
    value = raw.strip()
    if value[:1] == "[" and value[-1:] == "]":
        value = ", ".join(_value(v) for v in value[1:-1].split(",") if v.strip())
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


def _fenced(lines: list[str]) -> tuple[dict[str, str], int] | None:
    opener = lines[0].strip() if lines else ""
    if opener not in _FENCES:
        return None
    meta: dict[str, str] = {}
    last_key = None
    for index, line in enumerate(lines[1:200], start=1):
        if line.strip() in _FENCES[opener]:
            return (meta, index + 1) if meta else None
        match = _KEY_LINE.match(line)
        wanted = ":" if opener == "---" else "="
        if match and match.group("sep") == wanted:
            last_key = match.group("key").strip().lower()
            meta[last_key] = _value(match.group("value"))
            continue
        item = _LIST_LINE.match(line)
        if item and last_key is not None:
            extra = _value(item.group("value") or line)
            meta[last_key] = ", ".join(filter(None, [meta[last_key], extra]))
        elif line.strip() and not line.lstrip().startswith("#"):
            return None  # not key/value lines: a Markdown rule, not front matter
    return None


def _pelican(lines: list[str]) -> tuple[dict[str, str], int] | None:
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[:40]):  # noqa: B007 (index is the header length after a break)
        if not line.strip():
            break
        match = _KEY_LINE.match(line)
        if not match or match.group("sep") != ":":
            return None
        meta[match.group("key").strip().lower()] = _value(match.group("value"))
    else:
        index = len(lines[:40])
    if not meta or not (meta.keys() & {"title", "date", "author", "number", "issue"}):
        return None
    if len(set(meta) - _PELICAN_KEYS) * 2 > len(meta):  # extra keys are fine, a paragraph of 'x: y' is not
        return None
    return meta, index


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """(metadata with lower-case keys, the text after it); ({}, text) when there is none."""
    lines = text.lstrip("\n").split("\n")
    found = _fenced(lines) or _pelican(lines)
    if not found:
        return {}, text
    meta, used = found
    return meta, "\n".join(lines[used:])


def apply_front_matter(draft: Draft, meta: dict[str, str]) -> None:
    """Title, date and author from front matter win over what the text says."""
    if not meta:
        return
    if meta.get("title"):
        draft.title = meta["title"]
    when = meta.get("date") or meta.get("published")
    draft.date = (find_date(when, draft.warnings) if when else None) or draft.date
    draft.author = meta.get("author") or meta.get("authors") or draft.author
    web = meta.get("url") or meta.get("link") or ""
    if web.lower().startswith(("http://", "https://")):
        draft.url = web
    number = meta.get("number") or meta.get("issue")
    if number and not draft.title:
        draft.title = f"Issue {number}"
    told = [meta[key] for key in _TOLD if meta.get(key) and meta[key] not in draft.preamble]
    draft.preamble = "\n\n".join([*told, draft.preamble]).strip()


_TOLD = ("subtitle", "description", "summary", "excerpt")  # front matter a reader should see
