"""RSS 2.0 and Atom feed files (read with feedparser): each entry is one issue. A bare RSS `<item>`
saved on its own is a feed of that one entry.

An entry's HTML content is parsed as an HTML newsletter, plain text as a plain-text digest. An
entry whose content has no item structure becomes an issue of one item.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import feedparser

from reader.core.model import Link
from reader.core.mojibake import repair_mojibake
from reader.core.parsing.common import Draft, DraftItem, find_date, merge_links
from reader.core.parsing.source import Source
from reader.core.sanitize import clean_line, clean_text

# The root element after an XML declaration, comments, processing instructions and a DOCTYPE (its
# internal subset too: feedparser strips it, so entities stay unexpanded).
_FEED_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>\s*|<\?[^>]*>\s*)*"
    rb"<(rss|feed|rdf:RDF)\b",
    re.S | re.I,
)
# A bare RSS `<item>` saved on its own (one issue of a feed): read as a feed of that one entry.
_ITEM_ROOT = re.compile(rb"^(\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*)<item\b", re.S | re.I)
SNIFF_BYTES = 65536


@dataclass
class FeedEntry:
    """One entry of a feed, as an issue draft; `key` names it stably within the feed."""

    key: str
    draft: Draft


def looks_like_feed(data: bytes) -> bool:
    head = data[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    return bool(_FEED_ROOT.match(head) or _ITEM_ROOT.match(head))


def _whole_feed(data: bytes) -> bytes:
    """`data` as a feed: a bare `<item>` is put back into an RSS channel (after its declaration)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    item = _ITEM_ROOT.match(data[:SNIFF_BYTES])
    if item is None:
        return data
    prolog = item.group(1)
    return prolog + b'<rss version="2.0"><channel>' + data[len(prolog) :] + b"</channel></rss>"


def _iso_date(entry: dict, warnings: list[str]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    for key in ("published", "updated", "date"):
        if entry.get(key):
            return find_date(str(entry[key]), warnings)
    return None


def _content(entry: dict) -> tuple[str, bool]:
    """(content, is_html) of an entry: its full content when given, else its summary."""
    for part in entry.get("content") or []:
        if part.get("value"):
            return part["value"], "html" in str(part.get("type", "text/html"))
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary") or ""
    return summary, "html" in str(detail.get("type", "text/html"))


def parse_feed(data: bytes, parse_markup: Callable[[str, bool], Draft]) -> tuple[list[FeedEntry], list[str]]:
    """Entries of a feed as drafts; `parse_markup(text, is_html)` parses one entry's content."""
    feed = feedparser.parse(_whole_feed(data))
    warnings: list[str] = []
    if feed.get("bozo"):
        reason = feed.get("bozo_exception")
        why = " ".join(str(reason).split())[:120] if reason else "unknown reason"
        warnings.append(f"malformed feed ({why}); read what could be read")
    feed_title = str(feed.feed.get("title") or "").strip()
    entries: list[FeedEntry] = []
    for number, entry in enumerate(feed.entries, start=1):
        content, is_html = _content(entry)
        if not content.strip() and not str(entry.get("title") or "").strip():
            continue  # nothing to read: a fragment of a broken feed
        draft = parse_markup(content, is_html) if content.strip() else Draft(format="feed")
        title = str(entry.get("title") or "").strip()
        draft.title = title or draft.title or (f"{feed_title} #{number}" if feed_title else None)
        draft.date = _iso_date(entry, draft.warnings) or draft.date
        draft.author = str(entry.get("author") or "").strip() or draft.author
        link = clean_line(str(entry.get("link") or ""))
        if link.lower().startswith(("http://", "https://")):
            draft.links = merge_links([Link(url=link, text="Read online")], draft.links)
            draft.url = link
        if not draft.items:
            body = "\n\n".join(filter(None, [draft.preamble, draft.footer]))
            draft.items = [DraftItem(title=draft.title or "Entry", body=body, links=list(draft.links))]
            draft.preamble = draft.footer = ""
        draft.format = f"feed/{draft.format}"
        entries.append(FeedEntry(key=str(entry.get("id") or link or title or number), draft=draft))
    return entries, warnings


def detect(source: Source) -> float:
    head = source.data[:SNIFF_BYTES] if source.data is not None else source.text[:SNIFF_BYTES].encode()
    return 1.0 if looks_like_feed(head) else 0.0


def parse(source: Source) -> list[Draft]:
    """One draft per entry; the feed's own warnings go on the first (or on an empty placeholder)."""
    from reader.core.parsing import registry  # the registry lists this module

    def markup(content: str, is_html: bool) -> Draft:
        entry = Source.from_text(clean_text(repair_mojibake(content)), source.path)
        return registry.read_drafts(entry, "html" if is_html else None, registry.FORMATS[1:], fill=False)[0]

    data = source.data if source.data is not None else source.text.encode("utf-8")
    entries, warnings = parse_feed(data, markup)
    drafts = [entry.draft for entry in entries]
    if drafts:
        drafts[0].warnings[:0] = warnings
    elif warnings:
        return [Draft(format="feed", warnings=warnings)]
    return drafts
