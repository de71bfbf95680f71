"""Read index files in place: the parts of a compound segment file are views of its mmap, not copies.

Whoosh's CompoundStorage hands each part of a `.seg` file out as a BufferFile, which wraps the
part's memoryview in a BytesIO, and BytesIO copies it. Opening a 10k-item index copied every
part (terms, postings, stored fields: ~47 MB), and the mmap pages read to copy them stayed
resident too: ~100 MB of the app's memory after the first search. A ViewFile reads the same
bytes through the memoryview, so only the pages a search touches are resident.
"""

from __future__ import annotations

import os

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


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


class ViewFile(BufferFile):
    """Whoosh's BufferFile reading through the memoryview instead of a BytesIO copy of it."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO: nothing copied
        self._buf = buf
        self.file = MemoryViewReader(buf)


def install() -> None:
    """Make CompoundStorage (the reader of `.seg` files) hand out ViewFiles. Idempotent."""
    compound.BufferFile = ViewFile
