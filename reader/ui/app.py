"""DigestApp: owns the library, the stores and the search index; the screens only show them.

Slow work runs in thread workers that report through messages (never touching widgets):
loading the library, building the index, and searching (see screens/search.py).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App

from reader.core.locations import styles_dir
from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for
from reader.ui.idle_gc import CHECK_SECONDS, IdleCollector
from reader.ui.messages import IndexProgress, IndexReady, LibraryLoaded, LoadProgress
from reader.ui.screens.main import MainScreen
from reader.ui.services import EmptyLibrary, Settings, open_store, optional

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.core.library import Library


_UNSET: Any = object()
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopping(BaseException):
    """Raised in a worker's progress callback once the app is closing: the core's work ends early.

    A BaseException, so that the core's `except Exception` recovery paths do not take it for a
    damaged index; their `finally` blocks still run (partial parse cache saved, writers closed).
    """


class Throttle:
    """Calls `post(done, total)` at most every `interval` seconds, and always for the last step."""

    def __init__(self, post: Callable[[int, int], None], interval: float = 0.1) -> None:
        self.post = post
        self.interval = interval
        self.last = 0.0

    def __call__(self, done: int, total: int, *_: object) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= self.interval:
            self.last = now
            self.post(done, total)


def _commands_provider() -> type[Provider]:
    from reader.ui.providers import CommandsProvider  # imported on first use: faster start

    return CommandsProvider


def _jump_provider() -> type[Provider]:
    from reader.ui.providers import JumpProvider

    return JumpProvider


class DigestApp(App):
    TITLE = "Digest Reader"
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "screens.tcss"]
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {_commands_provider, _jump_provider}
    COMMAND_PALETTE_DISPLAY = "Ctrl+P"

    def __init__(
        self,
        library_paths: list[Path] | None = None,
        *,
        index_dir: Path | None = None,
        opener: Callable[[str], bool] | None = None,
        bookmarks: Any = _UNSET,
        read_state: Any = _UNSET,
        settings: Settings | None = None,
        search_index: Any = None,
        build_index: bool = True,
    ) -> None:
        super().__init__()
        self.library_paths = library_paths
        self.index_dir = index_dir
        self.opener = opener
        self.build_index = build_index
        self.library: Library = EmptyLibrary()  # the real one loads in a worker
        self.loaded = False
        self.problems_at_start: list[str] = []
        if bookmarks is _UNSET:
            bookmarks, problem = open_store("reader.core.bookmarks", "BookmarkStore")
            self._note(problem)
        if read_state is _UNSET:
            read_state, problem = open_store("reader.core.readstate", "ReadState")
            self._note(problem)
        self.bookmarks = bookmarks
        self.read_state = read_state
        self.settings = settings or Settings()
        self._note(self.settings.message)
        self.search_index: Any = search_index
        self.index_ready = False
        self.index_progress = (0, 0)
        self.indexing = False
        self.index_error: str | None = None
        self.index_lock = threading.Lock()
        self.last_query = ""
        self._save_theme_timer: Any = None
        self._signals_set: list = []
        self.closing = False
        self.idle_gc = IdleCollector()

    def _note(self, message: str | None) -> None:
        if message:
            self.problems_at_start.append(message)

    # -- start and stop ---------------------------------------------------------------------------
    async def on_mount(self) -> None:
        theme = self.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._signals_set = []
        for sig in _SIGNALS:  # a clean exit on kill and on a closed terminal
            try:
                asyncio.get_running_loop().add_signal_handler(sig, self.exit)
                self._signals_set.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self.idle_gc.start()
        self.set_interval(CHECK_SECONDS, self.idle_gc.tick, name="idle-gc")
        self._main = MainScreen()
        await self.push_screen(self._main)
        for message in self.problems_at_start:
            self.notify(message, severity="warning", timeout=10, markup=False)
        self.reload_library()

    @property
    def main(self) -> MainScreen:
        return self._main

    def _theme_changed(self, _theme: object) -> None:
        if self.loaded:
            self.main.detail.refresh_styles(self.match_spans)
            self.main.refresh_marks()
        # The palette's theme picker previews as you move: save once the choice has settled.
        if self._save_theme_timer is not None:
            self._save_theme_timer.stop()
        self._save_theme_timer = self.set_timer(0.5, self._save_theme)

    def _save_theme(self) -> None:
        self._save_theme_timer = None
        problem = self.settings.set_theme(self.theme)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_gc.touched()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.closing = True  # workers stop at their next progress step
        self.idle_gc.stop()
        loop = asyncio.get_running_loop()
        for sig in self._signals_set:  # from now on a signal ends the process as usual
            loop.remove_signal_handler(sig)
        if self._save_theme_timer is not None:  # quitting right after choosing
            self._save_theme_timer.stop()
            self._save_theme()

    def _progress(self, message: Callable[[int, int], Any]) -> Callable[..., None]:
        """A progress callback for a worker: posts `message(done, total)` (throttled); stops on exit."""
        throttle = Throttle(lambda done, total: self.post_message(message(done, total)))

        def progress(done: int, total: int, *_: object) -> None:
            if self.closing:
                raise Stopping
            throttle(done, total)

        return progress

    # -- library ----------------------------------------------------------------------------------
    def reload_library(self) -> None:
        self.main.status.show("Loading the library…")
        self._load_library(self.library_paths)

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
            reattach_marks(library, self.bookmarks, self.read_state)  # marks of items split anew
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
            self.main.status.show(message.error)
            self.notify(message.error, severity="error", timeout=30, markup=False)
        else:
            self.main.status.show(
                f"Loading the library: {message.done}/{message.total} files", message.done, message.total
            )

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = not self.loaded
        gc.unfreeze()
        self.library = message.library
        gc.collect()
        gc.freeze()  # the library lives as long as the app: keep its objects out of GC passes
        self.loaded = True
        main = self.main
        main.status.clear()
        main.show_library()
        self.update_title()
        if message.library.warnings and first:
            count = len(message.library.warnings)
            self.notify(
                f"{count} digest problem{'s' if count > 1 else ''}: see Problems in the palette (Ctrl+P).",
                severity="warning",
                markup=False,
            )
        elif not first:
            self.notify(f"Library reloaded: {len(self.library.issues)} issues.", markup=False)
        if self.build_index:
            self.start_indexing()

    def update_title(self) -> None:
        library = self.library
        parts = [f"{len(library.issues)} issues", f"{library.item_count} items"]
        if self.read_state is not None:
            parts.append(f"{sum(self.unread_count(issue) or 0 for issue in library.issues)} unread")
        self.sub_title = " · ".join(parts)

    # -- search index -----------------------------------------------------------------------------
    def start_indexing(self, rebuild: bool = False) -> None:
        if self.search_index is None and optional("reader.core.search", "SearchIndex") is None:
            self.index_error = "search is unavailable in this build"
            return
        self.indexing = True
        self.main.status.show("Rebuilding the search index…" if rebuild else "Updating the search index…")
        self._build_index(self.library, rebuild)

    @work(thread=True, exclusive=True, group="index", description="Updating the search index")
    def _build_index(self, library: Library, rebuild: bool) -> None:
        report, error = None, None
        progress = self._progress(IndexProgress)
        try:
            with self.index_lock:
                if self.search_index is None:
                    # Writer processes are spawned, not forked: forking a threaded app is unsafe.
                    index_class = optional("reader.core.search", "SearchIndex")
                    self.search_index = (
                        index_class(self.index_dir, parallel="spawn")
                        if self.index_dir
                        else index_class.for_library(self.library_paths, parallel="spawn")
                    )
                exists = getattr(self.search_index, "exists", lambda: False)
                if not rebuild and exists():  # usable at once; the update catches up meanwhile
                    self.post_message(IndexReady(None, None, final=False))
                report = self.search_index.update(library, progress=progress, rebuild=rebuild)
                error = self.search_index.error
                if error is None and hasattr(self.search_index, "warm"):
                    self.search_index.warm()  # the first keystroke then searches at full speed
        except Stopping:
            return
        except Exception as exc:  # an index problem disables search, never the app
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(IndexReady(report, error))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.index_progress = (message.done, message.total)
        self.main.status.show("Indexing for search", message.done, message.total)
        if not self.index_ready:
            self._tell_screens()

    def on_index_ready(self, message: IndexReady) -> None:
        self.index_ready = message.error is None
        self.index_error = message.error
        if message.final:
            self.indexing = False
            if message.error:
                self.main.status.show(f"Search unavailable: {message.error}")
            else:
                self.main.status.clear()
        self._tell_screens()

    def _tell_screens(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "index_changed"):
                screen.index_changed()

    def check_index(self) -> None:
        """After a search: an index deleted or damaged while running is rebuilt."""
        index = self.search_index
        if index is None or self.indexing:
            return
        missing = hasattr(index, "exists") and not index.exists()
        if missing or getattr(index, "error", None):
            self.index_ready = False
            self.notify(
                "The search index was missing or damaged: rebuilding it.", severity="warning", markup=False
            )
            self.start_indexing(rebuild=True)

    def search(self, query: str, *, as_you_type: bool = False, limit: int = 20) -> Any:
        """Run a search (called from a worker thread; searches run side by side, never during an update)."""
        return self.search_index.search(query, limit=limit, as_you_type=as_you_type)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        if self.search_index is None or not query:
            return []
        try:
            return list(self.search_index.match_spans(text, query))
        except Exception:
            return []

    # -- read state and bookmarks ----------------------------------------------------------------
    def item_marks(self, item: Item) -> tuple[bool, bool]:
        unread = self.read_state is not None and not self.read_state.is_read(item.id)
        return unread, self.bookmarks is not None and self.bookmarks.contains(item.id)

    def unread_count(self, issue: Issue) -> int | None:
        return None if self.read_state is None else self.read_state.unread_count(issue)

    def set_read(self, item: Item, read: bool | None) -> bool:
        """Mark read (True), unread (False) or toggle (None); True when something changed."""
        if self.read_state is None:
            if read is None:
                self.notify("Read marks are unavailable in this build.", severity="warning", markup=False)
            return False
        try:
            if read is None:
                self.read_state.toggle(item.id)
            elif self.read_state.is_read(item.id) != read:
                self.read_state.set_read(item.id, read)
            else:
                return False
        except OSError as exc:  # StorageError: disk full, read-only...
            self.notify(str(exc), title="Read mark not saved", severity="error", markup=False)
            return False
        return True

    def toggle_bookmark(self, issue: Issue, item: Item) -> bool | None:
        """Toggle the bookmark; True when added, False when removed, None when it failed."""
        if self.bookmarks is None:
            self.notify("Bookmarks are unavailable in this build.", severity="warning", markup=False)
            return None
        try:
            added = self.bookmarks.toggle(issue, item)
        except OSError as exc:
            self.notify(str(exc), title="Bookmark not saved", severity="error", markup=False)
            return None
        self.notify("Bookmarked." if added else "Bookmark removed.", markup=False)
        return added

    # -- app-wide actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
