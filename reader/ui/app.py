"""DigestApp: starts the app, runs the background work and keeps the `AppState` up to date.

The screens are given the state and follow its changes; they never call into the app. What they
need done (reload, rebuild the index, remember where the user is, show something on the main
screen) reaches the app as a message. Slow work runs in thread workers that report through messages
(never touching widgets): loading the library and building the index (background.py), saving read
marks and settings (here), searching and rendering long documents (in the screens). The user's keys
come from config.toml's [keys] (keymap.py), their preferences from settings.json (settings.py).
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events, work
from textual.app import App
from textual.content import Content
from textual.css.query import NoMatches
from textual.timer import Timer

from reader.core.bookmarks import BookmarkStore
from reader.core.config import load_config
from reader.core.links import has_graphical_session
from reader.core.locations import styles_dir
from reader.core.readstate import ReadState
from reader.ui.background import LibraryWork
from reader.ui.commands import bindings_for, use_keymap
from reader.ui.idle_gc import CHECK_SECONDS, IdleCollector
from reader.ui.keymap import check_keymap
from reader.ui.listing import ViewOptions
from reader.ui.messages import (
    MarksSaved,
    RememberPlace,
    RememberView,
    ShowInMain,
)
from reader.ui.pacing import input_arrived
from reader.ui.read_marks import ReadMarks
from reader.ui.screens.main import MainScreen
from reader.ui.settings import Settings, library_key
from reader.ui.state import AppState, SearchBackend

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.command import Provider


Store = TypeVar("Store", BookmarkStore, ReadState)
# SIGINT too: `kill -INT` (the terminal, in raw mode, sends Ctrl+C as a key) exits as cleanly as
# SIGTERM, instead of a KeyboardInterrupt landing wherever the main thread happens to be.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name))
# Read marks are saved once no item was opened for MARKS_QUIET seconds, and at the latest
# MARKS_LATEST seconds after the first unsaved one: reading item after item writes now and then.
MARKS_QUIET = 1.0
MARKS_LATEST = 10.0
PLACE_QUIET = 2.0  # where the user is, saved once they stay a moment (and at exit)


def _commands_provider() -> type[Provider]:
    from reader.ui.providers import CommandsProvider  # imported on first use: faster start

    return CommandsProvider


def _jump_provider() -> type[Provider]:
    from reader.ui.providers import JumpProvider

    return JumpProvider


class DigestApp(LibraryWork):
    TITLE = "Digest Reader"
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "screens.tcss"]
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {_commands_provider, _jump_provider}

    def __init__(
        self,
        library_paths: list[Path] | None = None,
        *,
        index_dir: Path | None = None,
        opener: Callable[[str], bool] | None = None,
        settings: Settings | None = None,
        search_index: SearchBackend | None = None,
        build_index: bool = True,
    ) -> None:
        """`library_paths` None: the configured library. `index_dir` None: the index of that library
        (or of these paths) in the cache dir. `opener` opens links (None: the system browser)."""
        super().__init__()
        self.library_paths = library_paths
        self.index_dir = index_dir
        self.build_index = build_index
        self.problems_at_start: list[str] = []
        self._use_keys()
        self.settings = settings or Settings()
        self._note(self.settings.message)
        read_marks = ReadMarks(self._open_store(ReadState), on_pending=self._marks_pending)
        self.state = AppState(
            self,
            bookmarks=self._open_store(BookmarkStore),
            read_marks=read_marks,
            index=search_index,
            opener=opener or self._open_in_browser,
        )
        self.library_key = library_key(library_paths)
        self.state.view = ViewOptions(sort=self.settings.sort, hide_read=self.settings.hide_read)
        self.state.resume = self.settings.place(self.library_key)
        self._place_timer: Timer | None = None
        self._index_lock = threading.Lock()
        self._library_shown = threading.Event()  # set once a loaded library is drawn
        self._main_mounted = threading.Event()  # set once the main screen is mounted
        self._save_theme_timer: Timer | None = None
        self._marks_timer: Timer | None = None
        self._marks_since: float | None = None  # when the oldest unsaved read mark was made
        self._signals_set: list[signal.Signals] = []
        self.closing = False
        self.idle_gc = IdleCollector()
        self.main = MainScreen(self.state)

    def _use_keys(self) -> None:
        """The user's keys from config.toml's [keys] table: each bad entry told and left out."""
        config = load_config()
        keymap, problems = check_keymap(config.keys)
        for problem in config.key_problems + problems:
            self._note(f"{config.path}: {problem}")
        use_keymap(keymap)
        self.set_keymap(keymap)

    def _open_in_browser(self, url: str) -> bool:
        """Open a link through Textual (a browser tab when served on the web); False where that could
        only start a text browser in this very terminal."""
        if not (self.is_web or has_graphical_session()):
            return False
        self.open_url(url)
        return True

    def format_title(self, title: str, sub_title: str) -> Content:
        """'Digest Reader — 5 issues · 45 items': the sub title in the header's own colour (Textual
        dims it, which leaves it unreadable in some themes)."""
        return Content(title) + (Content(" — ") + Content(sub_title) if sub_title else Content(""))

    def _open_store(self, kind: type[Store]) -> Store | None:
        """A store of the data dir; None (and the user told why) when it cannot even be opened."""
        try:
            store = kind()
        except OSError as exc:
            self._note(f"{kind.kind.capitalize()} unavailable: {exc}")
            return None
        self._note(store.pop_message())
        return store

    def _note(self, message: str | None) -> None:
        if message:
            self.problems_at_start.append(message)

    # -- start and stop ---------------------------------------------------------------------------
    async def on_mount(self) -> None:
        theme = self.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for sig in _SIGNALS:  # a clean exit on kill and on a closed terminal
            try:
                asyncio.get_running_loop().add_signal_handler(sig, self.exit)
                self._signals_set.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self.idle_gc.start()
        self.set_interval(CHECK_SECONDS, self.idle_gc.tick, name="idle-gc")
        self.open_library()  # before the screen mounts: the parse cache is read meanwhile
        await self.push_screen(self.main)
        self._main_mounted.set()
        for message in self.problems_at_start:
            self.notify(message, severity="warning", timeout=10, markup=False)

    def _theme_changed(self, _theme: object) -> None:
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
            input_arrived()  # workers' checkpoints give way while it is answered
            if isinstance(event, (events.Key, events.MouseDown)) and self.state.library is not None:
                self.state.user_acted = True  # batches still loading no longer move the cursor
                self.state.resume = None  # the user has moved on: where they left off is not awaited
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
        if self._marks_timer is not None:
            self._marks_timer.stop()
        self.state.read_marks.save_pending()  # the last marks, now (waits for a save under way)
        if self._place_timer is not None:
            self._place_timer.stop()
        self._remember_place()  # the screens are gone by now when the app ended otherwise
        self.settings.save()

    # -- read marks -------------------------------------------------------------------------------
    def _marks_pending(self) -> None:
        """A read mark was recorded: save it with those that follow, once they pause."""
        now = time.monotonic()
        if self._marks_since is None:
            self._marks_since = now
        if self._marks_timer is not None:
            self._marks_timer.stop()
        delay = max(0.0, min(MARKS_QUIET, self._marks_since + MARKS_LATEST - now))
        self._marks_timer = self.set_timer(delay, self._save_marks)

    def _save_marks(self) -> None:
        self._marks_timer = self._marks_since = None
        self._save_marks_in_worker(self.state.read_marks)

    @work(thread=True, group="read-marks", description="Saving read marks")
    def _save_marks_in_worker(self, read_marks: ReadMarks) -> None:
        self.post_message(MarksSaved(read_marks.save_pending()))

    def on_marks_saved(self, message: MarksSaved) -> None:
        if message.error:
            self.notify(message.error, title="Read marks not saved", severity="error", markup=False)
            self.state.marks_changed()  # the unsaved marks are gone: show what is on disk
        if self.state.read_marks.has_pending:
            self._marks_pending()

    # -- where the user is, how the issues are listed ---------------------------------------------
    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        self._remember_place()  # while the screens are still there: the text's scroll position too
        super().exit(result, return_code, message)

    def _remember_place(self) -> None:
        if self.state.resume is not None:  # still awaited (its issue not loaded yet): kept as it was
            return
        try:
            place = self.main.place() if self.main.is_attached else None
        except NoMatches:
            return
        if place is not None:
            self.settings.remember_place(self.library_key, place)

    def on_remember_place(self, message: RememberPlace) -> None:
        if self.state.resume is not None:  # the library is still loading what the user was reading
            return
        if self.settings.remember_place(self.library_key, message.place):
            if self._place_timer is not None:
                self._place_timer.stop()
            self._place_timer = self.set_timer(PLACE_QUIET, self._save_settings)

    def on_remember_view(self, message: RememberView) -> None:
        self.settings.update(save=False, sort=message.view.sort, hide_read=message.view.hide_read)
        self._save_settings()

    def _save_settings(self) -> None:
        self._place_timer = None
        self._save_settings_in_worker(self.settings)

    @work(thread=True, group="settings", description="Saving the settings")
    def _save_settings_in_worker(self, settings: Settings) -> None:
        problem = settings.save()
        if problem:
            self.call_from_thread(
                self.notify, problem, title="Settings not saved", severity="warning", markup=False
            )

    # -- showing things on the main screen --------------------------------------------------------
    def on_show_in_main(self, message: ShowInMain) -> None:
        while self.screen is not self.main and len(self.screen_stack) > 1:
            self.pop_screen()
        if message.item_id is not None:
            self.main.jump_to(message.item_id)
        elif message.issue_id is not None:
            self.main.show_issue(message.issue_id)
        elif message.source is not None:
            self.main.show_source(message.source)

    # -- app-wide actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, help_screen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(help_screen(self, getattr(self.screen, "SCOPE", "main")))
