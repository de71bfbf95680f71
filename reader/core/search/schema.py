"""The index schema (one document per item) and the document built from an item.

Bump manifest.SCHEMA_VERSION whenever the fields or the way documents are built change: an index
of another version is rebuilt automatically.
"""

from __future__ import annotations

import hashlib
import os

from whoosh import fields

from reader.core.model import Issue, Item
from reader.core.search.analysis import FastPositions, link_words, stemmed_words
from reader.core.search.textprep import one_line, plain_text, without_urls

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


def _text_field(analyzer, stored: bool = False) -> fields.TEXT:
    field = fields.TEXT(analyzer=analyzer, stored=stored)
    field.format = FastPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> fields.Schema:
    words = stemmed_words()
    return fields.Schema(
        item_id=fields.ID(unique=True, stored=True),
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


def item_document(issue: Issue, item: Item) -> dict[str, str]:
    """The index document of one item: searchable fields, and what result rows show."""
    body = plain_text(item.body)
    link_urls = " ".join(link.url for link in item.links)
    link_texts = " ".join(one_line(link.text) for link in item.links if link.text)
    section = one_line(item.section)
    issue_title = one_line(issue.title)
    title = one_line(item.title)
    text = " \n ".join(
        filter(None, (title, without_urls(body), section, issue_title, one_line(item.author), link_texts))
    )
    doc = {
        "item_id": item.id,
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
    digest = hashlib.blake2b(digest_size=12)
    for key in sorted(doc):
        if key != "fingerprint":
            digest.update(key.encode())
            digest.update(b"\0")
            digest.update(str(doc[key]).encode("utf-8", "surrogatepass"))
            digest.update(b"\1")
    return digest.hexdigest()
