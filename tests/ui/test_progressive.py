"""A library opened progressively: a first load shown in batches (newest files first) with the
cursor kept where it is, where-you-left-off awaited, a file failing mid-load, a warm start from the
parse cache with the changes found on disk applied in place, in batches; the issue shown drawn
again when a batch retitles it (a later file sharing its title, its file changed on disk).

Parsing is gated per file (`Gate`), so each test decides when every file is read; a batch is made
at most every 0.25 s (reader.core.loading.BATCH_SECONDS), hence the short waits between files.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.ui.settings import Place, Settings, library_key

from .conftest import current_item_id, settle

BATCH_GAP = 0.3  # a little over the loader's 0.25 s between batches


def weekly(number: int, extra: str = "") -> str:
    return f"# Weekly {number}\n\n## Story {number} one\n\nText {number}.{extra}\n\n## Story {number} two\n\nMore.\n"


@pytest.fixture
def dated_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "weekly"
    folder.mkdir()
    for number in range(1, 6):
        (folder / f"2024-01-0{number}.md").write_text(weekly(number), "utf-8")
    return folder


class Gate:
    """Each file's parse waits until the test releases it (by the file's stem)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: dict[str, threading.Event] = {}
        self.lock = threading.Lock()
        self.parsed: list[str] = []
        real = library_module.parse_path

        def gated(path: Path):
            self._event(Path(path).stem).wait(10)
            self.parsed.append(Path(path).stem)
            return real(path)

        monkeypatch.setattr(library_module, "parse_path", gated)

    def _event(self, stem: str) -> threading.Event:
        with self.lock:
            return self.events.setdefault(stem, threading.Event())

    def release(self, *stems: str) -> None:
        for stem in stems:
            self._event(stem).set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    return Gate(monkeypatch)


async def until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


def listed(app) -> list[str]:
    return [issue.id for issue in app.main.issues_pane.issues]


async def release_batch(pilot, gate: Gate, app, stem: str, count: int) -> None:
    """Let one more file be read, a batch after the last, and wait until `count` issues show."""
    await pilot.pause(BATCH_GAP)
    gate.release(stem)
    await until(pilot, lambda: len(listed(app)) >= count)


async def test_batches_show_progressively_and_the_cursor_stays_put(make_app, dated_dir, gate) -> None:
    # A file whose name has no date, read last (oldest mtime), but dated newest by its front matter:
    # its issue arrives at the top of the list, above the one the user chose.
    late = dated_dir / "notes.md"
    late.write_text("---\ndate: 2025-06-01\n---\n# Late notes\n\n## Note\n\nA note.\n", "utf-8")
    os.utime(late, (1_000_000, 1_000_000))
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 14)) as pilot:  # four issues fit: the list scrolls
        gate.release("2024-01-05")
        await until(pilot, lambda: listed(app) == ["2024-01-05"])
        main = app.main
        assert "5 files loading" in main.sub_title
        assert current_item_id(app) == "2024-01-05/story-5-one", "readable from the first issue on"
        await release_batch(pilot, gate, app, "2024-01-04", 2)
        main.issues_pane.focus()
        await pilot.press("down")  # the user picks the second issue
        await settle_ui(pilot)
        pane = main.issues_pane
        assert pane.highlighted_issue.id == "2024-01-04" and (pane.highlighted, pane.top) == (1, 0)
        for count, stem in enumerate(["2024-01-03", "2024-01-02", "2024-01-01"], 3):
            await release_batch(pilot, gate, app, stem, count)
            assert pane.highlighted_issue.id == "2024-01-04" and main.issue.id == "2024-01-04"
            assert pane.highlighted - pane.top == 1, "the cursor keeps its height on screen"
        assert "1 file loading" in main.sub_title
        await release_batch(pilot, gate, app, "notes", 6)
        await until(pilot, lambda: app.state.loading == 0 and app.state.activity is None)
        assert listed(app)[0] == "notes", "a newer issue arrived above"
        assert pane.highlighted_issue.id == "2024-01-04" and (pane.highlighted, pane.top) == (2, 1)
        assert current_item_id(app) == "2024-01-04/story-4-one"
        assert "loading" not in main.sub_title and "6 issues" in main.sub_title


def remember(folder: Path, place: Place) -> None:
    settings = Settings()
    settings.remember_place(library_key([folder]), place)
    assert settings.save() is None


async def settle_ui(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_where_you_left_off_arrives_in_a_later_batch(make_app, dated_dir, gate) -> None:
    remember(dated_dir, Place("2024-01-01", "2024-01-01/story-1-two", 0, "items"))
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        gate.release("2024-01-05")
        await until(pilot, lambda: listed(app) == ["2024-01-05"])
        assert current_item_id(app) == "2024-01-05/story-5-one", "the newest issue meanwhile"
        assert app.state.resume is not None, "still awaited"
        for count, stem in enumerate(["2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01"], 2):
            await release_batch(pilot, gate, app, stem, count)
        await until(pilot, lambda: app.state.loading == 0)
        assert app.main.issue.id == "2024-01-01" and current_item_id(app) == "2024-01-01/story-1-two"
        assert app.main.detail.item.id == "2024-01-01/story-1-two"


async def test_moving_before_the_place_arrives_keeps_the_user_where_they_went(
    make_app, dated_dir, gate
) -> None:
    remember(dated_dir, Place("2024-01-01", "2024-01-01/story-1-two", 0, "items"))
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        gate.release("2024-01-05")
        await until(pilot, lambda: listed(app) == ["2024-01-05"])
        await pilot.press("down")  # the second item of the newest issue
        await settle_ui(pilot)
        gate.release("2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01")
        await until(pilot, lambda: len(listed(app)) == 5 and app.state.loading == 0)
        assert current_item_id(app) == "2024-01-05/story-5-two"


async def test_a_file_failing_mid_load_never_stops_the_others(make_app, dated_dir, gate, monkeypatch) -> None:
    from reader.core import parsing

    real = parsing.parse_bytes

    def failing(data: bytes, path: Path):
        if Path(path).stem == "2024-01-03":
            raise RuntimeError("parser bug")
        return real(data, path)

    monkeypatch.setattr(parsing, "parse_bytes", failing)
    gate.release("2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01")
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.library is not None and app.state.loading == 0)
        await settle(pilot)
        assert listed(app) == ["2024-01-05", "2024-01-04", "2024-01-02", "2024-01-01"]
        problems = app.state.library.problems
        assert len(problems) == 1 and "2024-01-03" in str(problems[0]) and "parser bug" in str(problems[0])
        notes = " ".join(note.message for note in app._notifications)
        assert "1 digest problem: see Problems" in notes


async def first_start(make_app, gate: Gate, folder: Path) -> None:
    """A first start that parses (and caches) every file, the user leaving on 2024-01-03."""
    gate.release(*(path.stem for path in folder.glob("*.md")))
    app = make_app([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.library is not None and app.state.loading == 0)
        await settle(pilot)
        app.main.show_issue("2024-01-03")
        await settle(pilot)


async def test_a_warm_start_shows_the_cache_then_applies_a_changed_file(make_app, dated_dir, gate) -> None:
    await first_start(make_app, gate, dated_dir)
    changed = dated_dir / "2024-01-05.md"
    changed.write_text(weekly(5, " Now with an edit.").replace("Weekly 5", "Weekly 5 (edited)"), "utf-8")
    gate.events["2024-01-05"].clear()  # the changed file's parse waits: the cache shows first
    again = make_app([dated_dir])
    async with again.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: again.state.library is not None)
        main = again.main
        assert len(listed(again)) == 5, "every issue at once, from the parse cache"
        assert again.state.library.issue("2024-01-05").title == "Weekly 5", "the cached parse"
        assert main.issue.id == "2024-01-03", "where the user left off"
        gate.release("2024-01-05")
        await until(pilot, lambda: again.state.library.issue("2024-01-05").title == "Weekly 5 (edited)")
        await settle(pilot)
        assert main.issue.id == "2024-01-03" and main.issues_pane.highlighted_issue.id == "2024-01-03"
        notes = [note.message for note in again._notifications]
        assert "1 digest changed on disk: updated." in notes
        assert again.state.activity is None


async def test_a_warm_start_with_nothing_changed_says_nothing(make_app, dated_dir, gate) -> None:
    gate.release("2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01")
    for _run in range(2):
        app = make_app([dated_dir])
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda app=app: app.state.library is not None and app.state.loading == 0)
            await settle(pilot)
            assert len(listed(app)) == 5
            assert not any("on disk" in note.message for note in app._notifications)
            assert app.state.activity is None
    assert len(gate.parsed) == 5, "the second start parsed nothing"


async def test_quitting_mid_load_keeps_what_was_parsed_for_the_next_start(make_app, dated_dir, gate) -> None:
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        gate.release("2024-01-05")
        await until(pilot, lambda: listed(app) == ["2024-01-05"])
        await release_batch(pilot, gate, app, "2024-01-04", 2)
        await pilot.press("q")
    gate.release("2024-01-03", "2024-01-02", "2024-01-01")  # the loader, if still running, stops
    parsed_before = len(gate.parsed)
    assert parsed_before <= 3
    again = make_app([dated_dir])
    async with again.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: again.state.library is not None and again.state.activity is None)
        await settle(pilot)
        assert len(listed(again)) == 5
    parsed_again = gate.parsed[parsed_before:]
    assert "2024-01-05" not in parsed_again and "2024-01-04" not in parsed_again, "resumed, not restarted"
    assert sorted(set(gate.parsed)) == sorted(f"2024-01-0{n}" for n in range(1, 6))


async def test_a_warm_start_checks_the_files_only_once_the_library_is_drawn(
    make_app, dated_dir, gate, monkeypatch
) -> None:
    """The check runs in a thread: beside the UI thread drawing the library it would slow it."""
    from reader.core.loading import LibraryLoader

    gate.release("2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01")
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.library is not None and app.state.loading == 0)
    seen: list[tuple[bool, int]] = []
    real = LibraryLoader.changes

    def changes(self, shown, *args):
        seen.append((again._library_shown.is_set(), len(listed(again))))
        return real(self, shown, *args)

    monkeypatch.setattr(LibraryLoader, "changes", changes)
    again = make_app([dated_dir])
    async with again.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: again.state.library is not None and bool(seen))
        await settle(pilot)
        assert seen == [(True, 5)], "drawn first, then checked"
        assert again.state.activity is None


async def test_a_first_load_parses_only_once_the_main_screen_is_mounted(
    make_app, dated_dir, monkeypatch
) -> None:
    """The newest file is parsed in the opening thread: not while the UI thread mounts the screen."""
    seen: list[bool] = []
    real = library_module.parse_path

    def parse(path: Path):
        seen.append(app._main_mounted.is_set())
        return real(path)

    monkeypatch.setattr(library_module, "parse_path", parse)
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.library is not None and app.state.loading == 0)
        await settle(pilot)
        assert seen and seen[0], "the first parse came after the mount"
        assert len(listed(app)) == 5


def headers(app) -> tuple[str, str]:
    """The issue's title as the Items pane's title and the detail pane's text show it."""
    main = app.main
    return str(main.items_pane.border_title), main.detail.document.plain


async def test_a_first_load_retitling_the_issue_shown_updates_its_headers(make_app, tmp_path, gate) -> None:
    folder = tmp_path / "weekly"
    folder.mkdir()
    for day in ("05", "04"):
        (folder / f"2024-01-{day}.md").write_text(f"# Weekly\n\n## Story {day}\n\nText {day}.\n", "utf-8")
    app = make_app([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        gate.release("2024-01-05")
        await until(pilot, lambda: len(listed(app)) == 1)
        await settle_ui(pilot)
        main = app.main
        main.items_pane.focus()
        await pilot.press("enter")  # its first item: the issue's title in the detail's header
        await settle_ui(pilot)
        items_title, detail = headers(app)
        assert "Weekly" in items_title and "2024" not in items_title
        issue = main.issue
        await release_batch(pilot, gate, app, "2024-01-04", 2)
        await settle_ui(pilot)
        assert main.issue is issue and issue.title != "Weekly", "the newer file's title told them apart"
        items_title, detail = headers(app)
        assert issue.title in items_title, "the Items pane's title follows"
        assert issue.title in detail, "the detail's header follows"


@pytest.mark.parametrize("key", ["down", "home"])
async def test_a_warm_start_retitling_the_issue_shown_updates_it_in_place(
    make_app, dated_dir, gate, key
) -> None:
    """The reader on the issue's second item ("down"), or on its own page ("home": it has an intro)."""
    text = weekly(3).replace("\n\n## Story", "\n\nHello readers.\n\n## Story", 1)
    (dated_dir / "2024-01-03.md").write_text(text, "utf-8")
    await first_start(make_app, gate, dated_dir)
    (dated_dir / "2024-01-03.md").write_text(text.replace("Weekly 3", "Weekly 3, retitled"), "utf-8")
    gate.events["2024-01-03"].clear()  # the changed file's parse waits: the cache shows first
    again = make_app([dated_dir])
    async with again.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: again.state.library is not None)
        await settle_ui(pilot)
        main = again.main
        main.items_pane.focus()
        await pilot.press(key)
        await settle_ui(pilot)
        place = (main.detail.showing_issue, current_item_id(again))
        assert place == ((True, None) if key == "home" else (False, "2024-01-03/story-3-two"))
        assert main.issue.title == "Weekly 3"
        gate.release("2024-01-03")
        await until(pilot, lambda: again.state.library.issue("2024-01-03").title == "Weekly 3, retitled")
        await settle(pilot)
        assert main.issue.title == "Weekly 3, retitled"
        assert (main.detail.showing_issue, current_item_id(again)) == place, (
            "the reader stays where they were"
        )
        items_title, detail = headers(again)
        assert "Weekly 3, retitled" in items_title and "Weekly 3, retitled" in detail


async def test_a_warm_start_applies_the_changes_found_in_batches(make_app, dated_dir, gate) -> None:
    await first_start(make_app, gate, dated_dir)
    for number in (6, 7):
        (dated_dir / f"2024-01-0{number}.md").write_text(weekly(number), "utf-8")
    (dated_dir / "2024-01-01.md").write_text(weekly(1).replace("Weekly 1", "Weekly 1 (edited)"), "utf-8")
    gate.events["2024-01-01"].clear()  # the new files and the changed one wait to be parsed
    again = make_app([dated_dir])
    async with again.run_test(size=(120, 14)) as pilot:  # four issues fit: the list scrolls
        main = again.main
        pane = main.issues_pane
        await until(pilot, lambda: again.state.loading == 3)  # the unchanged files, at once
        await settle_ui(pilot)
        assert listed(again) == [f"2024-01-0{n}" for n in (5, 4, 3, 2, 1)]
        assert again.state.library.issue("2024-01-01").title == "Weekly 1", "shown as it was until parsed"
        assert "3 files loading" in main.sub_title
        assert pane.highlighted_issue.id == "2024-01-03" and main.issue.id == "2024-01-03"
        height = pane.highlighted - pane.top
        await release_batch(pilot, gate, again, "2024-01-07", 6)
        await settle_ui(pilot)
        assert listed(again)[0] == "2024-01-07" and "2024-01-06" not in listed(again)
        assert "2 files loading" in main.sub_title
        assert pane.highlighted_issue.id == "2024-01-03" and pane.highlighted - pane.top == height
        assert not any("on disk" in note.message for note in again._notifications), "the notice comes last"
        await release_batch(pilot, gate, again, "2024-01-06", 7)
        await pilot.pause(0.3)
        gate.release("2024-01-01")
        await until(pilot, lambda: again.state.loading == 0 and again.state.activity is None)
        await settle(pilot)
        assert again.state.library.issue("2024-01-01").title == "Weekly 1 (edited)"
        assert pane.highlighted_issue.id == "2024-01-03" and pane.highlighted - pane.top == height
        assert main.issue.id == "2024-01-03" and "loading" not in main.sub_title
        notes = [note.message for note in again._notifications]
        assert "3 digests changed on disk (2 added, 1 changed): updated." in notes


async def test_the_link_index_is_built_once_the_load_ends_not_per_batch(
    make_app, dated_dir, gate, monkeypatch
) -> None:
    from reader.core.link_index import LinkIndex

    built: list[int] = []
    real = LinkIndex.from_library.__func__

    def from_library(cls, library, *args, **kwargs):
        built.append(len(library.issues))
        return real(cls, library, *args, **kwargs)

    monkeypatch.setattr(LinkIndex, "from_library", classmethod(from_library))
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        for count, stem in enumerate(["2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02"], 1):
            await release_batch(pilot, gate, app, stem, count)
            await settle_ui(pilot)
        assert not built, "no link index of a library still loading"
        gate.release("2024-01-01")
        await until(pilot, lambda: app.state.loading == 0 and app.main.link_index is not None)
        assert built == [5]


async def test_the_last_batch_runs_no_full_collection_on_the_ui_thread(
    make_app, dated_dir, gate, monkeypatch
) -> None:
    """It shares its issues with the batch shown: collected at the next idle moment instead."""
    import gc

    from reader.ui.background import LibraryWork

    collections: list[bool] = []  # per _keep call: did it run a full collection?
    real_keep = LibraryWork._keep

    def keep(self, library, *args, **kwargs):
        ran: list[int] = []
        real_collect = gc.collect
        gc.collect = lambda *args: ran.append(1) or 0
        try:
            real_keep(self, library, *args, **kwargs)
        finally:
            gc.collect = real_collect
        collections.append(bool(ran))

    monkeypatch.setattr(LibraryWork, "_keep", keep)
    app = make_app([dated_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        gate.release("2024-01-05")
        await until(pilot, lambda: len(listed(app)) == 1)
        gate.release("2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01")
        await until(pilot, lambda: app.state.loading == 0 and len(listed(app)) == 5)
        assert collections == [False] and gc.get_freeze_count() > 0, "frozen, not collected"
