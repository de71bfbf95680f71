"""The contract between reader/core/search/engine_patches/ and Whoosh's internals.

If one of these fails after a Whoosh change, the patch named in the message relies on something
that moved: re-read the Whoosh code it names, mend or drop the patch, then update SOURCES.
"""

from __future__ import annotations

import hashlib
import inspect
from importlib import import_module
from io import BytesIO
from pathlib import Path

import pytest
from whoosh import fields
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
from whoosh.filedb.structfile import StructFile
from whoosh.multiproc import MpWriter

from reader.core.library import load_library
from reader.core.search import SearchIndex, engine_patches
from reader.core.search.engine_patches.term_table import TermTable

# The source of every Whoosh function a patch overrides, replaces or reads the state of, as the
# patches were written against (whoosh-reloaded 2.7.5): sha1 of inspect.getsource, 12 digits.
SOURCES = {
    "CompoundStorage.open_file": "203537a9a65c",
    "MpWriter._new_task": "68fb7b121207",
    "MpWriter.cancel": "d14a4ce14f4a",
    "MpWriter.commit": "fb79e2ebec10",
    "SegmentWriter.commit": "faa2612960fc",
    "W3FieldWriter.add_postings": "bf21e0d30e7a",
    "W3FieldWriter.finish_field": "564ba7885344",
    "W3FieldWriter.finish_term": "4e92e868edc8",
    "W3FieldWriter.start_field": "e3bd3d164818",
    "W3FieldWriter.start_term": "e76c6708255f",
    "W3PostingsWriter._write_block": "c3b2aa4df1d8",
    "W3PostingsWriter.finish_postings": "d03eca8d5724",
    "W3PostingsWriter.written": "8a825a3a78e9",
    "W3TermInfo.add_block": "b1403bf2a549",
    "W3TermInfo.set_extent": "cfd58c35d333",
    "W3TermInfo.set_inlined": "da7afa0cba45",
    "SegmentWriter.add_document": "934dd72286af",
    "SegmentWriter._flush_segment": "43573973b4b5",
    "PostingPool.add": "70b9612b1557",
    "PostingPool.iter_postings": "a2b60897bc24",
    "PostingPool.cleanup": "553951e01b51",
    "SubWriterTask.run": "c4fcec74c7b2",
    "SubWriterTask._process_file": "60f8a513818f",
    "W3PostingsWriter.add_posting": "e2c40ac7908e",
    "W3PostingsWriter._mini_ids": "5727fc64d0fe",
    "W3PostingsWriter._mini_weights": "b4208ac42899",
    "W3PostingsWriter._mini_values": "d37a3bd7b021",
    "W3TermInfo.to_bytes": "9a68da60b292",
    "OrderedHashWriter.add": "e0ec7af1ac69",
    "OrderedHashWriter._write_hashes": "a65240b89a8a",
    "OrderedHashWriter._write_extras": "229313f4cebd",
}


def _digest(obj) -> str:
    return hashlib.sha1(inspect.getsource(obj).encode()).hexdigest()[:12]


@pytest.mark.parametrize("name", sorted(engine_patches.PATCHES))
def test_every_name_a_patch_needs_exists(name: str) -> None:
    missing = engine_patches.missing_names(name)
    assert not missing, f"patch {name!r} needs {missing}, which this Whoosh lacks: the patch is off"
    assert engine_patches.enabled(name) or name in engine_patches._switched_off()


@pytest.mark.parametrize("name", sorted(engine_patches.PATCHES))
def test_the_whoosh_code_a_patch_relies_on_is_unchanged(name: str) -> None:
    for module, owner_name, names in engine_patches.PATCHES[name].classes():
        if not module.startswith("whoosh"):
            continue
        owner = getattr(import_module(module), owner_name)
        for attribute in names:
            key = f"{owner_name}.{attribute}"
            assert key in SOURCES, f"patch {name!r}: no recorded source for Whoosh's {key}"
            assert _digest(getattr(owner, attribute)) == SOURCES[key], (
                f"patch {name!r}: Whoosh's {module}.{key} changed since the patch was written; "
                "re-read it, mend or drop the patch, then update SOURCES"
            )


def test_every_recorded_source_belongs_to_a_patch() -> None:
    needed = {
        f"{owner}.{attribute}"
        for patch in engine_patches.PATCHES.values()
        for module, owner, names in patch.classes()
        if module.startswith("whoosh")
        for attribute in names
    }
    assert set(SOURCES) == needed


def _live_objects(tmp_path: Path) -> dict[str, object]:
    """One real object of each Whoosh class whose instance state a patch reads."""
    schema = fields.Schema(text=fields.TEXT(stored=True))
    ram = RamStorage().create_index(schema)
    writer = ram.writer()
    writer.add_document(text="one")
    objects: dict[str, object] = {
        "SegmentWriter": writer,
        "PostingPool": writer.pool,
        "W3FieldWriter": whoosh3.W3FieldWriter(whoosh3.W3Codec(), RamStorage(), writer.newsegment),
    }
    postings = whoosh3.W3PostingsWriter(StructFile(BytesIO()), blocklimit=128)
    postings.start_postings(schema["text"].format, whoosh3.W3TermInfo())
    objects["W3PostingsWriter"] = postings
    objects["OrderedHashWriter"] = OrderedHashWriter(StructFile(BytesIO()))
    writer.cancel()
    folder = tmp_path / "mp"
    folder.mkdir()
    objects["MpWriter"] = MpWriter(FileStorage(str(folder)).create_index(schema), procs=1)
    return objects


def _check(obj, names) -> list[str]:
    return [name for name in names if not hasattr(obj, name)]


def test_the_state_patches_read_is_where_they_read_it(tmp_path: Path) -> None:
    objects = _live_objects(tmp_path)
    try:
        for name, patch in engine_patches.PATCHES.items():
            for cls, names in patch.instances():
                missing = _check(objects[cls], names)
                assert not missing, f"patch {name!r}: Whoosh's {cls} objects no longer have {missing}"
    finally:
        objects["MpWriter"].cancel()  # type: ignore[attr-defined]


def test_with_every_patch_off_the_public_path_finds_the_same(seed_copy: Path, tmp_path: Path) -> None:
    library = load_library([seed_copy])
    queries = ["label propagation", "transformer -vision", "propag*", "transfomer~", '"language model"']
    found = {}
    for patched in (True, False):
        index = SearchIndex(tmp_path / f"index-{patched}")
        with engine_patches.turned_off(*([] if patched else engine_patches.PATCHES)):
            assert index.update(library).added == library.item_count
            found[patched] = [
                [(hit.item_id, round(hit.score, 4)) for hit in index.search(q, limit=50).hits]
                for q in queries
            ]
            found[patched].append([h.item_id for h in index.search("propa", as_you_type=True).hits])
        index.close()
    assert found[True] == found[False]


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The files of the one segment in `folder`, named without the segment's random id."""
    (terms,) = folder.glob("*.trm")
    segment = terms.name.split(".")[0]
    return {p.name.replace(segment, "S"): p.read_bytes() for p in folder.iterdir() if segment in p.name}


def _documents(count: int) -> list[dict[str, str]]:
    """Documents with common words (postings past one W3 block), rare ones (inlined), ID fields
    (no lengths, no values) and a term repeated within a document (weights above 1)."""
    return [
        {
            "key": f"item {n}",
            "kind": "item" if n % 3 else "issue",
            "text": f"common word{n % 7} word{n % 211} rare{n} " + "echo " * (n % 4) + "tail",
            "title": f"title {n % 5} common",
        }
        for n in range(count)
    ]


def _write_segment(folder: Path, docs: list[dict[str, str]], term_pool: bool, limitmb: int = 64) -> dict:
    schema = fields.Schema(
        key=fields.ID(unique=True, stored=True),
        kind=fields.ID(stored=True),
        text=fields.TEXT(stored=True),
        title=fields.TEXT,
    )
    ix = FileStorage(str(folder)).create_index(schema)
    options = {"limitmb": limitmb, "compound": False, **engine_patches.writer_options()}
    writer = engine_patches.TermPoolWriter(ix, **options) if term_pool else ix.writer(**options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    return _segment_files(folder)


@pytest.mark.parametrize("count", [1, 3, 130, 700])
def test_term_pool_writes_the_bytes_whoosh_writes(tmp_path: Path, count: int) -> None:
    """term_pool: each term's postings written at once give the same segment files, byte for
    byte, as Whoosh's posting-at-a-time commit (the codec's other patches on in both)."""
    docs = _documents(count)
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "ours").mkdir()
    expected = _write_segment(tmp_path / "whoosh", docs, term_pool=False)
    written = _write_segment(tmp_path / "ours", docs, term_pool=True)
    assert written.keys() == expected.keys()
    for name in expected:
        assert written[name] == expected[name], f"{name} differs"


def test_term_pool_past_its_memory_limit_hands_over_to_whoosh_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.search.engine_patches import term_pool

    docs = _documents(400)
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "ours").mkdir()
    expected = _write_segment(tmp_path / "whoosh", docs, term_pool=False)
    monkeypatch.setattr(term_pool, "POSTING_BYTES", 2**20)  # a posting "fills" a megabyte
    handed: list[bool] = []
    real = term_pool.TermPool.check_size

    def check(pool) -> None:
        real(pool)
        handed.append(pool.spilled is not None)

    monkeypatch.setattr(term_pool.TermPool, "check_size", check)
    assert _write_segment(tmp_path / "ours", docs, term_pool=True, limitmb=1) == expected
    assert handed[0] and all(handed)


def test_term_pool_merging_a_segment_writes_what_one_pass_writes(tmp_path: Path) -> None:
    """Postings read back from an existing segment (a merge: Whoosh's add_reader) go through the
    pool's per-posting `add`: the merged segment is byte for byte the segment Whoosh writes of the
    same documents in one pass (new documents first, then the old ones left after a deletion),
    but for its stored fields, which a merge copies as it reads them.
    (Whoosh's own pool cannot do this merge with rare terms inlined: it rejects the '' its reader
    gives as their values, so inline_terms is on only with term_pool.)"""
    docs = _documents(300)
    merged_folder, one_pass_folder = tmp_path / "merged", tmp_path / "one-pass"
    merged_folder.mkdir()
    one_pass_folder.mkdir()
    _write_segment(merged_folder, docs[:200], term_pool=True)
    ix = FileStorage(str(merged_folder)).open_index()
    writer = engine_patches.TermPoolWriter(ix, compound=False, **engine_patches.writer_options())
    writer.delete_by_term("key", "item 7")
    for doc in docs[200:]:
        writer.add_document(**doc)
    writer.commit(optimize=True)
    kept = [doc for doc in docs[:200] if doc["key"] != "item 7"]
    expected = _write_segment(one_pass_folder, docs[200:] + kept, term_pool=False)
    merged = _segment_files(merged_folder)
    postings = [name for name in expected if "_stored" not in name]  # stored fields: copied as read
    assert len(postings) >= 3
    assert {name: merged[name] for name in postings} == {name: expected[name] for name in postings}


def _term_table_bytes(items: list[tuple[bytes, bytes]], ours: bool) -> bytes:
    class Kept(BytesIO):
        def close(self) -> None:  # the writer closes its file: keep what it wrote
            self.kept = self.getvalue()

    out = Kept()
    writer = OrderedHashWriter(StructFile(out))
    if ours:
        assert isinstance(TermTable.adopt(writer), TermTable)
    writer.extras["fieldmap"] = {"text": 0}
    for key, value in items:
        writer.add(key, value)
    writer.close()
    return out.kept


@pytest.mark.parametrize("count", [0, 1, 300, 9000])
def test_term_table_writes_the_bytes_whoosh_writes(count: int) -> None:
    """Keys of every length, values past 64 kB (positions grow past the index array's first type)."""
    import random

    rng = random.Random(count)
    keys = sorted({bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) for _ in range(count)})
    items = [
        (key, bytes(rng.randrange(256) for _ in range(rng.choice((0, 3, 30, 70_000 // max(1, count))))))
        for key in keys
    ]
    ours = _term_table_bytes(items, ours=True)
    assert ours == _term_table_bytes(items, ours=False)
    reader = OrderedHashReader(StructFile(BytesIO(ours)), len(ours))
    assert [(key, reader[key]) for key, _ in items] == items
    if len(items) > 1:
        with pytest.raises(ValueError):
            _term_table_bytes(items[::-1], ours=True)  # keys out of order, as Whoosh refuses them


def test_term_table_leaves_a_writer_of_another_hash_alone() -> None:
    writer = OrderedHashWriter(StructFile(BytesIO()))
    writer.hashtype = 1  # a table hashed with CRC32
    assert type(TermTable.adopt(writer)) is OrderedHashWriter
