"""What the app's searches need besides the index: the saved searches and the search history (data
dir stores, opened on first use), and the FilterContext that is:, tag: and source: filters read,
built from the app's own read marks, bookmarks and library (and kept until one of them changes).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.bookmarks import BookmarkStore
    from reader.core.library import Library
    from reader.core.saved_searches import SavedSearchStore
    from reader.core.search.context import FilterContext
    from reader.core.search_history import SearchHistory
    from reader.ui.read_marks import ReadMarks


class SearchStores:
    """The saved searches and the history, each opened once, on first use. A store that cannot be
    opened is None and `problems` says why (shown once by whoever asks first)."""

    def __init__(self) -> None:
        self._saved: SavedSearchStore | None = None
        self._history: SearchHistory | None = None
        self._opened: set[str] = set()
        self.problems: list[str] = []

    @property
    def saved(self) -> SavedSearchStore | None:
        if "saved" not in self._opened:
            from reader.core.saved_searches import SavedSearchStore

            self._opened.add("saved")
            self._saved = self._open(SavedSearchStore)
        return self._saved

    @property
    def history(self) -> SearchHistory | None:
        if "history" not in self._opened:
            from reader.core.search_history import SearchHistory

            self._opened.add("history")
            self._history = self._open(SearchHistory)
        return self._history

    def _open(self, kind: Any) -> Any:
        try:
            store = kind()
        except OSError as exc:
            self.problems.append(f"{kind.kind.capitalize()} unavailable: {exc}")
            return None
        if message := store.pop_message():
            self.problems.append(message)
        return store

    def pop_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


class _Kept:
    """The last FilterContext with what it was built from, and the library's source names.

    Compared by identity, holding what is compared (an id alone may be reused by a new object):
    the read marks and bookmarks strongly (the stores' current values), the library weakly (an
    old library must die by reference counts once the app has a new one). The source names are
    kept apart, by library only: a store whose file is missing hands out a new empty value on
    every read, and the names (tens of milliseconds at 10k items) must not be built again then.
    """

    def __init__(self) -> None:
        self.context: FilterContext | None = None
        self.read: frozenset[str] | None = None
        self.marked: object = None
        self.library: weakref.ref[Library] | None = None
        self.sources: tuple[weakref.ref[Library], dict[str, frozenset[str]]] | None = None

    def sources_of(self, library: Library) -> dict[str, frozenset[str]]:
        if self.sources is None or self.sources[0]() is not library:
            self.sources = (weakref.ref(library), _sources(library))
        return self.sources[1]


_kept = _Kept()


def filter_context(
    library: Library | None, read_marks: ReadMarks, bookmarks: BookmarkStore | None
) -> FilterContext:
    """The filters' context from the app's state: read marks (is:unread, is:read), bookmarks
    (is:bookmarked, tag:) and the library's sources (source: a source's label, folder or file
    name, a folder inside it, or the name the app shows for it). Rebuilt only when one of them
    changed; the source names only with the library."""
    from reader.core.search.context import FilterContext

    read = read_marks.read_ids() if read_marks.available else None
    marked = bookmarks.current() if bookmarks is not None else None
    kept = _kept
    if library is None:
        same_library = kept.library is None
    else:
        same_library = kept.library is not None and kept.library() is library
    if kept.context is not None and same_library and kept.read is read and kept.marked is marked:
        return kept.context
    tags: dict[str, set[str]] = {}
    for item_id, bookmark in (marked or {}).items():
        for tag in bookmark.tags:
            tags.setdefault(tag, set()).add(item_id)
    context = FilterContext(
        read=read,
        bookmarked=frozenset(marked) if marked is not None else None,
        tags={tag: frozenset(ids) for tag, ids in tags.items()} if marked is not None else None,
        sources=kept.sources_of(library) if library is not None else None,
    )
    kept.context, kept.read, kept.marked = context, read, marked
    kept.library = weakref.ref(library) if library is not None else None
    return context


def _sources(library: Library) -> dict[str, frozenset[str]]:
    """Source name -> digest files: the core's names (files, folders, roots, labels configured in
    config.toml) and the names the app shows in its Sources picker."""
    from reader.core.config import load_config
    from reader.core.library import source_labels
    from reader.core.search.context import source_names

    configured = load_config().labels_by_path()
    names = {name: set(paths) for name, paths in source_names(library, library.roots, configured).items()}
    labels = source_labels(library, configured)
    for issue in library.issues:
        label = labels.get(issue.id)
        if label:
            names.setdefault(label.casefold(), set()).add(issue.source)
    return {name: frozenset(paths) for name, paths in names.items()}
