"""The index schema and its documents: one per item, and one per issue with an intro, a sign-off
or links of its own (kind "issue", found like items; a hit opens the issue view).

Bump manifest.SCHEMA_VERSION whenever the fields or the way documents are built change: an index
of another version is rebuilt automatically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.core.model import Issue, Item
from reader.core.search.textprep import one_line, plain_text

ITEM, ISSUE = "item", "issue"  # the kinds of document
# Fields a plain word is looked up in, and how much a match in each counts.
DEFAULT_FIELDS = ("title", "text")
FIELD_BOOSTS = {"title": 3.0, "text": 1.0}
# Fields whose matches are highlighted in snippets and item bodies.
HIGHLIGHT_FIELDS = frozenset({"title", "text"})
# Names people may type before a colon, and the field each means.
FIELD_ALIASES = {
    "text": ["body", "all", "content"],
    "issue": ["issue_title", "digest"],
    "link": ["links", "url", "urls"],
    "section": ["sections"],
    "date": ["when"],
}


if TYPE_CHECKING:
    from whoosh import fields


def _text_field(analyzer, stored: bool = False) -> fields.TEXT:
    from whoosh import fields

    from reader.core.search.analysis import FastPositions

    field = fields.TEXT(analyzer=analyzer, stored=stored)
    field.format = FastPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> fields.Schema:
    """The index's fields (importing Whoosh the first time)."""
    from whoosh import fields

    from reader.core.search.analysis import link_words, stemmed_words

    words = stemmed_words()
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),
        kind=fields.ID(stored=True),
        item_id=fields.ID(stored=True),
        issue_id=fields.ID(stored=True),
        source=fields.ID,
        fingerprint=fields.STORED,
        title=_text_field(words, stored=True),
        issue=_text_field(words, stored=True),
        section=_text_field(words),
        link=_text_field(link_words()),
        text=_text_field(words),
        body=fields.STORED,
        date=fields.ID(stored=True),
    )


def has_issue_document(issue: Issue) -> bool:
    """True when the issue has an intro, a sign-off or links of its own to index."""
    return bool(issue.preamble.strip() or issue.footer.strip() or issue.links)


def entries(issue: Issue) -> list[Item | None]:
    """What one issue puts in the index: each item, and None for its issue-level document."""
    return [*issue.items, None] if has_issue_document(issue) else list(issue.items)


def document(issue: Issue, entry: Item | None) -> dict[str, str]:
    return item_document(issue, entry) if entry is not None else issue_document(issue)


def documents(issue: Issue) -> Iterator[dict[str, str]]:
    """Every index document of one issue: its items, then its issue-level entry (if any)."""
    for entry in entries(issue):
        yield document(issue, entry)


def item_document(issue: Issue, item: Item) -> dict[str, str]:
    """The index document of one item: searchable fields, and what result rows show."""
    return _document(
        ITEM,
        item.id,
        issue,
        title=one_line(item.title),
        body=plain_text(item.body),
        section=one_line(item.section),
        author=one_line(item.author),
        links=item.links,
    )


def issue_document(issue: Issue) -> dict[str, str]:
    """The issue-level document: the intro, the sign-off and the issue's own links, under the
    issue's title (made only when `has_issue_document`)."""
    body = " ".join(filter(None, (plain_text(issue.preamble), plain_text(issue.footer))))
    title = one_line(issue.title)
    return _document(
        ISSUE, "", issue, title=title, body=body, section="", author=one_line(issue.author), links=issue.links
    )


def _document(
    kind: str, item_id: str, issue: Issue, *, title: str, body: str, section: str, author: str, links
) -> dict[str, str]:
    link_urls = " ".join(link.url for link in links)
    link_texts = " ".join(one_line(link.text) for link in links if link.text)
    issue_title = one_line(issue.title)
    text = " \n ".join(filter(None, (title, body, section, issue_title, author, link_texts)))
    doc = {
        "key": f"{kind} {item_id or issue.id}",
        "kind": kind,
        "item_id": item_id,
        "issue_id": issue.id,
        "source": source_key(issue.source),
        "title": title,
        "issue": issue_title,
        "section": section,
        "link": f"{link_urls} {link_texts}".strip(),
        "text": text,
        "body": body,
        "date": issue.date or "",
    }
    doc = {key: _valid_unicode(value) for key, value in doc.items()}
    doc["fingerprint"] = fingerprint(doc)
    return doc


def source_key(source: str) -> str:
    """The indexed key of a digest file path (fixed length, safe for any file name)."""
    raw = os.path.abspath(source).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(raw, digest_size=12).hexdigest()


def _valid_unicode(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def fingerprint(doc: dict[str, str]) -> str:
    """A short hash of everything the document holds: equal hashes mean nothing to re-index."""
    fields = "".join(f"{key}\0{doc[key]}\1" for key in sorted(doc) if key != "fingerprint")
    return hashlib.blake2b(fields.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
