"""Saved searches: round trip, names in any case, bad input refused, broken files moved aside."""

from __future__ import annotations

import errno
import json
import os

import pytest

from reader.core import locations, storage
from reader.core.saved_searches import (
    MAX_NAME_LENGTH,
    SavedSearchError,
    SavedSearchStore,
    UnknownSavedSearch,
    resolve_saved,
)
from reader.core.storage import StorageError


def test_round_trip_keeps_order_and_survives_a_new_store() -> None:
    store = SavedSearchStore()
    assert store.path == locations.saved_searches_file()
    assert store.all() == [] and not store.path.exists()
    first, replaced = store.add("rust", "crate of the week")
    assert not replaced and first.name == "rust" and first.created
    store.add("Papers", '"attention is all" OR transformer')
    again = SavedSearchStore()
    assert [(s.name, s.query) for s in again.all()] == [
        ("rust", "crate of the week"),
        ("Papers", '"attention is all" OR transformer'),
    ]
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and [entry["name"] for entry in data["saved"]] == ["rust", "Papers"]
    assert set(data["saved"][0]) == {"name", "query", "created"}


def test_same_name_in_any_case_replaces_in_place_keeping_created() -> None:
    store = SavedSearchStore()
    old, _ = store.add("rust", "crate of the week")
    store.add("other", "x")
    new, replaced = store.add("  RUST ", "crate  of the week date:2024")
    assert replaced and new.name == "RUST" and new.query == "crate of the week date:2024"
    assert new.created == old.created
    assert [s.name for s in SavedSearchStore().all()] == ["RUST", "other"]
    assert store.get("rust") == new and store.get("Rust") == new


def test_resolve_and_remove() -> None:
    store = SavedSearchStore()
    store.add("rust", "crate of the week")
    store.add("rustc", "compiler")
    assert resolve_saved("RUST") == "crate of the week"
    with pytest.raises(UnknownSavedSearch, match=r"did you mean 'rust' or 'rustc'") as caught:
        resolve_saved("ru")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, LookupError)
    with pytest.raises(UnknownSavedSearch, match=r"saved: 'rust', 'rustc'"):
        store.resolve("zzz")
    removed = store.remove("Rust")
    assert removed is not None and removed.query == "crate of the week"
    mtime = store.path.stat().st_mtime_ns
    assert store.remove("rust") is None
    assert store.path.stat().st_mtime_ns == mtime  # nothing to remove: no write
    store.remove("rustc")
    with pytest.raises(UnknownSavedSearch, match="no saved searches yet"):
        resolve_saved("rust")


@pytest.mark.parametrize(
    ("name", "query", "why"),
    [
        ("", "x", "needs a name"),
        ("  \t", "x", "needs a name"),
        ("n", "   ", "needs a query"),
        ("x" * (MAX_NAME_LENGTH + 1), "x", "at most"),
        ("n", "q" * 1001, "at most"),
    ],
)
def test_bad_names_and_queries_are_refused_without_writing(name: str, query: str, why: str) -> None:
    store = SavedSearchStore()
    with pytest.raises(SavedSearchError, match=why):
        store.add(name, query)
    assert not store.path.exists()


def test_terminal_escapes_and_newlines_never_stored() -> None:
    store = SavedSearchStore()
    search, _ = store.add("a\x1b[31mred\nname", "word\x1b]52;c;ZXZpbA==\x07 other\u202e")
    assert search.name == "ared name" and search.query == "word other"
    assert SavedSearchStore().resolve("ared name") == "word other"


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"\xff\xfe",
        b'{"version": 99, "saved": []}',
        b'{"version": 1, "saved": {"a": 1}}',
        b'{"version": 1, "saved": [{"name": "x"}]}',
        b'{"version": 1, "saved": [{"name": "", "query": "q"}]}',
    ],
)
def test_broken_file_is_moved_aside_with_a_message(content: bytes) -> None:
    path = locations.saved_searches_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = SavedSearchStore()
    assert store.all() == []
    moved = list(path.parent.glob("saved-searches.json.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content
    message = store.pop_message()
    assert message and str(moved[0]) in message
    store.add("fresh", "start")
    assert SavedSearchStore().resolve("fresh") == "start"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_failing_disk_keeps_the_previous_file(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    store = SavedSearchStore()
    store.add("kept", "q")
    before = store.path.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, "replace", fail)
        with pytest.raises(StorageError, match="previous version is kept"):
            store.add("lost", "q")
    assert store.path.read_bytes() == before
    assert [s.name for s in SavedSearchStore().all()] == ["kept"]


def test_two_stores_keep_each_others_saves() -> None:
    one, two = SavedSearchStore(), SavedSearchStore()
    one.add("a", "alpha")
    two.add("b", "beta")
    assert [s.name for s in SavedSearchStore().all()] == ["a", "b"]
    assert one.get("b") is not None  # sees the other's change without a restart
