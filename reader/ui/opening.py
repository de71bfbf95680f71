"""Opening the library at start, in a thread worker: warm from the parse cache, else progressively.

Warm start: the library the parse cache holds is shown at once (no file looked at), then every
file is checked and what changed on disk is applied in place, in batches as the changed files are
parsed (newest first), with a notice at the end. First start (nothing cached): the files are
parsed newest first and each batch is shown as it comes; the search index is built from them once
every file is listed (searchable, partial, from its first commit): indexing beside the listing
would take the CPUs and the interpreter from it. What it finds reaches the app as messages
(`post`); it never touches widgets. `Stopping` raised by a callback (the app is closing) ends it
early, leaving the parse cache and the index to resume from.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from reader.core.gc_pause import gc_paused
from reader.core.loading import LibraryLoader, LoadBatch  # no parser imported: light
from reader.ui.messages import IndexProgress, IndexReady, LibraryBatch, LibraryChanged, LibraryLoaded

if TYPE_CHECKING:
    from textual.message import Message

    from reader.core.library import Library, Progress
    from reader.core.search.manifest import BuildStatus
    from reader.core.search.results import UpdateReport
    from reader.core.search.write.streaming import BuildProgress
    from reader.ui.state import SearchBackend

OTHER_BUILD_POLL = 1.0  # seconds between looks at another Digest Reader's index build


class Stopping(BaseException):
    """Raised in a worker's callback once the app is closing: the core's work ends early.

    A BaseException, so that the core's `except Exception` recovery paths do not take it for a
    damaged index; their `finally` blocks still run (partial parse cache saved, writers closed).
    """


@runtime_checkable
class StreamingBackend(Protocol):
    """An index that can be built while the library loads (`reader.core.search.SearchIndex`)."""

    def update_while_loading(
        self,
        loader: LibraryLoader,
        progress: Callable[[BuildProgress], None] | None = None,
        on_batch: Callable[[LoadBatch], None] | None = None,
        **options: Any,
    ) -> tuple[Library | None, UpdateReport]: ...

    def build_status(self) -> BuildStatus | None: ...


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


class Opening:
    """One opening of the library (see the module's docstring). `index` is None when the app does
    not index (tests, `build_index` off); `reattach(library)` moves marks to items split anew."""

    def __init__(
        self,
        paths: list[Path] | None,
        post: Callable[[Message], object],
        closing: Callable[[], bool],
        reattach: Callable[[Library], object],
        index_lock: threading.Lock,
    ) -> None:
        self.paths, self.post, self.closing, self.reattach = paths, post, closing, reattach
        self.index_lock = index_lock
        self.started_at = time.perf_counter()
        self.final_seen = False
        self.indexed = False  # the index is built from the first load's batches
        self.shown: dict[int, LoadBatch] = {}  # the batches posted, by id (kept: ids stay unique)
        self.loader: PrimedLoader | None = None  # the first load, listing from `start` on

    def elapsed(self) -> float:
        return time.perf_counter() - self.started_at

    def check(self) -> None:
        if self.closing():
            raise Stopping

    def wait(self, event: threading.Event, seconds: float) -> None:
        """Wait until `event` is set, at most `seconds`; `Stopping` once the app is closing."""
        deadline = time.monotonic() + seconds
        while not event.wait(0.05) and time.monotonic() < deadline:
            self.check()
        self.check()

    # -- the library ------------------------------------------------------------------------------
    def warm(self) -> Library | None:
        """The library from the parse cache, shown at once; None when the cache has none of it."""
        with gc_paused():
            library = LibraryLoader(self.paths).cached()
            if library is None:
                return None
            gc.freeze()  # kept by the app: its objects need no young collection on the way
        self.reattach(library)
        self.post(LibraryLoaded(library, self.elapsed(), warm=True))
        return library

    def check_changes(self, shown: Library) -> Library:
        """Every file compared with the library shown; what changed is applied in batches
        (LibraryBatch), the last with a notice (LibraryChanged)."""
        changes = LibraryLoader(self.paths).changes(shown, self.on_change)
        self.check()
        if changes.empty or changes.library is None:
            return shown
        self.reattach(changes.library)
        self.post(LibraryChanged(changes, changes.library))
        return changes.library

    def on_change(self, batch: LoadBatch) -> None:
        """A batch of the changes found after a warm start (all but the last), to the app."""
        self.check()
        self.post(LibraryBatch(batch, self.elapsed()))

    def on_batch(self, batch: LoadBatch) -> None:
        """A first load's batch, to the app (called in the loading thread); once only: the index
        build reads again the batches shown already."""
        self.check()
        if self.shown.get(id(batch)) is batch:
            return
        self.shown[id(batch)] = batch
        if not batch.final:
            self.post(LibraryBatch(batch, self.elapsed()))
            return
        self.reattach(batch.library)
        self.final_seen = True
        self.post(LibraryLoaded(batch.library, self.elapsed(), batched=True, indexed=self.indexed))

    def start(self, indexed: bool = False) -> None:
        """Start the first load, in a thread of its own: each batch is shown as it comes, the
        first (the newest file) at once. `indexed`: the index will be built from its batches
        (`build_while_loading`), not updated by the app once the library is whole."""
        self.indexed = indexed
        self.loader = PrimedLoader(self.paths, self.on_batch)
        self.loader.start()

    def listed(self) -> None:
        """Wait until the first load has listed every file (`Stopping` once the app is closing)."""
        if self.loader is not None:
            self.wait(self.loader.finished, float("inf"))

    def discard(self) -> None:
        if self.loader is not None:
            self.loader.discard()

    def load(self) -> Library:
        """The library in batches (the load `start` began, else a new one), each shown as it
        comes (no index built beside it)."""
        library = None
        batches = (self.loader or LibraryLoader(self.paths)).batches()
        self.loader = None
        try:
            for batch in batches:
                self.on_batch(batch)
                library = batch.library
        finally:
            batches.close()
        assert library is not None
        return library

    # -- the index --------------------------------------------------------------------------------
    def build_while_loading(self, index: StreamingBackend) -> tuple[Library, UpdateReport | None, str | None]:
        """Load the library in batches (the load `start` began), each shown as it comes, and
        bring the index up to date from them once the last is shown. A failure of the index
        never stops the library from loading."""
        report, error, library = None, None, None
        self.indexed = True
        if self.loader is None:
            self.start(indexed=True)
        loader = self.loader
        assert loader is not None
        try:
            with self.index_lock:
                library, report = index.update_while_loading(
                    loader, self.build_progress(index), self.on_batch
                )
        except Stopping:
            raise
        except Exception as exc:  # an index problem disables search, never the library
            error = f"{type(exc).__name__}: {exc}"
        if library is None or not self.final_seen:
            self.check()
            library = self.load()  # the listing's batches if it still goes on, else a new load
        self.loader = None
        return library, report, error

    def build_progress(self, index: StreamingBackend) -> Callable[[BuildProgress], None]:
        """Progress of a build: what is committed (searchable) is posted on each commit."""
        committed = -1

        def progress(state: BuildProgress) -> None:
            nonlocal committed
            self.check()
            if state.files_total == 0:  # an ordinary update, not a first build
                return
            if state.items_indexed != committed:
                committed = state.items_indexed
                status = index.build_status()
                if status is not None:
                    self.post(IndexProgress(status.files, status.total, building=True))

        return progress

    def wait_for_other_build(self, index: StreamingBackend) -> bool:
        """Another Digest Reader builds the index: follow its progress until it is done (True) or
        has gone (False: this process then updates the index itself)."""
        while True:
            status = index.build_status()
            if status is None:
                return True
            if status.mine or not process_alive(status.pid):
                return False
            self.post(IndexProgress(status.files, status.total, building=True, other=True))
            deadline = time.monotonic() + OTHER_BUILD_POLL
            while time.monotonic() < deadline:
                self.check()
                time.sleep(0.1)

    def finish_index(self, index: SearchBackend, library: Library, report: UpdateReport | None) -> None:
        """After an update skipped because another process builds the index: wait for it, then
        bring the index up to date here (nothing left to do, or the rest of a build it left)."""
        other = report is not None and report.skipped and isinstance(index, StreamingBackend)
        if other and isinstance(index, StreamingBackend) and index.build_status() is not None:
            self.post(IndexReady(report, None, final=False))
            self.wait_for_other_build(index)
            with self.index_lock:
                report = index.update(library, None)
        error = index.error
        if error is None:
            index.warm()
        self.post(IndexReady(report, error))


class PrimedLoader(LibraryLoader):
    """A LibraryLoader whose load runs in a thread of its own from `start`, each batch going to
    `show` as it is made, whatever what will read the batches (an index build) is doing
    meanwhile (opening the index, creating it); `batches` then yields that load's batches once the
    last is made (raising what stopped it, if anything did)."""

    def __init__(self, paths: list[Path] | None, show: Callable[[LoadBatch], None]) -> None:
        super().__init__(paths)
        self.show = show
        self.held: list[LoadBatch] = []
        self.failure: BaseException | None = None
        self.stopping = threading.Event()
        self.finished = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._list, name="library-listing", daemon=True)
        self.thread.start()

    def _list(self) -> None:
        batches = super().batches()
        try:
            for batch in batches:
                if self.stopping.is_set():
                    break
                self.show(batch)
                self.held.append(batch)
        except BaseException as exc:  # Stopping, or a bug: raised where the batches are read
            self.failure = exc
        finally:
            batches.close()  # a load given up on: what was parsed stays in the parse cache
            self.finished.set()

    def batches(
        self, batch_seconds: float | bool | None = True, on_file: Progress | None = None
    ) -> Generator[LoadBatch, None, None]:
        if self.thread is None:
            return super().batches(batch_seconds, on_file)
        return self._listed()

    def _listed(self) -> Generator[LoadBatch, None, None]:
        self.finished.wait()
        if self.failure is not None:
            raise self.failure
        yield from self.held

    def discard(self) -> None:
        """Stop the load at its next batch, if it is still going on."""
        self.stopping.set()
