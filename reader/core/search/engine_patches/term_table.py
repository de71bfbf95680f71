"""The term table (a segment's .trm) written with one write per term and one per hash table.

Whoosh's OrderedHashWriter writes each term in three calls, asks the file for its position twice
and hashes the key through an MD5 hex string; at close it writes every slot of its 256 hash tables
in a call of its own. TermTable keeps the position itself and writes the same bytes in fewer calls
(tests/core/test_search_engine_contract.py compares them with Whoosh's).
"""

from __future__ import annotations

import struct
from array import array
from hashlib import md5
from itertools import starmap

from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.util.numlists import GrowableArray

_LENGTHS = struct.Struct("!ii")  # key length, value length: as filetables writes them
_POINTER = struct.Struct("!Iq")  # hash, position: one hash-table slot
_EMPTY = (0, 0)


class TermTable(OrderedHashWriter):
    """An OrderedHashWriter (MD5 hashes) that writes each term at once."""

    _at: int
    lastkey: bytes
    _positions: list[int]

    @classmethod
    def adopt(cls, writer: OrderedHashWriter) -> OrderedHashWriter:
        """`writer`, just made and still empty, as a TermTable (unchanged if it hashes otherwise)."""
        if type(writer) is OrderedHashWriter and writer.hashtype == 0 and not writer.lastkey:
            writer.__class__ = cls
            assert isinstance(writer, TermTable)
            writer._at = writer.dbfile.tell()
            writer._positions = []
        return writer

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        at = self._at
        self._positions.append(at)
        self.dbfile.write(_LENGTHS.pack(len(key), len(value)) + key + value)
        self._at = at + _LENGTHS.size + len(key) + len(value)
        digest = md5(key, usedforsecurity=False).digest()
        hashed = int.from_bytes(digest[-4:], "big")  # Whoosh's md5_hash: the low 32 bits
        self.buckets[hashed & 255].append((hashed, at))
        self.lastkey = key

    def _write_hashes(self) -> None:
        dbfile = self.dbfile
        for entries in self.buckets:
            size = 2 * len(entries)
            self.directory.append((dbfile.tell(), size))
            table = [_EMPTY] * size
            for hashed, position in entries:  # open addressing, as HashWriter places them
                slot = (hashed >> 8) % size
                while table[slot] != _EMPTY:
                    slot = (slot + 1) % size
                table[slot] = (hashed, position)
            dbfile.write(b"".join(starmap(_POINTER.pack, table)))

    def _write_extras(self) -> None:
        self.index = GrowableArray("H")
        self.index.array = array(_typecode(self._positions[-1] if self._positions else 0), self._positions)
        super()._write_extras()


def _typecode(largest: int) -> str:
    """The array type GrowableArray("H") ends with after growing to hold `largest`."""
    if largest < 2**16:
        return "H"
    if largest < 2**31:
        return "i"
    return "I" if largest < 2**32 else "q"
