"""Safe persistence: atomic writes and moving a broken file aside, never overwriting it."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.core.regular_files import read_regular

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class StorageError(OSError):
    """A file could not be saved; the previous version is intact. The message says why."""

    def __str__(self) -> str:
        return str(self.strerror or (self.args[0] if self.args else "could not save"))


def describe_os_error(exc: OSError) -> str:
    """A short human reason for an OSError, also for a bare `OSError(errno.ENOSPC)`."""
    code = (
        exc.errno
        if exc.errno is not None
        else (exc.args[0] if exc.args and isinstance(exc.args[0], int) else None)
    )
    reason = exc.strerror or (os.strerror(code) if code is not None else str(exc) or type(exc).__name__)
    hint = _WHY.get(code) if code is not None else None
    return f"{reason} ({hint})" if hint and hint.lower() != reason.lower() else reason


def storage_error(exc: OSError, what: str) -> StorageError:
    """StorageError 'could not save X: <reason>; the previous version is kept'."""
    code = (
        exc.errno
        if exc.errno is not None
        else (exc.args[0] if exc.args and isinstance(exc.args[0], int) else None)
    )
    return StorageError(
        code, f"could not save {what}: {describe_os_error(exc)}; the previous version is kept"
    )


def write_target(path: Path) -> Path:
    """Where a write to `path` lands: `path` itself or, for a symlink, the file it points to (which
    need not exist yet), so a link into a dotfiles repo or a synced folder stays a link.
    OSError(ELOOP) for a symlink loop."""
    path = Path(path)
    if not os.path.islink(path):
        return path
    target = Path(os.path.realpath(path))
    if os.path.islink(target):  # realpath stops where a loop starts
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    return target


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: temp file in the same dir, fsync, `os.replace`.

    Through a symlink the write goes to its target, in the target's folder; the link stays.
    An existing file keeps its permission bits. On failure (disk full, read-only, symlink loop)
    the old file is untouched and `StorageError` is raised.
    """
    path = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StorageError(
            errno.EINVAL, f"could not save {path}: the text is not valid Unicode ({exc.reason})"
        ) from exc
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """`atomic_write_text` for content made piece by piece (never all in memory at once)."""
    tmp_name: str | None = None
    try:
        target = write_target(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            _keep_mode(target, handle.fileno())
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(target.parent)
    except OSError as exc:
        raise storage_error(exc, str(path)) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _keep_mode(target: Path, fd: int) -> None:
    """Give the new file the permission bits of the one it replaces (mkstemp makes it 0600)."""
    try:
        os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
    except (OSError, AttributeError):  # no file yet (0600 stays), or no fchmod on this system
        pass


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files a killed writer of `path` left behind. Call only while holding the file's lock."""
    removed = 0
    try:
        target = write_target(path)
        leftovers = list(target.parent.glob(f".{target.name}.*.tmp"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass
    return removed


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


def _compact(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": "))


def dump_json(data: Any) -> str:
    """Readable, diffable JSON that is quick to write: an object's keys one per line, and each
    element of a list value on its own line (one bookmark a line). Text that cannot be UTF-8
    (lone surrogates) is escaped, not lost."""
    try:
        text = _layout(data, ascii_only=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _layout(data, ascii_only=True)
    return text


def _layout(data: Any, ascii_only: bool) -> str:
    if not isinstance(data, dict) or not data:
        return _compact(data, ascii_only) + "\n"
    fields = []
    for key, value in data.items():
        name = _compact(str(key), ascii_only)
        if isinstance(value, list) and value:
            rows = ",\n".join("    " + _compact(element, ascii_only) for element in value)
            fields.append(f"  {name}: [\n{rows}\n  ]")
        else:
            fields.append(f"  {name}: {_compact(value, ascii_only)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, dump_json(data))


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a broken file to `<name>.<label>-<timestamp>` (never overwriting) and return the new path.

    Through a symlink the target is moved (beside itself) and the link stays, dangling until the
    next save writes a fresh file there."""
    path = write_target(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    os.replace(path, target)
    return target


@contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Cross-process lock `<path>.lock` (filelock); failures become StorageError."""
    from filelock import FileLock, Timeout

    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=timeout)
        lock.acquire()
    except Timeout as exc:
        raise StorageError(
            errno.EAGAIN,
            f"could not save {path}: another Digest Reader keeps it locked "
            f"({lock_path}); the previous version is kept",
        ) from exc
    except OSError as exc:
        raise storage_error(exc, str(path)) from exc
    try:
        yield
    finally:
        lock.release()


MAX_FILE_BYTES = 512 * 2**20  # far beyond any real bookmarks file; a FIFO or /dev/zero is refused


class VersionedJsonFile:
    """A JSON object file with a `"version"` key: loads what it can, moves aside what it cannot.

    When a broken file could not be moved aside (or could not be read), `blocked` says why and
    `save()` refuses to write over it, so nothing is ever silently overwritten.
    """

    def __init__(self, path: Path, version: int) -> None:
        self.path = Path(path)
        self.version = version
        self.blocked: str | None = None

    def load(self) -> tuple[dict[str, Any] | None, str | None]:
        """(data, message). data is None when the file is missing, unreadable or was moved aside."""
        self.blocked = None
        try:
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return self._block(f"{self.path} could not be read ({describe_os_error(exc)})")
        problem = self.check(raw)
        if isinstance(problem, str):
            return self.set_aside(problem)
        return problem, None

    def check(self, raw: bytes) -> dict[str, Any] | str:
        """The parsed object, or why it is not a valid file of this version."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return "not UTF-8 text"
        except json.JSONDecodeError as exc:
            return f"not valid JSON ({exc.msg} at line {exc.lineno})"
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting too deep
            return f"not valid JSON ({type(exc).__name__})"
        if not isinstance(data, dict):
            return "not a JSON object"
        found = data.get("version")
        if type(found) is not int or found != self.version:
            return f"of unknown version {found!r} (expected {self.version})"
        return data

    def set_aside(self, why: str) -> tuple[None, str | None]:
        """Move the file aside because it is `why`; if that fails, block saving over it."""
        try:
            moved = move_aside(self.path)
        except FileNotFoundError:
            return None, None  # someone else already moved or replaced it
        except OSError as exc:
            return self._block(
                f"{self.path} is {why} and could not be moved aside ({describe_os_error(exc)}); "
                "it was left as is and will not be saved over"
            )
        return None, f"{self.path} was {why}; moved it to {moved}"

    def _block(self, message: str) -> tuple[None, str]:
        self.blocked = message
        return None, message

    def save(self, data: dict[str, Any]) -> str:
        """Write atomically, `"version"` first, and return the text written.

        StorageError if the last load found a file it must not replace, or the disk refused."""
        if self.blocked and self.path.exists():
            raise StorageError(errno.EEXIST, f"not saving: {self.blocked}")
        self.blocked = None
        body = {key: value for key, value in data.items() if key != "version"}
        text = dump_json({"version": self.version, **body})
        atomic_write_text(self.path, text)
        return text
