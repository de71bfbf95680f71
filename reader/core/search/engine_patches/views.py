"""Segment parts read in place: a BufferFile over a view of the mmap."""

from __future__ import annotations

from whoosh.filedb.structfile import BufferFile

from reader.core.search.read.memory_file import MemoryViewReader


class ViewFile(BufferFile):
    """Whoosh's BufferFile reading through the memoryview instead of a BytesIO copy of it."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO: nothing copied
        self._buf = buf
        self.file = MemoryViewReader(buf)
