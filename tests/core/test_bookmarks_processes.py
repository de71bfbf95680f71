"""Bookmarks across processes: SIGKILL at random moments never loses or corrupts; parallel adds all land."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from childproc import child_env, read_line, read_rest
from reader.core.bookmarks import BookmarkStore
from reader.core.model import Issue, Item

WRITER = Path(__file__).parent / "helpers" / "bookmark_writer.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _writer(path: Path, prefix: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), prefix, *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def _saved_ids(path: Path) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))  # must always parse
    assert data["version"] == 1
    return {entry["item_id"] for entry in data["bookmarks"]}


def test_sigkill_at_random_moments_never_corrupts_or_loses_acknowledged_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    rng = random.Random(20261130)
    acknowledged: set[str] = set()
    killed_mid_write = 0
    for round_no in range(25):
        proc = _writer(path, f"round{round_no}")
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 12)):
            line = read_line(proc.stdout)
            assert line, f"writer died early: {proc.stderr.read() if proc.stderr else ''}"
            acknowledged.add(line.strip())
        time.sleep(rng.uniform(0, 0.004))  # lands somewhere inside one of the next writes
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        acknowledged.update(
            line.strip() for line in read_rest(proc.stdout)
        )  # acks written before the kill count too
        proc.stdout.close()
        proc.stderr.close()  # type: ignore[union-attr]
        assert proc.returncode == -signal.SIGKILL
        killed_mid_write += bool(list(tmp_path.glob(".bookmarks.json.*.tmp")))
        saved = _saved_ids(path)
        assert acknowledged <= saved, f"round {round_no}: lost {sorted(acknowledged - saved)[:5]}"
    # Leftover temp files of killed writers are cleaned by the next save, under the lock.
    store = BookmarkStore(path)
    store.add(
        Issue(id="final", title="Final", source="f.md"), Item(id="final/one", title="One", issue_id="final")
    )
    assert not list(tmp_path.glob(".bookmarks.json.*.tmp"))
    assert acknowledged | {"final/one"} <= {b.item_id for b in store.all()}
    print(
        f"{len(acknowledged)} acknowledged bookmarks kept over 25 kills ({killed_mid_write} left a temp file)"
    )


def test_three_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    writers = [_writer(path, f"proc{n}", "30", "--wait") for n in range(3)]
    for proc in writers:  # all start together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acknowledged: set[str] = set()
    for proc in writers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        acknowledged.update(out.split())
    assert len(acknowledged) == 90
    assert _saved_ids(path) == acknowledged
    assert len(BookmarkStore(path).all()) == 90
