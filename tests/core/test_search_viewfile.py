"""Index files are read in place: compound segment parts are views of the mmap, never copies."""

from __future__ import annotations

import io
import mmap
import os
import pickle
import random
from pathlib import Path

from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.engine_patches import ViewFile
from reader.core.search.read.memory_file import MemoryViewReader


def test_the_reader_behaves_like_bytesio() -> None:
    rng = random.Random(3)
    data = bytes(rng.randrange(256) for _ in range(5000)) + b"line one\nline two\nend"
    ours, theirs = MemoryViewReader(memoryview(data)), io.BytesIO(data)
    for _ in range(2000):
        action = rng.choice(["read", "seek", "readline", "readinto", "tell"])
        if action == "read":
            size = rng.choice([-1, 0, 1, 7, 300, 10_000])
            assert ours.read(size) == theirs.read(size)
        elif action == "seek":
            offset, whence = rng.randrange(-100, 6000), rng.choice([os.SEEK_SET, os.SEEK_CUR, os.SEEK_END])
            if whence == os.SEEK_SET:
                offset = abs(offset)
            target = {os.SEEK_SET: 0, os.SEEK_CUR: theirs.tell(), os.SEEK_END: len(data)}[whence] + offset
            if target < 0:  # BytesIO refuses negative positions; ours clamps: compare on valid ones
                continue
            assert ours.seek(offset, whence) == theirs.seek(offset, whence)
        elif action == "readline":
            size = rng.choice([-1, 3, 50])
            assert ours.readline(size) == theirs.readline(size)
        elif action == "readinto":
            mine, other = bytearray(rng.randrange(1, 64)), bytearray(64)
            other = bytearray(len(mine))
            assert ours.readinto(mine) == theirs.readinto(other) and mine == other
        assert ours.tell() == theirs.tell()


def test_pickles_load_through_the_reader() -> None:
    data = pickle.dumps({"fieldmap": {"title": 0}}, protocol=2) + pickle.dumps([1, 2, 3])
    reader = MemoryViewReader(memoryview(data))
    assert pickle.load(reader) == {"fieldmap": {"title": 0}}
    assert pickle.load(reader) == [1, 2, 3]


def test_an_open_index_holds_views_not_copies(seed_copy: Path) -> None:
    index = SearchIndex()
    index.update(load_library([seed_copy]))
    assert index.search("attention").total > 0
    terms = index._open.searcher.reader().leaf_readers()[0][0]._terms
    for part in (terms._dbfile, terms._postfile):
        assert isinstance(part, ViewFile) and isinstance(part.file, MemoryViewReader)
        assert isinstance(part._buf.obj, mmap.mmap) and len(part._buf) > 0, (
            "a view of the segment file's mmap"
        )
    index.close()
