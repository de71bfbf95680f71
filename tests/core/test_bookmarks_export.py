"""Export to Markdown (ready to paste) and JSON; import merges without duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.bookmark_export import BookmarkImportError, export_json, export_markdown, import_file
from reader.core.bookmarks import BookmarkStore
from reader.core.model import Issue, Item, Link


def add(store: BookmarkStore, issue_id: str, n: int, links: list[Link], **kw) -> None:
    issue = Issue(id=issue_id, title=f"Issue {issue_id.upper()}", source=f"{issue_id}.md")
    store.add(issue, Item(id=f"{issue_id}/item-{n}", title=f"Item {n}", issue_id=issue_id, links=links), **kw)


@pytest.fixture
def store(tmp_path: Path) -> BookmarkStore:
    store = BookmarkStore(tmp_path / "mine.json")
    add(store, "alpha", 1, [Link("https://a.example/1", "first")], tags=["ml"], note="why it matters")
    add(
        store,
        "beta",
        2,
        [Link("https://b.example/2"), Link("mailto:x@example.com", "mail"), Link("javascript:evil()", "x")],
    )
    add(store, "alpha", 3, [])
    return store


def test_json_export_import_round_trip(store: BookmarkStore, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    exported.write_text(export_json(store.all()), encoding="utf-8")
    assert json.loads(exported.read_text(encoding="utf-8"))["version"] == 1
    other = BookmarkStore(tmp_path / "other.json")
    assert import_file(other, exported) == (3, 0)
    assert other.all() == store.all()  # everything: ids, titles, links, created, tags, note
    assert import_file(other, exported) == (0, 3)  # merge: no duplicates
    assert len(other.all()) == 3


def test_import_merges_and_keeps_the_existing_bookmark(store: BookmarkStore, tmp_path: Path) -> None:
    other = BookmarkStore(tmp_path / "other.json")
    add(other, "alpha", 1, [], tags=["mine"])
    add(other, "gamma", 9, [])
    exported = tmp_path / "export.json"
    exported.write_text(export_json(store.all()), encoding="utf-8")
    assert import_file(other, exported) == (2, 1)
    assert {b.item_id for b in other.all()} == {"alpha/item-1", "alpha/item-3", "beta/item-2", "gamma/item-9"}
    assert other.get("alpha/item-1").tags == ["mine"]  # type: ignore[union-attr]


def test_import_reads_the_cli_listing_and_skips_invalid_entries(tmp_path: Path) -> None:
    listing = {
        "bookmarks": [
            {
                "item_id": "x/1",
                "issue_id": "x",
                "title": "One",
                "issue_title": "X",
                "links": [{"url": "https://x/1", "text": ""}],
                "created": "2024-01-01T00:00:00+00:00",
                "tags": [],
                "note": "",
                "missing": True,
            },
            {"title": "no id"},
            "not even an object",
        ]
    }
    path = tmp_path / "listing.json"
    path.write_text(json.dumps(listing), encoding="utf-8")
    target = BookmarkStore(tmp_path / "t.json")
    assert import_file(target, path) == (1, 2)
    assert target.get("x/1").missing is False  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("# Bookmarks\n- [x](https://x)", "not a bookmarks JSON file"),
        ('{"version": 5, "bookmarks": []}', "unknown version 5"),
        ('{"something": "else"}', "no list of bookmarks"),
        ("[" * 100_000, "not a bookmarks JSON file"),
    ],
    ids=["markdown", "version-5", "other-json", "deep"],
)
def test_import_of_something_else_is_refused(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    target = BookmarkStore(tmp_path / "t.json")
    with pytest.raises(BookmarkImportError, match=words):
        import_file(target, path)
    assert not target.path.exists()


def test_markdown_is_grouped_by_issue_with_links(store: BookmarkStore) -> None:
    text = export_markdown(store.all())
    assert text.startswith("# Bookmarks\n")
    assert text.count("## Issue ALPHA") == 1 and text.count("## Issue BETA") == 1
    alpha = text[text.index("## Issue ALPHA") :]
    alpha = (
        alpha[: alpha.index("## Issue BETA")]
        if text.index("## Issue ALPHA") < text.index("## Issue BETA")
        else alpha
    )
    assert "- [Item 1](https://a.example/1)" in alpha and "- **Item 3**" in alpha
    assert "  - Tags: ml" in text and "  - Note: why it matters" in text
    assert (
        "  - [https://b.example/2](https://b.example/2)" in text
        and "  - [mail](mailto:x@example.com)" in text
    )
    assert "javascript" not in text


def test_markdown_keeps_untrusted_titles_literal(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.json")
    issue = Issue(id="i", title="# not a heading", source="i.md")
    item = Item(
        id="i/1",
        title="[click](javascript:x) *bold* <b>",
        issue_id="i",
        links=[Link("https://e.com/a b(c)", "t")],
    )
    store.add(issue, item)
    text = export_markdown(store.all())
    assert "## \\# not a heading" in text
    assert "[\\[click\\](javascript:x) \\*bold\\* \\<b\\>](https://e.com/a%20b%28c%29)" in text


def test_the_bookmarks_store_does_not_import_the_exporter() -> None:
    """One direction only: bookmark_export uses bookmarks, never the other way (no import cycle)."""
    import subprocess
    import sys

    code = "import sys, reader.core.bookmarks; print('reader.core.bookmark_export' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
