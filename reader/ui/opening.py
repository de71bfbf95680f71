"""Opening the library at start, in a thread worker: warm from the parse cache, else progressively.

Warm start: the library the parse cache holds is shown at once (no file looked at), then every
file is checked and what changed on disk is applied in place. First start (nothing cached): the
files are parsed newest first and each batch is shown as it comes, while the search index is built
beside it (searchable, partial, from its first commit). What it finds reaches the app as messages
(`post`); it never touches widgets. `Stopping` raised by a callback (the app is closing) ends it
early, leaving the parse cache and the index to resume from.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from reader.ui.messages import IndexProgress, IndexReady, LibraryBatch, LibraryChanged, LibraryLoaded

if TYPE_CHECKING:
    from textual.message import Message

    from reader.core.library import Library, Progress
    from reader.core.loading import LibraryLoader, LoadBatch
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
        file_progress: Progress,
        index_lock: threading.Lock,
    ) -> None:
        self.paths, self.post, self.closing, self.reattach = paths, post, closing, reattach
        self.file_progress = file_progress
        self.index_lock = index_lock
        self.start = time.perf_counter()
        self.final_seen = False
        self.indexed = False  # the index is built beside the load

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def check(self) -> None:
        if self.closing():
            raise Stopping

    # -- the library ------------------------------------------------------------------------------
    def warm(self) -> Library | None:
        """The library from the parse cache, shown at once; None when the cache has none of it."""
        from reader.core.loading import LibraryLoader

        library = LibraryLoader(self.paths).cached()
        if library is None:
            return None
        self.reattach(library)
        self.post(LibraryLoaded(library, self.elapsed(), warm=True))
        return library

    def check_changes(self, shown: Library) -> Library:
        """Every file compared with the library shown; what changed is applied (LibraryChanged)."""
        loader = reporting_loader(self.paths, self.file_progress)
        changes = loader.changes(shown)
        self.check()
        if changes.empty or changes.library is None:
            return shown
        self.reattach(changes.library)
        self.post(LibraryChanged(changes, changes.library))
        return changes.library

    def on_batch(self, batch: LoadBatch) -> None:
        """A first load's batch, to the app (called in the loading thread)."""
        self.check()
        if not batch.final:
            self.post(LibraryBatch(batch, self.elapsed()))
            return
        self.reattach(batch.library)
        self.final_seen = True
        self.post(LibraryLoaded(batch.library, self.elapsed(), batched=True, indexed=self.indexed))

    def load(self) -> Library:
        """The library in batches, each shown as it comes (no index built beside it)."""
        from reader.core.loading import LibraryLoader

        library = None
        batches = LibraryLoader(self.paths).batches()
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
        """Load the library in batches and bring the index up to date beside it. A failure of the
        index never stops the library from loading."""
        from reader.core.loading import LibraryLoader

        report, error, library = None, None, None
        self.indexed = True
        try:
            with self.index_lock:
                library, report = index.update_while_loading(
                    LibraryLoader(self.paths), self.build_progress(index), self.on_batch
                )
        except Stopping:
            raise
        except Exception as exc:  # an index problem disables search, never the library
            error = f"{type(exc).__name__}: {exc}"
        if library is None or not self.final_seen:
            self.check()
            library = self.load()
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


def reporting_loader(paths: list[Path] | None, progress: Progress) -> LibraryLoader:
    """A LibraryLoader whose whole-library loads (the one `changes` makes) report each file."""
    from reader.core.loading import LibraryLoader

    class Reporting(LibraryLoader):
        def load(self, on_file: Progress | None = None) -> Library:
            return super().load(on_file or progress)

    return Reporting(paths)
