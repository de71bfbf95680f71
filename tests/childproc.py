"""Talking to child processes with deadlines: a test never waits for ever on a pipe or a file."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import IO


def child_env(**extra: str) -> dict[str, str]:
    """The test's environment for a child Python, unbuffered whatever the caller's settings."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


_LINES: dict[IO[str], queue.Queue[str]] = {}


def read_line(stream: IO[str] | None, timeout: float = 30.0) -> str:
    """The next line from a child's text pipe ('' at EOF), or AssertionError after `timeout` seconds.

    A daemon thread per stream does the blocking reads, so lines already buffered are never missed.
    """
    assert stream is not None, "the child has no pipe to read"
    lines = _LINES.get(stream)
    if lines is None:
        lines = _LINES[stream] = queue.Queue()

        def pump(target: queue.Queue[str] = lines) -> None:
            for line in iter(stream.readline, ""):
                target.put(line)
            target.put("")

        threading.Thread(target=pump, daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no line from the child within {timeout} s") from None


def wait_for_file(path: Path, timeout: float = 30.0, process: subprocess.Popen[str] | None = None) -> str:
    """The text of `path` once a child has written it (non-empty), or AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and (text := path.read_text(encoding="utf-8")):
            return text
        if process is not None and process.poll() is not None:
            err = process.stderr.read() if process.stderr else ""
            raise AssertionError(f"the child exited ({process.returncode}) before writing {path.name}: {err}")
        time.sleep(0.02)
    raise AssertionError(f"{path.name} not written within {timeout} s")


def read_rest(stream: IO[str] | None, timeout: float = 30.0) -> list[str]:
    """Every line left on a pipe read through `read_line`, up to EOF (the child has ended)."""
    rest = []
    while line := read_line(stream, timeout):
        rest.append(line)
    _LINES.pop(stream, None)
    return rest
