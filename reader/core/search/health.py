"""Is the index on disk what was committed? File checksums, a quick probe and a full read.

The manifest records every index file's size, mtime and CRC-32 after each commit. A search that
fails, or finds nothing, compares the files against them (about 0.1 s per 100 MB): flipped bytes
are damage, whatever Whoosh makes of them. `digests doctor` also reads every stored document and
every posting list back (`verify(..., full=True)`).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from reader.core.search.manifest import Manifest, index_snapshot

CHUNK = 1 << 20


def file_crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def with_checksums(folder: Path, known: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """{name: [size, mtime_ns, crc32]} of the index files in `folder`; a file whose size and
    mtime match `known` keeps its recorded checksum (Whoosh never rewrites a file in place)."""
    known = known or {}
    snapshot = index_snapshot(folder)
    for name, entry in snapshot.items():
        before = known.get(name)
        if before is not None and len(before) == 3 and before[:2] == entry:
            entry.append(before[2])
        else:
            try:
                entry.append(file_crc(folder / name))
            except OSError:
                continue
    return snapshot


def checksum_problem(folder: Path, recorded: dict[str, list[int]]) -> str | None:
    """Why the files of `folder` differ from what the manifest recorded, or None."""
    for name, entry in sorted(recorded.items()):
        path = folder / name
        try:
            size = os.stat(path).st_size
            if size != entry[0]:
                return f"{name} has {size} bytes, {entry[0]} were written"
            if len(entry) == 3 and file_crc(path) != entry[2]:
                return f"{name} does not match its checksum"
        except FileNotFoundError:
            return f"{name} is missing"
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror or exc})"
    return None


def probe(searcher) -> str | None:
    """Read a little of every segment (first and last stored document, the first postings of
    each field); why that failed, or None."""
    try:
        for leaf, _ in searcher.reader().leaf_readers():
            last = leaf.doc_count_all() - 1
            if last >= 0:
                leaf.stored_fields(0)
                leaf.stored_fields(last)
            for fieldname in ("title", "text"):
                for term, _info in leaf.iter_field(fieldname):
                    matcher = leaf.postings(fieldname, term)
                    if matcher.is_active():  # every posting may belong to deleted documents
                        matcher.id(), matcher.weight()
                    break
    except Exception as exc:
        return describe(exc)
    return None


def read_everything(searcher) -> str | None:
    """Read back every stored document and every posting list of every segment, checking that
    document numbers ascend within bounds and that every term is found by lookup; why not, or None."""
    try:
        for leaf, _ in searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            for docnum in range(count):
                leaf.stored_fields(docnum)
            for fieldname in leaf.indexed_field_names():
                for term, info in leaf.iter_field(fieldname):
                    if leaf.term_info(fieldname, term).doc_frequency() != info.doc_frequency():
                        return f"the term table of {fieldname!r} is inconsistent"
                    last = -1
                    for docnum in leaf.postings(fieldname, term).all_ids():
                        if not last < docnum < count:
                            return f"a posting list of {fieldname!r} is out of order"
                        last = docnum
    except Exception as exc:
        return describe(exc)
    return None


def verify(folder: Path, manifest: Manifest | None, *, full: bool = False) -> str | None:
    """Why the index in `folder` cannot be trusted, or None: its files against the manifest's
    checksums, then opened and probed (`full`: read whole), its size against the manifest."""
    from whoosh.filedb.filestore import FileStorage

    if manifest is not None:
        problem = checksum_problem(folder, manifest.index_files)
        if problem:
            return problem
    try:
        ix = FileStorage(str(folder)).open_index()
        try:
            count = ix.doc_count()
            with ix.searcher() as searcher:
                problem = read_everything(searcher) if full else probe(searcher)
        finally:
            ix.close()
    except Exception as exc:
        return describe(exc)
    if problem:
        return problem
    if manifest is not None and count != manifest.doc_count:
        return f"it holds {count} entries, its manifest {manifest.doc_count}"
    return None


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
