"""The bookmark store: round trip, merging, missing digests, broken files, failing disks."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from reader.core import locations, storage
from reader.core.bookmarks import Bookmark, BookmarkStore, normalize_tags, parse_tags
from reader.core.library import load_library
from reader.core.model import Issue, Item, Link
from reader.core.storage import StorageError


def make(issue_id: str = "issue-a", n: int = 1, **extra) -> tuple[Issue, Item]:
    issue = Issue(id=issue_id, title=f"Title of {issue_id}", source=f"{issue_id}.md")
    item = Item(
        id=f"{issue_id}/item-{n}",
        title=f"Item {n}",
        issue_id=issue_id,
        links=[Link(f"https://example.com/{issue_id}/{n}", f"link {n}")],
        **extra,
    )
    issue.items.append(item)
    return issue, item


def test_round_trip_through_a_human_readable_versioned_file() -> None:
    store = BookmarkStore()
    assert store.path == locations.bookmarks_file()
    store.add(*make(n=1), tags=["ml", " papers ", "ML"], note="read later")
    store.add(*make("issue-b", 2))
    text = store.path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "version": 1,\n  "bookmarks": [\n    {"item_id": ')  # one bookmark a line
    assert len(text.splitlines()) == 7
    again = BookmarkStore().all()
    assert [b.item_id for b in again] == ["issue-b/item-2", "issue-a/item-1"]  # newest first
    first = again[1]
    assert first.issue_id == "issue-a" and first.title == "Item 1" and first.issue_title == "Title of issue-a"
    assert first.links == [Link("https://example.com/issue-a/1", "link 1")]
    assert first.tags == ["ml", "papers"] and first.note == "read later" and first.created.endswith("+00:00")
    assert first.missing is False
    assert json.loads(text)["bookmarks"][0]["links"] == [
        {"url": "https://example.com/issue-a/1", "text": "link 1"}
    ]


def test_toggle_contains_get_remove_restore_update() -> None:
    store = BookmarkStore()
    issue, item = make()
    assert store.toggle(issue, item) is True and store.contains(item.id)
    store.update(item.id, tags=["x", "y"], note="  a note ")
    kept = store.get(item.id)
    assert kept is not None and kept.tags == ["x", "y"] and kept.note == "a note"
    removed = store.remove(item.id)
    assert removed is not None and not store.contains(item.id) and store.get(item.id) is None
    store.add_bookmark(removed)  # undo (the app's bookmarks view): back with its created time, tags and note
    back = BookmarkStore().get(item.id)
    assert back == kept  # same created time, tags and note
    assert store.toggle(issue, item) is False and not BookmarkStore().contains(item.id)
    assert store.remove(item.id) is None
    assert store.update(item.id, note="x") is None


def test_adding_again_keeps_created_and_merges_tags() -> None:
    store = BookmarkStore()
    issue, item = make()
    first = store.add(issue, item, tags=["a"], note="first note")
    item.title = "Renamed"
    second = store.add(issue, item, tags=["b", "A"])
    assert second.created == first.created and second.tags == ["a", "b"] and second.note == "first note"
    assert second.title == "Renamed" and len(store.all()) == 1


def test_copies_handed_out_do_not_change_the_store() -> None:
    store = BookmarkStore()
    store.add(*make())
    listed = store.all()
    listed[0].tags.append("sneaky")
    listed[0].missing = True
    assert store.all()[0].tags == [] and store.all()[0].missing is False


def test_two_stores_on_one_file_merge_instead_of_overwriting(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    one, two = BookmarkStore(path), BookmarkStore(path)
    assert one.all() == [] and two.all() == []  # both have read the (empty) state
    one.add(*make(n=1))
    two.add(*make(n=2))
    one.update("issue-a/item-2", note="edited by one")
    two.remove("issue-a/item-1")
    assert [b.item_id for b in BookmarkStore(path).all()] == ["issue-a/item-2"]
    assert one.get("issue-a/item-2").note == "edited by one"  # type: ignore[union-attr]


def test_bookmark_of_a_vanished_digest_stays_listed_and_marked_missing(seed_copy: Path) -> None:
    library = load_library([seed_copy])
    (issue_a, item_a), (issue_b, item_b) = library.items().__next__(), list(library.items())[-1]
    store = BookmarkStore()
    store.add(issue_a, item_a)
    store.add(issue_b, item_b)
    assert not any(b.missing for b in store.with_missing(library))
    source = Path(issue_a.source)
    (source if source.is_absolute() else seed_copy / source.name).unlink()
    smaller = load_library([seed_copy])
    marked = {b.item_id: b.missing for b in store.with_missing(smaller)}
    assert marked == {item_a.id: True, item_b.id: False}
    store.add(*make())  # later changes never drop it
    assert store.contains(item_a.id) and BookmarkStore().get(item_a.id) is not None


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('{"version": 1, "bookmarks": [', "not valid JSON"),
        ('{"version": 7, "bookmarks": []}', "unknown version 7"),
        ('{"version": 1, "bookmarks": [{"title": "no id"}]}', "no item_id"),
        ('{"version": 1, "bookmarks": {"a": 1}}', "not a list"),
    ],
)
def test_broken_file_is_moved_aside_and_the_user_told(content: str, why: str) -> None:
    path = locations.bookmarks_file()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    store = BookmarkStore()  # dealt with at once, so the app can show the message on start
    moved = list(path.parent.glob("bookmarks.json.corrupt-*"))
    assert store.all() == []
    assert len(moved) == 1 and moved[0].read_text(encoding="utf-8") == content
    message = store.pop_message()
    assert message is not None and why in message and str(moved[0]) in message
    assert store.pop_message() is None
    store.add(*make())
    assert [b.item_id for b in BookmarkStore().all()] == ["issue-a/item-1"]
    assert moved[0].read_text(encoding="utf-8") == content  # never overwritten


def test_broken_file_that_cannot_be_moved_aside_is_not_saved_over(monkeypatch: pytest.MonkeyPatch) -> None:
    path = locations.bookmarks_file()
    path.parent.mkdir(parents=True)
    path.write_text("{ broken", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    attempts: list[object] = []
    monkeypatch.setattr(storage, "move_aside", lambda *a, **k: attempts.append(a) or refuse())
    store = BookmarkStore()
    assert store.all() == [] and "could not be moved aside" in (store.pop_message() or "")
    assert store.all() == [] and not store.contains("x") and store.pop_message() is None
    assert len(attempts) == 1  # judged once while it stays the same, not on every look
    with pytest.raises(StorageError, match="not saving"):
        store.add(*make())
    assert path.read_text(encoding="utf-8") == "{ broken"


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [("fsync", errno.ENOSPC, "disk is full"), ("mkstemp", errno.EROFS, "read-only")],
)
def test_full_or_read_only_disk_keeps_the_previous_file_and_gives_a_message(
    monkeypatch: pytest.MonkeyPatch, target: str, code: int, words: str
) -> None:
    store = BookmarkStore()
    store.add(*make(n=1))
    before = store.path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:  # (never monkeypatch.undo(): it would undo the temp user dirs too)
        patch.setattr(storage.tempfile if target == "mkstemp" else storage.os, target, fail)
        for action in (
            lambda: store.add(*make(n=2)),
            lambda: store.remove("issue-a/item-1"),
            lambda: store.update("issue-a/item-1", note="x"),
            lambda: store.toggle(*make(n=1)),
        ):
            with pytest.raises(StorageError) as caught:
                action()
            assert words in str(caught.value) and store.message == str(caught.value)
            assert store.path.read_bytes() == before
            assert [b.item_id for b in store.all()] == ["issue-a/item-1"]  # the unsaved change is not shown
    assert not list(store.path.parent.glob("*.tmp"))
    store.add(*make(n=2))
    assert len(BookmarkStore().all()) == 2


def test_hostile_text_in_the_file_is_cleaned_on_load(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    entry = {
        "item_id": "a/b",
        "title": "Evil\x1b]52;c;aGk=\x07 title\x1b[2J",
        "issue_title": "I\u202e",
        "tags": ["\x1b[31mred", "ok"],
        "note": "line\x00one",
        "links": [{"url": "https://e.com", "text": "\x07x\x85"}],
    }
    path.write_text(json.dumps({"version": 1, "bookmarks": [entry]}), encoding="utf-8")
    bookmark = BookmarkStore(path).all()[0]
    assert bookmark.title == "Evil title" and bookmark.issue_title == "I"
    assert bookmark.tags == ["red", "ok"] and bookmark.note == "lineone" and bookmark.links[0].text == "x"


def test_tags_are_normalised() -> None:
    assert normalize_tags([" ML ", "ml", "#papers", "", "deep  learning"]) == [
        "ML",
        "papers",
        "deep learning",
    ]
    assert parse_tags("a, b ,, A, to read") == ["a", "b", "to read"]
    store = BookmarkStore()
    store.add(*make(n=1), tags=["b", "A"])
    store.add(*make(n=2), tags=["a", "c"])
    assert store.tags() == ["A", "b", "c"]


def test_find_by_prefix() -> None:
    store = BookmarkStore()
    store.add(*make(n=1))
    store.add(*make(n=2))
    assert [b.item_id for b in store.find("issue-a/item-1")] == ["issue-a/item-1"]
    assert len(store.find("issue-a/")) == 2 and store.find("zzz") == []
    assert isinstance(store.find("issue-a/item-2")[0], Bookmark)
