"""Saved searches and search history across processes: writers adding at once lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from childproc import child_env
from reader.core.saved_searches import SavedSearchStore
from reader.core.search_history import SearchHistory

WRITER = Path(__file__).parent / "helpers" / "search_store_writer.py"


def _run_together(kind: str, path: Path, writers: int, count: int) -> set[str]:
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), kind, str(path), f"proc{n}", str(count), "--wait"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        for n in range(writers)
    ]
    for proc in procs:  # all start together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acknowledged: set[str] = set()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        acknowledged.update(out.split())
    return acknowledged


def test_three_processes_saving_searches_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "saved-searches.json"
    acknowledged = _run_together("saved", path, writers=3, count=25)
    assert len(acknowledged) == 75
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and {entry["name"] for entry in data["saved"]} == acknowledged
    store = SavedSearchStore(path)
    assert store.resolve("proc2-24") == "query 24 of proc2" and len(store.all()) == 75


def test_three_processes_recording_history_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "search-history.json"
    acknowledged = _run_together("history", path, writers=3, count=25)
    kept = SearchHistory(path).queries()
    assert len(kept) == 75 and set(kept) == acknowledged
    for prefix in ("proc0", "proc1", "proc2"):  # each writer's queries stay most recent first
        own = [q for q in kept if q.startswith(prefix + "-")]
        assert own == [f"{prefix}-{n}" for n in reversed(range(25))]
