"""The app's background work on the library: loading it and keeping its search index up to date,
in thread workers that report through messages (they never touch widgets); the app keeps the
`AppState` up to date from those messages, on its own thread."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from reader.ui.commands import keys_for
from reader.ui.messages import (
    CheckIndex,
    IndexOpened,
    IndexProgress,
    IndexReady,
    LibraryLoaded,
    LoadProgress,
    RebuildIndex,
    ReloadLibrary,
)
from reader.ui.state import Activity, AppState, IndexStatus, SearchBackend, plural

if TYPE_CHECKING:
    from textual.message import Message

    from reader.core.library import Library


class Stopping(BaseException):
    """Raised in a worker's progress callback once the app is closing: the core's work ends early.

    A BaseException, so that the core's `except Exception` recovery paths do not take it for a
    damaged index; their `finally` blocks still run (partial parse cache saved, writers closed).
    """


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

    def _progress(self, message: Callable[[int, int], Message]) -> Callable[..., None]:
        """A progress callback for a worker: posts `message(done, total)` (throttled); stops on exit."""
        throttle = Throttle(lambda done, total: self.post_message(message(done, total)))

        def progress(done: int, total: int, *_: object) -> None:
            if self.closing:
                raise Stopping
            throttle(done, total)

        return progress

    # -- library ----------------------------------------------------------------------------------
    def reload_library(self) -> None:
        self.state.set_activity(Activity("Loading the library…"))
        self._load_library(self.library_paths)

    def on_reload_library(self, _message: ReloadLibrary) -> None:
        self.reload_library()

    # Each worker gets a fixed description: Textual's default repr()s the arguments (a whole
    # library: 0.2 s at 10k items, on the UI thread).
    @work(thread=True, exclusive=True, group="library", description="Loading the library")
    def _load_library(self, paths: list[Path] | None) -> None:
        start = time.perf_counter()
        progress = self._progress(LoadProgress)
        try:
            from reader.core.library import load_library  # the parsers import here, after first paint
            from reader.core.reattach import reattach_marks

            library = load_library(paths, progress)
            reattach_marks(library, self.state.bookmarks, self.state.read_marks.store)  # items split anew
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
            text = f"Loading the library: {message.done}/{message.total} files"
            self.state.set_activity(Activity(text, message.done, message.total))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = self.state.library is None
        gc.unfreeze()
        self.state.library = None  # the old library can go before the new one is frozen
        gc.collect()
        gc.freeze()  # the library lives as long as the app: keep its objects out of GC passes
        self.state.set_activity(None)
        self.state.set_library(message.library)
        problems = message.library.problems
        if problems and first:
            palette = keys_for("command_palette", "app")
            self.notify(
                f"{plural(len(problems), 'digest problem')}: see Problems in the palette ({palette}).",
                severity="warning",
                markup=False,
            )
        elif not first:
            self.notify(f"Library reloaded: {plural(len(message.library.issues), 'issue')}.", markup=False)
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
        report, error = None, None
        progress = self._progress(IndexProgress)
        try:
            with self._index_lock:
                if index is None:
                    from reader.core.search.index import SearchIndex

                    # Writer processes are spawned, not forked: forking a threaded app is unsafe.
                    index = (
                        SearchIndex(self.index_dir, parallel="spawn")
                        if self.index_dir
                        else SearchIndex.for_library(self.library_paths, parallel="spawn")
                    )
                    self.post_message(IndexOpened(index))
                if not rebuild and index.exists():  # usable at once; the update catches up meanwhile
                    self.post_message(IndexReady(None, None, final=False))
                report = index.update(library, progress=progress, rebuild=rebuild)
                error = index.error
                if error is None:
                    index.warm()  # the first keystroke then searches at full speed
        except Stopping:
            return
        except Exception as exc:  # an index problem disables search, never the app
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(IndexReady(report, error))

    def on_index_opened(self, message: IndexOpened) -> None:
        self.state.index = message.index

    def on_index_progress(self, message: IndexProgress) -> None:
        status = replace(self.state.index_status, done=message.done, total=message.total)
        self.state.set_index_status(status)
        self.state.set_activity(Activity("Indexing for search", message.done, message.total))

    def on_index_ready(self, message: IndexReady) -> None:
        status = self.state.index_status
        updating = status.updating and not message.final
        self.state.set_index_status(
            IndexStatus(ready=message.error is None, updating=updating, error=message.error)
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
