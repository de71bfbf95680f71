"""What the screens show and change, as one typed object handed to them through their constructors.

`AppState` holds the library (None until it has loaded), the bookmark store, the read marks, the
search index and its status, and what background work is doing. Every change is published on one
observable, `AppState.changed` (a Textual Signal carrying a `Change`), so a screen subscribes to
what it shows instead of being told by the app or reaching into it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from textual.dom import DOMNode
from textual.signal import Signal

from reader.ui.listing import ViewOptions
from reader.ui.read_marks import ReadMarks
from reader.ui.search_stores import SearchStores
from reader.ui.settings import Place

if TYPE_CHECKING:  # importing the library or the index imports every parser: not at start
    from reader.core.bookmarks import BookmarkStore
    from reader.core.library import Library
    from reader.core.model import Issue, Item
    from reader.core.search.context import FilterContext
    from reader.core.search.results import RelatedItems, SearchResults, Span, UpdateReport


class SearchBackend(Protocol):
    """What the app needs of a search index. `reader.core.search.SearchIndex` satisfies it, and so
    does the UI tests' stand-in (a test checks both)."""

    @property
    def error(self) -> str | None:
        """Why search is unavailable (damaged index, unwritable folder), else None."""
        ...

    def exists(self) -> bool: ...

    def update(
        self, library: Library, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> UpdateReport: ...

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        offset: int = 0,
        sort: str = "relevance",
        context: FilterContext | None = None,
        as_you_type: bool = False,
        build: int | None = None,
    ) -> SearchResults: ...

    def count(self, query: str, context: FilterContext | None = None, *, unread: bool = False) -> int:
        """How many items `query` matches (with `unread`: unread ones), for saved searches."""
        ...

    def related(self, item_id: str, limit: int = 10) -> RelatedItems:
        """The items of other issues most like `item_id` (more like this)."""
        ...

    def warm(self) -> None:
        """Open what the first search needs, so the first keystroke does not pay for it."""
        ...

    def match_spans(self, text: str, query: str) -> list[Span]: ...


class Change(Enum):
    """What changed in the state (the payload of `AppState.changed`)."""

    LIBRARY = "library"  # a library loaded (or reloaded)
    INDEX = "index"  # the index status moved on
    MARKS = "marks"  # read marks or bookmarks changed
    ACTIVITY = "activity"  # background work started, progressed or ended
    SAVED = "saved"  # saved searches were added or removed


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """Where the search index stands: usable (`ready`), being brought up to date, or unavailable."""

    ready: bool = False
    updating: bool = False
    error: str | None = None
    done: int = 0
    total: int = 0
    building: bool = False  # a first build under way: `done` of `total` files searchable (partial)

    def unavailable_reason(self) -> str | None:
        """Why a search cannot run now, for people; None when it can."""
        if self.error:
            return f"Search unavailable: {self.error}."
        if not self.ready:
            if self.building and self.total:
                return f"Building the search index: {self.indexing()}; results appear with the first files indexed."
            progress = f" ({100 * self.done // self.total}%)" if self.total else ""
            return f"Building the search index{progress}: results appear as soon as it is ready."
        return None

    def indexing(self) -> str:
        """'indexing 120 of 667 files' while a first build runs (what partial results cover)."""
        if self.building and self.total:
            return f"indexing {self.done:,} of {self.total:,} files"
        return "the index is still being built"

    def seen(self) -> tuple[bool, str | None, bool, int]:
        """What a search's results depend on: they are run again when it changes (a first build's
        next commit, its end)."""
        return self.ready, self.error, self.building, self.done if self.building else 0


@dataclass(frozen=True, slots=True)
class Activity:
    """Background work to show in the status line; `total` 0 when its size is unknown."""

    text: str
    done: int = 0
    total: int = 0


class AppState:
    """The library, the stores, the index and its status: everything a screen needs, typed."""

    def __init__(
        self,
        owner: DOMNode,
        *,
        bookmarks: BookmarkStore | None,
        read_marks: ReadMarks,
        index: SearchBackend | None = None,
        opener: Callable[[str], bool] | None = None,
    ) -> None:
        self.changed: Signal[Change] = Signal(owner, "state-changed")
        self.library: Library | None = None
        self.loading = 0  # files of the library still loading (its first load shows it in batches)
        self.user_acted = False  # a key pressed or a click since the library was first shown
        self.bookmarks = bookmarks
        self.read_marks = read_marks
        self.index = index
        self.index_status = IndexStatus()
        self.activity: Activity | None = None
        self.opener = opener  # None: the system browser
        self.last_query = ""
        self.searches = SearchStores()  # saved searches and search history, opened on first use
        self.view = ViewOptions()  # how the issues are listed (remembered between runs)
        self.resume: Place | None = None  # where the user left off last time, for the first library

    # -- changes, each published ---------------------------------------------------------------
    def set_library(self, library: Library) -> None:
        self.library = library
        self.read_marks.forget_counts()
        self.changed.publish(Change.LIBRARY)

    def set_index_status(self, status: IndexStatus) -> None:
        self.index_status = status
        self.changed.publish(Change.INDEX)

    def set_activity(self, activity: Activity | None) -> None:
        self.activity = activity
        self.changed.publish(Change.ACTIVITY)

    def marks_changed(self) -> None:
        self.changed.publish(Change.MARKS)

    # -- reading ---------------------------------------------------------------------------------
    def item_marks(self, item: Item) -> tuple[bool, bool]:
        """(unread, bookmarked) for one item."""
        bookmarked = self.bookmarks is not None and self.bookmarks.contains(item.id)
        return self.read_marks.is_unread(item.id), bookmarked

    def unread_count(self, issue: Issue) -> int | None:
        return self.read_marks.unread_count(issue)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where `query` matches in `text` (for highlighting); [] when search is unavailable."""
        if self.index is None or not query:
            return []
        try:
            return list(self.index.match_spans(text, query))
        except Exception:  # highlighting is a nicety: a failing index never breaks reading
            return []

    def summary(self, issues: Sequence[Issue] | None = None) -> str:
        """'2 issues · 5 items · 5 unread' for the header: of `issues` (default: the library)."""
        library = self.library
        if library is None:
            return ""
        issues = library.issues if issues is None else issues
        items = library.item_count if issues is library.issues else sum(len(issue.items) for issue in issues)
        parts = [plural(len(issues), "issue"), plural(items, "item")]
        unread = self.read_marks.unread_total(issues)
        if unread is not None:
            parts.append(f"{unread:,} unread")
        return " · ".join(parts)


def plural(count: int, noun: str) -> str:
    """'1 issue', '2 issues', '12,000 items'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
