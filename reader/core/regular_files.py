"""Reading files from a library folder without ever blocking: only regular files, capped.

A library folder is untrusted: a FIFO named `x.md` blocks a plain `open()` for ever, a symlink to
`/dev/zero` never ends a read. Here a file is `stat`ed first (through symlinks) and refused unless
it is a regular file, opened with `O_NONBLOCK` (a FIFO swapped in after the check cannot block the
open), checked again on the open descriptor, and read up to a byte cap that holds whatever the
file does meanwhile (growing while it is read does not make the read longer).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotReadable(OSError):
    """A file that is not read: not a regular file, or over the size cap. The message says why."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "cannot be read"


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what it is ('a named pipe (FIFO)', 'a character device'...)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for check, name in _KINDS if check(mode)), "not a regular file")


def refusal(st: os.stat_result) -> str | None:
    """Why a file with this `stat` is not read as a digest (None when it is a regular file)."""
    kind = kind_of(st.st_mode)
    return f"not a regular file ({kind})" if kind else None


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """An open descriptor of `path` and its fstat; NotReadable unless it is a regular file."""
    reason = refusal(os.stat(path))
    if reason:
        raise NotReadable(reason)
    fd = os.open(path, _FLAGS)
    try:
        st = os.fstat(fd)
        reason = refusal(st)
        if reason:  # swapped for something else between the stat and the open
            raise NotReadable(reason)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; NotReadable (or OSError) otherwise."""
    return read_regular_stat(path, limit)[0]


def read_regular_stat(path: Path | str, limit: int) -> tuple[bytes, os.stat_result]:
    """`read_regular`, with the `fstat` of the file that was read."""
    fd, st = _open_regular(path)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if st.st_size > limit:
            raise NotReadable(f"too large ({st.st_size // 2**20} MB, the limit is {limit // 2**20} MB)")
        chunks: list[bytes] = []
        total = 0
        while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise NotReadable(f"too large (it grew past {limit // 2**20} MB while being read)")
        return b"".join(chunks), st


def hash_regular(path: Path | str, limit: int, digest_size: int = 16) -> str:
    """blake2b of a regular file's content ('' when it holds more than `limit` bytes).

    NotReadable (or OSError) for anything that is not a regular file; never reads past `limit`.
    """
    fd, st = _open_regular(path)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if st.st_size > limit:
            return ""
        digest = hashlib.blake2b(digest_size=digest_size)
        total = 0
        while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
            digest.update(chunk)
            total += len(chunk)
            if total > limit:
                return ""
        return digest.hexdigest()
