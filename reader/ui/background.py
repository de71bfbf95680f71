"""The app's background work on the library: loading it and keeping its search index up to date,
in thread workers that report through messages (they never touch widgets); the app keeps the
`AppState` up to date from those messages, on its own thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from reader.ui.commands import keys_for
from reader.ui.idle_gc import IdleCollector
from reader.ui.messages import (
    CheckIndex,
    IndexOpened,
    IndexProgress,
    IndexReady,
    LibraryBatch,
    LibraryChanged,
    LibraryChecked,
    LibraryLoaded,
    LoadProgress,
    RebuildIndex,
    ReloadLibrary,
)
from reader.ui.opening import Opening, Stopping, StreamingBackend
from reader.ui.pacing import let_go_of_arguments
from reader.ui.state import Activity, AppState, IndexStatus, SearchBackend, plural

if TYPE_CHECKING:
    from textual.message import Message

    from reader.core.library import Library


SHOWN_WAIT = 2.0  # seconds a warm start's check of the files waits for the library to be drawn


class Throttle:
    """Calls `post(done, total)` at most every `interval` seconds, and always for the last step."""

    def __init__(self, post: Callable[[int, int], object], interval: float = 0.1) -> None:
        self.post = post
        self.interval = interval
        self.last = 0.0

    def __call__(self, done: int, total: int, *_: object) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= self.interval:
            self.last = now
            self.post(done, total)


class LibraryWork(App[None]):
    """Loading the library and indexing it; mixed into DigestApp."""

    state: AppState
    library_paths: list[Path] | None
    index_dir: Path | None
    build_index: bool
    closing: bool
    _index_lock: threading.Lock
    _library_shown: threading.Event
    _main_mounted: threading.Event
    idle_gc: IdleCollector
    index_other = False  # another Digest Reader is building the index (this one waits and reads)

    def _progress(self, message: Callable[[int, int], Message]) -> Callable[..., None]:
        """A progress callback for a worker: posts `message(done, total)` (throttled); stops on exit."""
        throttle = Throttle(lambda done, total: self.post_message(message(done, total)))

        def progress(done: int, total: int, *_: object) -> None:
            if self.closing:
                raise Stopping
            throttle(done, total)

        return progress

    # -- library ----------------------------------------------------------------------------------
    def open_library(self) -> None:
        """At start: the library from the parse cache at once, else in batches as it loads."""
        self.state.set_activity(Activity("Loading the library…"))
        self._open_library(self.library_paths, self.state.index)

    def reload_library(self) -> None:
        self.state.set_activity(Activity("Loading the library…"))
        self._load_library(self.library_paths)

    def on_reload_library(self, _message: ReloadLibrary) -> None:
        self.reload_library()

    def _reattach(self, library: Library) -> None:
        from reader.core.reattach import reattach_marks

        reattach_marks(library, self.state.bookmarks, self.state.read_marks.store)  # items split anew

    # Each worker gets a fixed description: Textual's default repr()s the arguments (a whole
    # library: 0.2 s at 10k items, on the UI thread).
    @work(thread=True, exclusive=True, group="library", description="Opening the library")
    def _open_library(self, paths: list[Path] | None, index: SearchBackend | None) -> None:
        worker = get_current_worker()  # a reload meanwhile cancels it: its batches stop
        opening = Opening(
            paths,
            self.post_message,
            lambda: self.closing or worker.is_cancelled,
            self._reattach,
            self._index_lock,
        )
        try:
            library = opening.warm()
            if library is not None:
                # The check waits until the library is on screen: a thread running beside the UI
                # thread halves its share of the interpreter while it draws.
                opening.wait(self._library_shown, SHOWN_WAIT)
                opening.check_changes(library)
                self.post_message(LibraryChecked())
                return
            # A first load starts once the main screen is mounted: its parsing would slow the mount.
            opening.wait(self._main_mounted, SHOWN_WAIT)
            streaming = self.build_index and (index is None or isinstance(index, StreamingBackend))
            opening.start(indexed=streaming)  # listed in batches, the newest file first
            if self.build_index:
                opening.listed()  # the index opened (and built) once every file is listed, not beside it
                index = index or self._open_index()
            if not isinstance(index, StreamingBackend) or not self.build_index:
                opening.load()  # the index, if any, is updated once the library is whole
                return
            self._announce_index(index)
            library, report, error = opening.build_while_loading(index)
            if error is not None:
                self.post_message(IndexReady(report, error))
                return
            opening.finish_index(index, library, report)
        except Stopping:
            return
        except Exception as exc:  # the loader never raises for bad files; anything else is a bug to show
            self.post_message(
                LoadProgress(0, 0, f"The library could not be loaded: {type(exc).__name__}: {exc}")
            )
        finally:
            opening.discard()

    @work(thread=True, exclusive=True, group="library", description="Loading the library")
    def _load_library(self, paths: list[Path] | None) -> None:
        start = time.perf_counter()
        progress = self._progress(LoadProgress)
        try:
            from reader.core.library import load_library  # the parsers import here, after first paint

            library = load_library(paths, progress)
            self._reattach(library)
        except Stopping:
            return
        except Exception as exc:  # load_library never raises for bad files; anything else is a bug to show
            self.post_message(
                LoadProgress(0, 0, f"The library could not be loaded: {type(exc).__name__}: {exc}")
            )
            return
        self.post_message(LibraryLoaded(library, time.perf_counter() - start))

    def on_load_progress(self, message: LoadProgress) -> None:
        if message.error:
            self.state.set_activity(Activity(message.error))
            self.notify(message.error, severity="error", timeout=30, markup=False)
        else:
            text = f"Loading the library: {message.done:,} of {message.total:,} files"
            self.state.set_activity(Activity(text, message.done, message.total))

    def _keep(self, library: Library) -> None:
        """Make `library` the app's for good: its objects frozen out of GC passes at once, and the
        garbage (start-up's, or an old library's cycles) collected when the user pauses, never
        here: a full collection walks every object (0.2 s at 100,000 items)."""
        self.state.library = None  # the old library can go before the new one is frozen
        self.idle_gc.freeze_now()
        self.state.loading = 0
        self.state.set_library(library)

    def _tell_problems(self, library: Library) -> None:
        if library.problems:
            palette = keys_for("command_palette", "app")
            self.notify(
                f"{plural(len(library.problems), 'digest problem')}: see Problems in the palette ({palette}).",
                severity="warning",
                markup=False,
            )

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = self.state.library is None or message.batched
        self._keep(message.library)
        self.call_after_refresh(self._library_shown.set)
        if message.warm:
            self.state.set_activity(Activity("Checking the library for changes…"))
        elif message.batched:
            self._show_index_activity()
        else:
            self.state.set_activity(None)
        if first:
            self._tell_problems(message.library)
        else:
            self.notify(f"Library reloaded: {plural(len(message.library.issues), 'issue')}.", markup=False)
        if self.build_index and not message.warm and not message.indexed:
            self.start_indexing()

    def on_library_batch(self, message: LibraryBatch) -> None:
        """A batch of a first load (or of the changes a warm start found): the issues so far shown
        at once, the selection kept."""
        batch = message.batch
        self.idle_gc.freeze_now()  # the issues so far stay: no full collection walks them again
        self.state.loading = batch.loading
        self.state.set_library(batch.library)
        text = f"Loading the library: {batch.done:,} of {batch.total:,} files"
        self.state.set_activity(Activity(text, batch.done, batch.total))

    def on_library_changed(self, message: LibraryChanged) -> None:
        """After a warm start: the files changed on disk, applied in place."""
        changes = message.changes
        self._keep(message.library)
        kinds = [(changes.added, "added"), (changes.changed, "changed"), (changes.removed, "removed")]
        parts = [f"{len(files):,} {what}" for files, what in kinds if files]
        count = sum(len(files) for files, _ in kinds)
        detail = f" ({', '.join(parts)})" if len(parts) > 1 or not changes.changed else ""
        self.notify(f"{plural(count, 'digest')} changed on disk{detail}: updated.", markup=False)

    def on_library_checked(self, _message: LibraryChecked) -> None:
        self.state.set_activity(None)
        if self.build_index:
            self.start_indexing()

    # -- search index -----------------------------------------------------------------------------
    def start_indexing(self, rebuild: bool = False) -> None:
        library = self.state.library
        if library is None:
            return
        self.state.set_index_status(replace(self.state.index_status, updating=True))
        self.state.set_activity(
            Activity("Rebuilding the search index…" if rebuild else "Updating the search index…")
        )
        self._build_index(library, self.state.index, rebuild)

    def on_rebuild_index(self, message: RebuildIndex) -> None:
        if message.reason:
            self.notify(message.reason, severity="warning", markup=False)
        self.start_indexing(rebuild=True)

    @work(thread=True, exclusive=True, group="index", description="Updating the search index")
    def _build_index(self, library: Library, index: SearchBackend | None, rebuild: bool) -> None:
        let_go_of_arguments()  # the library dies with the app's next one, not at a full collection
        report, error = None, None
        progress = self._progress(IndexProgress)
        opening = Opening(
            self.library_paths,
            self.post_message,
            lambda: self.closing,
            self._reattach,
            self._index_lock,
        )
        try:
            with self._index_lock:
                index = index or self._open_index()
                if not rebuild:
                    self._announce_index(index)  # usable at once; the update catches up meanwhile
                report = index.update(library, progress=progress, rebuild=rebuild)
            opening.finish_index(index, library, report)
            return
        except Stopping:
            return
        except Exception as exc:  # an index problem disables search, never the app
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(IndexReady(report, error))

    def _open_index(self) -> SearchBackend:
        """The library's index (its folder may not exist yet), told to the app. In a worker."""
        from reader.core.search.index import SearchIndex

        # Writer processes are spawned, not forked: forking a threaded app is unsafe.
        index = (
            SearchIndex(self.index_dir, parallel="spawn")
            if self.index_dir
            else SearchIndex.for_library(self.library_paths, parallel="spawn")
        )
        self.post_message(IndexOpened(index))
        return index

    def _announce_index(self, index: SearchBackend) -> None:
        """Before an update, in its worker: an index that exists is searchable at once (partial
        while a first build is unfinished)."""
        status = index.build_status() if isinstance(index, StreamingBackend) else None
        if status is not None:
            self.post_message(IndexProgress(status.files, status.total, building=True))
        elif index.exists():
            self.post_message(IndexReady(None, None, final=False))
        else:
            self.post_message(IndexProgress(0, 0, building=isinstance(index, StreamingBackend)))

    def on_index_opened(self, message: IndexOpened) -> None:
        self.state.index = message.index

    def on_index_progress(self, message: IndexProgress) -> None:
        status = self.state.index_status
        self.index_other = message.other
        ready = status.ready or (message.building and message.done > 0)
        building = message.building or (status.building and not message.total)
        self.state.set_index_status(
            replace(
                status, ready=ready, updating=True, building=building, done=message.done, total=message.total
            )
        )
        self._show_index_activity()

    def _show_index_activity(self) -> None:
        """The status line while the index is brought up to date (the library loaded)."""
        status = self.state.index_status
        if self.state.library is None or self.state.loading:
            return  # the library's loading is shown meanwhile
        if not status.updating:
            self.state.set_activity(None)
            return
        if self.index_other:
            what = "Another Digest Reader is building the search index"
        elif status.building or status.total:
            what = "Indexing for search"
        else:
            what = "Updating the search index"
        count = f": {status.done:,} of {status.total:,} files" if status.building and status.total else ""
        count = count if status.total else "…"
        self.state.set_activity(Activity(what + count, status.done, status.total))

    def on_index_ready(self, message: IndexReady) -> None:
        status = self.state.index_status
        report = message.report
        if report is not None and report.skipped and report.message and not message.final:
            self.notify(report.message[0].upper() + report.message[1:] + ".", markup=False)
        updating = status.updating and not message.final
        self.state.set_index_status(
            IndexStatus(
                ready=message.error is None,
                updating=updating,
                error=message.error,
                building=status.building and not message.final,
                done=status.done,
                total=status.total,
            )
        )
        if message.final:
            self.state.set_activity(
                Activity(f"Search unavailable: {message.error}") if message.error else None
            )

    def on_check_index(self, _message: CheckIndex) -> None:
        """After a search: an index deleted or damaged while running is rebuilt."""
        index, status = self.state.index, self.state.index_status
        if index is None or status.updating:
            return
        if not index.exists() or index.error:
            self.state.set_index_status(replace(status, ready=False))
            self.on_rebuild_index(RebuildIndex("The search index was missing or damaged: rebuilding it."))
