"""Patches of Whoosh's W3 codec: inline rare terms, field lengths read once per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.codec import whoosh3

INLINE_LIMIT = 4  # terms with fewer postings are stored inline
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
