"""The search screen's filter context is built once per state, not once per keystroke: with no
bookmarks file and no read-state file (a new user) the stores hand out the same empty value on
every read, and the library's source names are built once per library."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.bookmarks import BookmarkStore
from reader.core.library import load_library
from reader.core.readstate import ReadState
from reader.ui import search_stores
from reader.ui.read_marks import ReadMarks
from reader.ui.search_stores import filter_context


def test_a_missing_file_reads_as_the_same_empty_value(tmp_path: Path) -> None:
    bookmarks, read = BookmarkStore(tmp_path / "bookmarks.json"), ReadState(tmp_path / "read.json")
    assert bookmarks.current() is bookmarks.current() == {}
    assert read.current() is read.current() == set()


def test_a_saved_file_is_read_once_it_appears(tmp_path: Path) -> None:
    read = ReadState(tmp_path / "read.json")
    empty = read.current()
    read.set_many(["a/1"], True)
    assert read.current() == {"a/1"} and empty == set()  # the empty value handed out is not changed


@pytest.fixture
def library(tmp_path: Path):
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-01-01-weekly.md").write_text("# Weekly\n\n## One\n\nText.\n", "utf-8")
    return load_library([folder])


def test_the_context_is_kept_while_nothing_changed(tmp_path: Path, library, monkeypatch) -> None:
    built = []
    real = search_stores._sources
    monkeypatch.setattr(search_stores, "_sources", lambda lib: built.append(lib) or real(lib))
    marks = ReadMarks(ReadState(tmp_path / "read.json"))
    bookmarks = BookmarkStore(tmp_path / "bookmarks.json")
    first = filter_context(library, marks, bookmarks)
    assert filter_context(library, marks, bookmarks) is first  # typing: nothing built again
    assert built == [library]
    marks.mark([item.id for _, item in library.items()], True)
    after = filter_context(library, marks, bookmarks)
    assert after is not first and after.read == {item.id for _, item in library.items()}
    assert built == [library]  # the sources are the library's: not built again for a read mark
    again = load_library(library.roots)
    assert filter_context(again, marks, bookmarks).sources == first.sources
    assert built == [library, again]
