"""The data model: an `Issue` is one digest file, its `Item`s are its articles or sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a digest: its target and the text it was written with."""

    url: str
    text: str = ""

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "text": self.text}


@dataclass(slots=True)
class Item:
    """One article or section of an issue. `body` is Markdown."""

    id: str
    title: str
    body: str = ""
    links: list[Link] = field(default_factory=list)
    section: str | None = None
    position: int = 0
    author: str | None = None
    issue_id: str = ""
    date: str | None = None  # its own date (a mail digest's message), ISO 8601


@dataclass(slots=True)
class Issue:
    """One digest: a file of the library, parsed into its items."""

    id: str
    title: str
    source: str
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    author: str | None = None
    preamble: str = ""
    links: list[Link] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    format: str = ""
    footer: str = ""  # text after the last item: sign-off, promotions (Markdown)
    url: str | None = None  # its web version (front matter `url`/`link`, a feed entry's link)

    def item(self, item_id: str) -> Item | None:
        return next((it for it in self.items if it.id == item_id), None)


_NON_WORD = re.compile(r"[^a-z0-9]+")


_NON_WORD_UNICODE = re.compile(r"[\W_]+")


def slugify(text: str, max_len: int = 40) -> str:
    """Lower-case slug: 'Who Watches the Welders?' -> 'who-watches-the-welders'.

    ASCII when the text is mostly Latin ('Café' -> 'cafe'); text in other scripts keeps its
    letters ('大型语言模型', 'καλημέρα-κόσμε') rather than vanish.
    """
    if text.isascii():  # the common case: nothing to fold, and the slug keeps every letter
        slug = _NON_WORD.sub("-", text.lower()).strip("-")
    else:
        slug = _folded_slug(text)
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2 :] else cut
    return slug.strip("-")


def _folded_slug(text: str) -> str:
    """Mostly Latin text folded to ASCII ('Café' -> 'cafe'); other scripts keep their letters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    letters = sum(1 for c in text if c.isalnum())
    if letters and sum(1 for c in slug if c.isalnum()) * 2 < letters:
        slug = _NON_WORD_UNICODE.sub("-", unicodedata.normalize("NFKC", text).lower()).strip("-")
    return slug


_LONG_HEX = re.compile(r"[0-9a-f]{12,}")


def issue_id_for(file_stem: str) -> str:
    """Stable issue id from the digest's file name; long hex hashes are cut to 8 characters."""
    slug = _LONG_HEX.sub(lambda m: m.group(0)[:8], slugify(file_stem, 200))
    return slugify(slug, 28) or "digest"


def assign_item_ids(issue_id: str, items: list[Item]) -> None:
    """Give each item a stable id: issue id, '/', a short title slug, and an ordinal when repeated.

    Unique by construction: an ordinal is skipped when another title already slugs to it.
    """
    used: set[str] = set()
    last: dict[str, int] = {}
    for position, item in enumerate(items):
        base = slugify(item.title, 22) or "item"
        number = last.get(base, 0)
        slug = base
        while slug in used or number == 0:
            number += 1
            slug = base if number == 1 else f"{base}-{number}"
        last[base] = number
        used.add(slug)
        item.id = f"{issue_id}/{slug}"
        item.position = position
        item.issue_id = issue_id
