"""XML digests that are not feeds: a list of records, one item each; never shown as raw tags.

A digest kept in its own XML schema (`<entry><title>…</title><url>…</url><what>…</what></entry>`
repeated) is read by shape, not by element names known in advance: the element with the most
children of one kind, each holding an element named like a title (`…title`, `…subject`,
`…headline`), is the list of records. Each record is an item: that element's text is its title,
elements holding just a URL (named like `…url`, `…link`, `…href`) are its links, and every other
element's text is its body, as written (plain text: quotes stay quotes, nothing else is markup).
The rest of the document (a header of dates and such) is the intro, a date element dates the issue.
An XML document without such records is its text, without tags. Documents declaring entities are
left to other formats (no entity is ever expanded).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from reader.core.model import Link
from reader.core.parsing.common import Draft, DraftItem, find_date, merge_links, text_links, tidy_title
from reader.core.parsing.plaintext import plain_markdown
from reader.core.parsing.source import Source

_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*", re.S)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)[\s>/]")
_NOT_HERE = {"rss", "feed", "rdf:rdf", "html"}  # feeds and HTML have their own formats
_TITLE = ("title", "subject", "headline")
_LINK = ("url", "link", "href")
_URL = re.compile(r"^(?:https?|mailto):\S+$")


def _name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _tree(source: Source) -> ET.Element | None:
    """The document's root element, when the file is XML of its own schema (cached)."""
    if "xml_records" not in source.cache:
        source.cache["xml_records"] = None
        text = source.text
        prolog = _PROLOG.match(text)
        rest = text[prolog.end() if prolog else 0 :]
        root = _ROOT.match(rest)
        declared = root is not None and "<?xml" in text[: prolog.end() if prolog else 0]
        ours = root and (declared or source.suffix == ".xml") and root.group(1).lower() not in _NOT_HERE
        if ours and "<!DOCTYPE" not in text[:65536] and "<!ENTITY" not in text:  # nothing to expand
            try:
                source.cache["xml_records"] = ET.fromstring(rest)
            except ET.ParseError:
                pass
    tree: ET.Element | None = source.cache["xml_records"]
    return tree


def _records(root: ET.Element) -> list[ET.Element]:
    """The children of the element with the most same-named children that each hold a title."""
    best: list[ET.Element] = []
    for parent in root.iter():
        counts = Counter(_name(child) for child in parent)
        for name, count in counts.items():
            if count < 2 or count <= len(best):
                continue
            group = [child for child in parent if _name(child) == name]
            if all(any(_name(c).endswith(_TITLE) for c in child) for child in group):
                best = group
    return best


def detect(source: Source) -> float:
    """Sure when the file is XML of its own schema holding records; willing for any such XML."""
    root = _tree(source)
    if root is None:
        return 0.0
    return 0.95 if _records(root) else 0.5


def _plain(text: str) -> str:
    return plain_markdown(text.strip("\n").split("\n")) if text.strip() else ""


def _item(record: ET.Element) -> DraftItem:
    """A record as an item: its title element, its URL elements, every other text as written."""
    title, links, parts = "", [], [_plain(record.text or "")]
    for child in record:
        text = _text(child).strip()
        name = _name(child)
        if not title and name.endswith(_TITLE):
            title = text
        elif name.endswith(_LINK) and _URL.match(text):
            links.append(Link(url=text))
        else:
            parts.append(_plain(_text(child)))
        parts.append(_plain(child.tail or ""))
    body = "\n\n".join(filter(None, parts))
    return DraftItem(title=tidy_title(title), body=body, links=merge_links(links, text_links(body)))


def parse(source: Source) -> Draft:
    draft = Draft(format="xml")
    root = _tree(source)
    if root is None:
        return draft
    records = _records(root)
    inside = {id(element) for record in records for element in record.iter() if element is not record}
    intro: list[str] = []
    for element in root.iter():
        if id(element) in inside:
            continue
        text = (element.text or "").strip() if element not in records else ""
        name = _name(element)
        if text and name.endswith(_TITLE) and draft.title is None:
            draft.title = tidy_title(text)
        elif text:
            draft.date = draft.date or (find_date(text.replace(".", "-")) if name.endswith("date") else None)
            intro.append(_plain(element.text or ""))
        if element is not root:
            intro.append(_plain(element.tail or ""))
    draft.preamble = "\n\n".join(filter(None, intro))
    draft.links = text_links(draft.preamble)
    draft.items = [_item(record) for record in records]
    return draft
