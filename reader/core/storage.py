"""Safe persistence: atomic writes and moving a broken file aside, never overwriting it."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


class StorageError(OSError):
    """A file could not be saved; the previous version is intact. The message says why."""


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: temp file in the same dir, fsync, `os.replace`.

    On failure (disk full, read-only) the old file is untouched and `StorageError` is raised.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise StorageError(exc.errno, f"could not save {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a broken file to `<name>.<label>-<timestamp>` (never overwriting) and return the new path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    os.replace(path, target)
    return target


class VersionedJsonFile:
    """A JSON file with a `"version"` key: loads what it can, moves aside what it cannot."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self.version = version

    def load(self) -> tuple[dict[str, Any] | None, str | None]:
        """(data, message). data is None when the file is missing or was moved aside."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError) as exc:
            return self._aside(f"unreadable ({exc})")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            return self._aside(f"not valid JSON ({exc.msg} at line {exc.lineno})")
        if not isinstance(data, dict) or data.get("version") != self.version:
            found = data.get("version") if isinstance(data, dict) else None
            return self._aside(f"unknown version {found!r} (expected {self.version})")
        return data, None

    def _aside(self, why: str) -> tuple[None, str]:
        try:
            moved = move_aside(self.path)
        except OSError as exc:
            return None, f"{self.path} is {why} and could not be moved aside ({exc.strerror}); it was left as is"
        return None, f"{self.path} was {why}; moved it to {moved}"

    def save(self, data: dict[str, Any]) -> None:
        atomic_write_json(self.path, {"version": self.version, **data})
