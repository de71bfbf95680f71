"""Real faults: signals end the app cleanly, failing disks and a vanished index never crash it."""

from __future__ import annotations

import errno
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app_workers import wait_for_workers
from reader.core.locations import bookmarks_file

ALT_SCREEN_OFF = b"\x1b[?1049l"


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    data = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and needle not in data:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def _drain(fd: int, proc: subprocess.Popen, seconds: float) -> bytes:
    data = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            data += chunk
            if not chunk and proc.poll() is not None:
                break
        elif proc.poll() is not None:
            break
    return data


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_ends_the_app_cleanly_and_restores_the_terminal(sig: signal.Signals, seeds_dir: Path) -> None:
    """Under a real pseudo-terminal: the app starts, gets the signal, leaves the alternate screen, exits."""
    leader, follower = pty.openpty()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        "TEXTUAL_ANIMATIONS": "none",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(seeds_dir)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(follower)
    try:
        started = _read_until(leader, b"Unsupervised", 30)  # the first item of the seeds is shown
        assert b"Unsupervised" in started, f"app did not paint: {started[-500:]!r}"
        os.write(leader, b"b")  # bookmark the current item, then signal straight away
        started += _read_until(leader, "★".encode(), 10)  # the bookmark mark is painted
        assert "★".encode() in started
        proc.send_signal(sig)
        rest = _drain(leader, proc, 20)
        code = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert code in (0, 128 + sig, -sig) and code != -signal.SIGKILL
    assert ALT_SCREEN_OFF in started + rest, "terminal left in the alternate screen"
    assert b"Traceback" not in started + rest
    stored = json.loads(bookmarks_file().read_text(encoding="utf-8"))  # nothing half-written
    assert stored["version"] and len(stored["bookmarks"]) == 1
    assert not list(bookmarks_file().parent.glob("*.tmp")), "no temp file left behind"


async def test_failing_disk_on_bookmark_shows_a_message_and_keeps_the_file(
    seeds_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    from reader.core import storage
    from reader.core.locations import bookmarks_file
    from reader.ui.app import DigestApp

    app = DigestApp([seeds_dir], build_index=False, index_dir=tmp_path / "index")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        await pilot.press("b")  # one bookmark saved normally
        await pilot.pause()
        before = bookmarks_file().read_bytes()

        def full_disk(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(storage.os, "replace", full_disk)
        await pilot.press("j", "b")
        await pilot.pause()
        assert app.is_running
        assert bookmarks_file().read_bytes() == before
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "full" in messages.lower() or "space" in messages.lower()


async def test_index_deleted_while_running_is_rebuilt(seed_copy: Path, tmp_path: Path) -> None:
    import shutil

    from reader.ui.app import DigestApp
    from reader.ui.screens.search import SearchScreen

    index_dir = tmp_path / "index"
    app = DigestApp([seed_copy], index_dir=index_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        assert index_dir.is_dir(), "the first run builds the index"
        shutil.rmtree(index_dir)
        await pilot.press("slash", *"welders")
        rows: list[str] = []
        for _ in range(100):
            await wait_for_workers(app)
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, SearchScreen):
                rows = [screen.results.row_content(i).plain for i in range(screen.results.row_count)]
                if rows:
                    break
        assert app.is_running
        assert rows and rows[0].startswith("Who Watches the Welders?")
        assert index_dir.is_dir(), "the index was rebuilt"


async def test_unwritable_cache_dir_keeps_browsing_and_search_says_why(
    seeds_dir: Path, tmp_path: Path
) -> None:
    from reader.ui.app import DigestApp

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be", encoding="utf-8")
    app = DigestApp([seeds_dir], index_dir=blocker / "index")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        first = app.main.detail.item
        await pilot.press("j")
        await pilot.pause()
        assert app.main.detail.item is not first, "browsing still works"
        await pilot.press("slash", *"welders")
        for _ in range(20):
            await wait_for_workers(app)
            await pilot.pause(0.05)
        status = " ".join(str(w.content) for w in app.screen.query("#search-status"))
        notes = " ".join(str(n.message) for n in app._notifications)
        said = (status + " " + notes).lower()
        assert app.is_running
        assert "unavailable" in said or "cannot" in said or "not a directory" in said, said
