"""Opening the library at start, in a thread worker: warm from the parse cache, else progressively.

Warm start: the library the parse cache holds is shown at once (no file looked at), then every
file is checked and what changed on disk is applied in place, in batches as the changed files are
parsed (newest first), with a notice at the end. First start (nothing cached): the
files are parsed newest first and each batch is shown as it comes; the search index is built from
them once every file is listed (searchable, partial, from its first commit): indexing beside the
listing would take the CPUs and the interpreter from it. What it finds reaches the app as messages
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
        self.indexed = False  # the index is built beside the load
        self.shown: dict[int, LoadBatch] = {}  # the batches posted, by id (kept: ids stay unique)
        self.loader: PrimedLoader | None = None  # the first load, begun by `start`

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

    def start(self) -> None:
        """Start the first load and show its first batch (the newest file) at once."""
        self.loader = PrimedLoader(self.paths)
        self.on_batch(self.loader.start())

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
        loader = self.loader or PrimedLoader(self.paths)
        loader.show = self.on_batch
        try:
            with self.index_lock:
                library, report = index.update_while_loading(
                    loader, self.build_progress(index), self.on_batch
                )
        except Stopping:
            raise
        except Exception as exc:  # an index problem disables search, never the library
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self.discard()
            self.loader = None
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


class PrimedLoader(LibraryLoader):
    """A LibraryLoader whose load starts at once (`start` returns its first batch), before what
    will read its batches (an index build) is ready: `batches` then yields that load, the first
    batch included. With `show` set, each batch goes to `show` as it is made and `batches` yields
    them all only after the last (what reads them waits until the library is listed)."""

    def __init__(self, paths: list[Path] | None) -> None:
        super().__init__(paths)
        self.started: tuple[LoadBatch, Generator[LoadBatch, None, None]] | None = None
        self.show: Callable[[LoadBatch], None] | None = None
        self.discarded = threading.Event()

    def start(self) -> LoadBatch:
        rest = super().batches()
        first = next(rest)
        self.started = (first, rest)
        return first

    def batches(
        self, batch_seconds: float | bool | None = True, on_file: Progress | None = None
    ) -> Generator[LoadBatch, None, None]:
        if self.started is None:
            batches = super().batches(batch_seconds, on_file)
        else:
            (first, rest), self.started = self.started, None
            batches = _resumed(first, rest)
        return batches if self.show is None else _listed_first(batches, self.show, self.discarded)

    def discard(self) -> None:
        """Stop a load started and never read, or not read to its end (what was parsed stays in
        the parse cache)."""
        self.discarded.set()
        if self.started is not None:
            self.started[1].close()
            self.started = None


def _resumed(first: LoadBatch, rest: Generator[LoadBatch, None, None]) -> Generator[LoadBatch, None, None]:
    try:
        yield first
        yield from rest
    finally:
        rest.close()


def _listed_first(
    batches: Generator[LoadBatch, None, None], show: Callable[[LoadBatch], None], stop: threading.Event
) -> Generator[LoadBatch, None, None]:
    """`batches`, each shown as it is made, yielded only once the last is shown (nothing if the
    load is given up on meanwhile)."""
    held = []
    try:
        for batch in batches:
            show(batch)
            held.append(batch)
            if stop.is_set():
                return
    finally:
        batches.close()
    yield from held
