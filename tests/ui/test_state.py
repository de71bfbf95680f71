"""The typed state: the search protocol both indexes satisfy, read marks saved in batches off the UI
thread, and messages whose key names come from the command registry."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.core.readstate import ReadState

from .conftest import item_row, running, settle

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(180)
def test_the_fake_and_the_real_index_both_satisfy_the_search_protocol(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked statically (mypy), as the app's code is: a method missing or with another signature fails."""
    from mypy import api

    check = tmp_path / "check_backends.py"
    check.write_text(
        "from reader.core.search.index import SearchIndex\n"
        "from reader.ui.state import SearchBackend\n"
        "from ui.fakes import FakeIndex\n\n"
        "fake: SearchBackend = FakeIndex()\n"
        "real: SearchBackend = SearchIndex()\n",
        encoding="utf-8",
    )
    broken = tmp_path / "check_broken.py"
    broken.write_text(
        "from reader.ui.state import SearchBackend\n\n\n"
        "class NoWarm:\n"
        "    error = None\n\n"
        "    def exists(self) -> bool:\n"
        "        return True\n\n\n"
        "broken: SearchBackend = NoWarm()\n",
        encoding="utf-8",
    )
    options = ["--follow-imports=silent", "--no-error-summary", f"--cache-dir={tmp_path / 'cache'}"]
    monkeypatch.setenv("MYPYPATH", os.pathsep.join([str(ROOT), str(ROOT / "tests")]))  # reader, ui.fakes
    out, err, status = api.run([str(check), *options])
    assert status == 0, out + err
    out, _, status = api.run([str(broken), *options])
    assert status == 1 and "SearchBackend" in out, "the check does catch an incomplete index"


def many_items_dir(tmp_path: Path, count: int = 25) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    body = "\n".join(f"## Story {n}\n\nText of story {n}.\n" for n in range(count))
    (folder / "many.md").write_text(f"# Many Weekly\n\n{body}", encoding="utf-8")
    return folder


class HeldSaves:
    """The app's timers that save read marks, held instead of run, so that when "the opening
    pauses" is the test's call, not the clock's: on a loaded machine a burst of openings can
    take longer than MARKS_LATEST (which then saves mid-burst, as it should) and a gap between two
    keys can pass MARKS_QUIET."""

    def __init__(self, app, monkeypatch: pytest.MonkeyPatch) -> None:
        self.timers: list[HeldSaves.Timer] = []
        set_timer = app.set_timer

        def held(delay, callback=None, *args, **kwargs):
            if callback != app._save_marks:
                return set_timer(delay, callback, *args, **kwargs)
            timer = HeldSaves.Timer(delay, callback)
            self.timers.append(timer)
            return timer

        monkeypatch.setattr(app, "set_timer", held)

    class Timer:
        def __init__(self, delay: float, callback) -> None:
            self.delay, self.callback, self.stopped = delay, callback, False

        def stop(self) -> None:
            self.stopped = True

    def waiting(self) -> list[HeldSaves.Timer]:
        return [timer for timer in self.timers if not timer.stopped]


async def test_a_burst_of_opened_items_is_saved_in_a_few_writes_off_the_ui_thread(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.app import MARKS_QUIET

    app = make_app([many_items_dir(tmp_path)])
    async with running(app) as pilot:
        store = app.state.read_marks.store
        writes: list[bool] = []  # per write: was it on the UI thread?
        real_modify = store.modify

        def spy(*args, **kwargs):
            writes.append(threading.current_thread() is threading.main_thread())
            return real_modify(*args, **kwargs)

        monkeypatch.setattr(store, "modify", spy)
        saves = HeldSaves(app, monkeypatch)
        other = ReadState(store.path)  # another running instance
        for _ in range(20):
            await pilot.press("enter", "escape", "j")
        other.set_read("elsewhere/its-item")
        assert all(app.state.read_marks.is_read(f"many/story-{n}") for n in range(20)), "shown at once"
        assert "●" not in item_row(app, "many/story-19")
        await settle(pilot)
        assert writes == [], "nothing is written while items are being opened"
        assert len(saves.timers) == 20, "each opening puts the save off"
        (save,) = saves.waiting()
        assert 0 <= save.delay <= MARKS_QUIET, "saved once the opening pauses"
        save.callback()  # the opening paused: the timer fires
        await settle(pilot)
        assert writes == [False], "one write for 20 opened items, not on the UI thread"
    saved = ReadState(store.path)
    assert all(saved.is_read(f"many/story-{n}") for n in range(20))
    assert not saved.is_read("many/story-20")
    assert saved.is_read("elsewhere/its-item"), "merged with what the other instance saved"


async def test_an_opened_item_is_saved_by_itself_once_the_opening_pauses(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real timer: the mark is written (off the UI thread) with no key pressed after it."""
    import time

    from reader.ui import app as app_module

    monkeypatch.setattr(app_module, "MARKS_QUIET", 0.05)
    app = make_app([many_items_dir(tmp_path, 3)])
    async with running(app) as pilot:
        store = app.state.read_marks.store
        writes: list[bool] = []
        real_modify = store.modify

        def spy(*args, **kwargs):
            writes.append(threading.current_thread() is threading.main_thread())
            return real_modify(*args, **kwargs)

        monkeypatch.setattr(store, "modify", spy)
        await pilot.press("enter")
        deadline = time.monotonic() + 60
        while app.state.read_marks.has_pending and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await settle(pilot)
        assert writes == [False]
        assert ReadState(store.path).is_read("many/story-0")


async def test_read_marks_not_yet_saved_are_saved_at_exit(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter")
        path = app.state.read_marks.store.path
        assert not ReadState(path).is_read("alpha/alpha-item"), "not written yet"
    assert ReadState(path).is_read("alpha/alpha-item")


async def test_messages_name_the_keys_the_registry_gives(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import reader.ui.screens.bookmarks  # noqa: F401  (its bindings are built on import: before the patch, or later tests would see 'z')
    from reader.ui import commands

    remapped = tuple(
        dataclasses.replace(command, keys="z")
        if (command.action, command.scope) == ("undo", "bookmarks")
        else command
        for command in commands.COMMANDS
    )
    monkeypatch.setattr(commands, "COMMANDS", remapped)
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b", "B", "d")
        await settle(pilot)
        assert "Bookmark removed. Press z to undo." in [n.message for n in app._notifications]
