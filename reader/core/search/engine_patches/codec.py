"""Patches of Whoosh's W3 codec: inline rare terms, field lengths read once per field, and each
term's postings written at once (`add_grouped`), the same bytes W3's writer writes."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from pickle import dumps
from typing import Any

from whoosh.codec import whoosh3
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

from reader.core.search.engine_patches.term_table import TermTable

# Terms with fewer postings are kept in the term table, uncompressed: no block, no zlib call.
INLINE_LIMIT = 16
COMPRESSION = 1  # zlib level (public W3Codec option)
BLOCK_LIMIT = 128
PROGRESS_EVERY = 20_000  # postings between progress reports


class InliningPostingsWriter(whoosh3.W3PostingsWriter):
    """W3's postings writer whose inline path works (W3 calls a `set_inline` that does not exist)."""

    _terminfo: Any

    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            start = self._startoffset
            terminfo.set_extent(start, self._postfile.tell() - start)
        self._terminfo = None
        return terminfo


class ReaderFieldWriter(whoosh3.W3FieldWriter):
    on_postings: Callable[[int], None] | None = None  # callback(count) while writing, for progress bars

    def __init__(self, codec, storage, segment) -> None:
        super().__init__(codec, storage, segment)
        from reader.core.search.engine_patches import enabled

        if enabled("term_table"):
            TermTable.adopt(self._tindex)

    def add_postings(self, schema, lengths, items):
        """Whoosh's FieldWriter.add_postings with each field's lengths read up front."""
        report, count = self.on_postings, 0
        last_field = last_text = None
        table: list[int] | None = None
        add: Any = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != last_field:
                if last_text is not None:
                    self.finish_term()
                if last_field is not None:
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                last_field, last_text = fieldname, None
                table = _lengths_of(lengths, fieldname) if lengths and fieldobj.scorable else None
                add = self._postwriter.add_posting
            if docnum == -1:  # Whoosh's marker for spelling-only words; we have none
                continue
            if btext != last_text:
                if last_text is not None:
                    self.finish_term()
                self.start_term(btext)
                last_text = btext
            add(docnum, weight, value or b"", table[docnum] if table is not None else 0)
            count += 1
            if report is not None and count % PROGRESS_EVERY == 0:
                report(count)
        if last_text is not None:
            self.finish_term()
        if last_field is not None:
            self.finish_field()


def _lengths_of(lengths, fieldname: str) -> list[int]:
    length = lengths.doc_field_length
    return [length(docnum, fieldname) or 0 for docnum in range(lengths.doc_count_all())]


class ReaderCodec(whoosh3.W3Codec):
    """W3 (same files, read by W3's reader) with the writing patches that are on."""

    def __init__(self, inline: bool, lengths: bool) -> None:
        self.inline, self.lengths = inline, lengths
        super().__init__(
            blocklimit=BLOCK_LIMIT, compression=COMPRESSION, inlinelimit=INLINE_LIMIT if inline else 1
        )

    def field_writer(self, storage, segment):
        if self.lengths:
            return ReaderFieldWriter(self, storage, segment)
        return super().field_writer(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if not self.inline:
            return super().postings_writer(dbfile, byteids)
        return InliningPostingsWriter(
            dbfile, blocklimit=BLOCK_LIMIT, byteids=byteids, compression=COMPRESSION, inlinelimit=INLINE_LIMIT
        )


_INFO = whoosh3.W3TermInfo._struct.pack
# One term's postings: its bytes, then docnums (ascending), weights and values, one per document.
Term = tuple[bytes, Sequence[int], Sequence[float], Sequence[bytes]]


def _lengths(table: list[int] | None, ids: Sequence[int]) -> tuple[int | None, int]:
    """(shortest, longest) field length of the documents `ids`, as W3 counts them: lengths of 0
    are left out, None and 0 when none is left."""
    if table is None:
        return None, 0
    found = [length for length in map(table.__getitem__, ids) if length]
    return (min(found), max(found)) if found else (None, 0)


def _term_info(
    inlined: bool, total: float, ids: Sequence[int], shortest: int | None, longest: int, heaviest: float
) -> bytes:
    """W3TermInfo.to_bytes's fixed part, for a term's postings with these statistics."""
    return _INFO(
        inlined, total, len(ids), length_to_byte(shortest), length_to_byte(longest), heaviest, ids[0], ids[-1]
    )


class GroupedTerms:
    """One field's terms written term at a time into a W3FieldWriter's files: what
    W3PostingsWriter.add_posting/finish_postings and W3TermInfo write, without a call per posting."""

    def __init__(
        self, writer: whoosh3.W3FieldWriter, fixed_size: int | None, table: list[int] | None
    ) -> None:
        self.postfile = writer._postfile
        self.add_term = writer._tindex.add
        self.field_key = pack_ushort(writer._fieldid)
        self.fixed_size = fixed_size
        self.table = table

    def write(self, terms: Iterable[Term], written: Callable[[int], None] | None = None) -> int:
        """Every term of `terms` (in term order); written(n) now and then with the postings written
        so far. Returns the number of postings."""
        key, table, done, next_report = self.field_key, self.table, 0, PROGRESS_EVERY
        for btext, ids, weights, values in terms:
            count = len(ids)
            if count < INLINE_LIMIT:
                floats = array("f", weights)
                info = _term_info(True, sum(floats), ids, *_lengths(table, ids), max(0, *weights))
                info += dumps((tuple(ids), tuple(floats), tuple(filter(None, values))), 2)
            else:
                info = self._blocks(ids, weights, values)
            self.add_term(key + btext, info)
            done += count
            if written is not None and done >= next_report:
                written(done)
                next_report = done + PROGRESS_EVERY
        return done

    def _blocks(self, ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes]) -> bytes:
        postfile = self.postfile
        start = postfile.tell()
        postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        total, longest = 0.0, 0
        shortest: int | None = None
        heaviest: float = 0  # an int 0 until a weight is seen, as W3TermInfo keeps it
        count = len(ids)
        for first in range(0, count, BLOCK_LIMIT):
            block_ids = ids[first : first + BLOCK_LIMIT]
            floats = array("f", weights[first : first + BLOCK_LIMIT])
            low, high = _lengths(self.table, block_ids)
            top = max(0, *weights[first : first + BLOCK_LIMIT])
            total += sum(floats)
            if low is not None:
                shortest = low if shortest is None else min(shortest, low)
            longest, heaviest = max(longest, high), max(heaviest, top)
            block = (tuple(delta_encode(block_ids)), _mini_weights(floats), self._mini_values(values, first))
            data = zlib.compress(dumps(block, 2), COMPRESSION)
            head = dumps(
                (len(block_ids), block_ids[-1], top, COMPRESSION, length_to_byte(low), length_to_byte(high)),
                2,
            )
            size = len(head) + len(data)
            postfile.write(pack_int(-size if first + BLOCK_LIMIT >= count else size))
            postfile.write(head)
            postfile.write(data)
        info = _term_info(False, total, ids, shortest, longest, heaviest)
        return info + pack_long(start) + pack_int(postfile.tell() - start)

    def _mini_values(self, values: Sequence[bytes], first: int) -> tuple | bytes | None:
        block = filter(None, values[first : first + BLOCK_LIMIT])
        if self.fixed_size is None or self.fixed_size < 0:
            return tuple(block)
        return None if self.fixed_size == 0 else b"".join(block)


def _mini_weights(floats: array) -> tuple | float | None:
    if all(w == 1.0 for w in floats):
        return None
    if all(w == floats[0] for w in floats):
        return floats[0]
    return tuple(floats)


def add_grouped(
    writer: ReaderFieldWriter, schema, lengths, fields: Iterable[tuple[str, Iterable[Term]]]
) -> None:
    """Write every term of `fields`: (field name, its terms in term order), fields in name order."""
    report, done = writer.on_postings, 0
    for fieldname, terms in fields:
        fieldobj = schema[fieldname]
        writer.start_field(fieldname, fieldobj)
        table = _lengths_of(lengths, fieldname) if lengths and fieldobj.scorable else None
        written = None if report is None else lambda count, done=done: report(done + count)
        done += GroupedTerms(writer, fieldobj.format.fixed_value_size(), table).write(terms, written)
        writer.finish_field()
        if report is not None:
            report(done)
