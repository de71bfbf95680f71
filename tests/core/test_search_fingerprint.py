"""A document's fingerprint decides whether it is written again: the same document must keep the
same fingerprint across versions, or every index would be rewritten in full after an upgrade."""

from __future__ import annotations

from reader.core.search.schema import fingerprint


def test_the_fingerprint_of_a_document_is_stable() -> None:
    doc = {"key": "item a", "text": "héllo \ud800 x", "date": "", "title": "ü"}
    assert fingerprint(doc) == "2c38377327391e5b9ac75f7f"  # as every earlier version computed it
    assert fingerprint({**doc, "fingerprint": "anything"}) == fingerprint(doc)


def test_any_change_of_a_field_changes_the_fingerprint() -> None:
    doc = {"key": "item a", "text": "one two", "title": "t"}
    changed = [{**doc, "text": "one two."}, {**doc, "title": "t "}, {**doc, "extra": ""}]
    assert len({fingerprint(d) for d in [doc, *changed]}) == 4
    assert fingerprint({"a": "b\0c", "d": ""}) != fingerprint({"a": "b", "c": ""})
