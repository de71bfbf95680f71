"""Parse worker processes end when the process that started them is killed, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from childproc import child_env, wait_for_file

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.timeout(180)
def test_workers_and_resource_tracker_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    body = "".join(f"## Story {n}\n\nSome words about story {n}, said plainly.\n\n" for n in range(4000))
    for number in range(64):  # enough work that parsing is still going on when the parent dies
        (folder / f"digest-{number:03d}.md").write_text(f"# Digest {number}\n\n{body}", encoding="utf-8")
    ready, done = tmp_path / "ready", tmp_path / "done"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.core.library import parse_paths\n"
        f"paths = sorted(Path({str(folder)!r}).iterdir())\n"
        "for n, parsed in enumerate(parse_paths(paths, workers=2)):\n"
        f"    if n == 0: Path({str(ready)!r}).write_text('1')\n"
        f"Path({str(done)!r}).write_text('1')\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], env=child_env(), stderr=subprocess.PIPE, text=True
    )
    helpers: set[int] = set()
    try:
        wait_for_file(ready, timeout=120, process=parent)
        helpers = _children(parent.pid)  # the two pool workers and multiprocessing's resource tracker
        assert len(helpers) >= 3, f"expected workers and a tracker, found {helpers}"
        assert not done.exists(), "parsing ended before the parent was killed: the test proves nothing"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
            time.sleep(0.1)
        left = sorted(pid for pid in helpers if _alive(pid))
        assert not left, f"processes left running after their parent was killed: {left}"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=30)
        for pid in helpers:  # leave nothing behind when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
