"""A library folder holding a FIFO, a link to /dev/zero or a socket named *.md never hangs a command.

Each command runs in a child process with a deadline: a hang fails the test instead of the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from childproc import child_env

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")

DEADLINE = 60


def digests(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`digests ARGV` in a child process; TimeoutExpired (the test fails) when it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env=child_env(),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\n## One\n\nText.\n\n## Two\n\nMore.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "null.txt").symlink_to("/dev/null")
    return folder


@pytest.mark.parametrize("command", [["list", "--json"], ["doctor", "--json"], ["sources", "--json"]])
def test_fifo_and_dev_zero_never_hang_a_command(hostile_folder: Path, command: list[str]) -> None:
    result = digests(*command, "--library", str(hostile_folder), cwd=hostile_folder.parent)
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    if command[0] == "list":
        assert [issue["title"] for issue in data["issues"]] == ["Good"]
        warnings = "\n".join(data["warnings"])
        assert "pipe.md: skipped, not a regular file (a named pipe (FIFO))" in warnings
        assert "zero.md: skipped, not a regular file (a character device)" in warnings
        assert "null.txt: skipped, not a regular file (a character device)" in warnings
    elif command[0] == "doctor":
        reasons = {Path(p["file"]).name: p["reason"] for p in data["problems"]}
        assert set(reasons) == {"pipe.md", "zero.md", "null.txt"}
        assert all("not a regular file" in reason for reason in reasons.values())
        assert data["issues"] == 1
    else:
        [source] = data["sources"]
        assert (source["issues"], len(source["problems"])) == (1, 3)


def test_a_fifo_given_as_the_library_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = digests("list", "--json", "--library", str(fifo), cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["issues"] == []
    assert data["warnings"] == [f"{fifo}: skipped, not a regular file (a named pipe (FIFO))"]


def test_the_parse_cache_never_hashes_a_fifo_or_dev_zero(hostile_folder: Path) -> None:
    """Twice: the second run has a parse cache, whose lookups hash changed files."""
    for _ in range(2):
        result = digests("show", "good/one", "--library", str(hostile_folder), cwd=hostile_folder.parent)
        assert result.returncode == 0, result.stderr
        assert "Text." in result.stdout


def test_a_socket_in_the_library_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nText.\n", encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.md"))
    except OSError as exc:  # a path too long for AF_UNIX on this machine
        pytest.skip(f"cannot make a socket here: {exc}")
    try:
        result = digests("list", "--json", "--library", str(folder), cwd=tmp_path)
    finally:
        server.close()
    data = json.loads(result.stdout)
    assert [issue["title"] for issue in data["issues"]] == ["Good"]
    assert data["warnings"] == [f"{folder / 'sock.md'}: skipped, not a regular file (a socket)"]
