"""A read-only file over a memoryview: what BytesIO offers, without copying the bytes."""

from __future__ import annotations

import os


class MemoryViewReader:
    """A read-only, seekable file over a memoryview (what BytesIO offers, without the copy)."""

    __slots__ = ("_pos", "_view", "closed")

    def __init__(self, view) -> None:
        self._view = memoryview(view).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        pos = self._pos
        end = len(self._view) if size is None or size < 0 else min(pos + size, len(self._view))
        if end <= pos:
            return b""
        self._pos = end
        return self._view[pos:end].tobytes()

    def readinto(self, buffer) -> int:
        data = self.read(len(memoryview(buffer)))
        memoryview(buffer).cast("B")[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        view, pos = self._view, self._pos
        limit = len(view) if size is None or size < 0 else min(len(view), pos + size)
        end = pos
        while end < limit:  # lines are only read by pickle, which reads short ones
            end += 1
            if view[end - 1] == 10:
                break
        self._pos = end
        return view[pos:end].tobytes()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True
        self._view = memoryview(b"")
