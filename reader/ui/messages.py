"""Messages: what the background workers report, and what screens ask the app to do.

Workers never touch widgets: they post one of these and the app updates the state on its thread.
Screens never call into the app either: they post a request, which bubbles up to the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.loading import LibraryChanges, LoadBatch
    from reader.core.search.results import SearchResults, UpdateReport
    from reader.ui.listing import ViewOptions
    from reader.ui.settings import Place
    from reader.ui.state import SearchBackend


# -- from the workers -----------------------------------------------------------------------------
@dataclass
class LibraryLoaded(Message):
    """The whole library: loaded or reloaded; `warm`: read from the parse cache at start, before any
    file is checked; `batched`: the end of a first load shown in batches (`indexed`: the index
    was built beside it, nothing to start)."""

    library: Library
    seconds: float
    warm: bool = False
    batched: bool = False
    indexed: bool = False


@dataclass
class LibraryBatch(Message):
    """A batch of a first load (newest files first), shown as it comes; the last one arrives as
    LibraryLoaded."""

    batch: LoadBatch
    seconds: float


@dataclass
class LibraryChanged(Message):
    """After a warm start: files added, changed or removed on disk, with the library loaded anew."""

    changes: LibraryChanges
    library: Library


@dataclass
class LibraryChecked(Message):
    """After a warm start: every file was checked (changes, if any, posted before): index it."""


@dataclass
class LoadProgress(Message):
    """Files parsed so far; or, with `error`, why loading failed."""

    done: int
    total: int
    error: str | None = None


@dataclass
class IndexOpened(Message):
    """The index object exists (its folder may still be empty)."""

    index: SearchBackend


@dataclass
class IndexProgress(Message):
    """How far an update is; with `building`, a first build committed `done` of `total` files
    (searchable, results partial); `other`: another Digest Reader is building it."""

    done: int
    total: int
    building: bool = False
    other: bool = False


@dataclass
class IndexReady(Message):
    """The search index is up to date (`error` None) or unavailable (`error` says why).

    `final` is False when an existing index is usable while its update still runs.
    """

    report: UpdateReport | None
    error: str | None
    final: bool = True


@dataclass
class MarksSaved(Message):
    """A batch of read marks was written (`error`: why it could not be)."""

    error: str | None


@dataclass
class SearchDone(Message):
    generation: int
    query: str
    results: SearchResults | None
    error: str | None = None


# -- requests from the screens (they bubble up to the app) ----------------------------------------
@dataclass
class ReloadLibrary(Message):
    pass


@dataclass
class RebuildIndex(Message):
    """Rebuild the index from scratch; `reason` is told to the user first (None: asked for)."""

    reason: str | None = None


@dataclass
class CheckIndex(Message):
    """After a search: an index deleted or damaged while the app runs is to be rebuilt."""


@dataclass
class ShowInMain(Message):
    """Close what is over the main screen and show an issue (`item_id` None), an item, or the
    issues of one source there."""

    issue_id: str | None = None
    item_id: str | None = None
    source: str | None = None


@dataclass
class RememberPlace(Message):
    """Where the user is now: saved for the next start (a moment later, and at exit)."""

    place: Place


@dataclass
class RememberView(Message):
    """How the issues are listed now (sort, read ones hidden): saved for the next start."""

    view: ViewOptions
