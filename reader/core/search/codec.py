"""Whoosh's W3 codec, tuned for building fast in pure Python.

Changes, all on the writing side (the on-disk format is W3's, readable by its reader):
- rare terms (under `inlinelimit` postings) are stored inline in the term table instead of as
  a compressed block each (whoosh-reloaded 2.7.5 ships this path broken: `set_inline` typo);
- field lengths are read once per field instead of once per posting while writing postings;
- lighter zlib compression (level 1);
- postings are added to blocks and to the writer's pool (LeanPool) without per-call checks.
Measured effect: see docs/PERFORMANCE.md.
"""

from __future__ import annotations

from whoosh.codec import whoosh3
from whoosh.writing import PostingPool

INLINE_LIMIT = 4
COMPRESSION = 1
BLOCK_LIMIT = 128
PROGRESS_EVERY = 20_000  # postings between progress reports


class _PostingsWriter(whoosh3.W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        """W3's add_posting without its four type assertions per posting."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

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


class _FieldWriter(whoosh3.W3FieldWriter):
    on_postings = None  # optional callback(count) while writing, for progress bars

    def add_postings(self, schema, lengths, items):
        """Same as Whoosh's FieldWriter.add_postings, with each field's lengths read up front."""
        report, count = self.on_postings, 0
        last_field = last_text = None
        table: list[int] | None = None
        add = None
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


class LeanPool(PostingPool):
    """Whoosh's posting pool with a cheaper add: the same size estimate, no per-call checks."""

    def add(self, item):
        self.currentsize += 150 + len(item[1]) * 2 + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


class ReaderCodec(whoosh3.W3Codec):
    """W3 with the writing-side speed-ups above."""

    def __init__(
        self, blocklimit: int = BLOCK_LIMIT, compression: int = COMPRESSION, inlinelimit: int = INLINE_LIMIT
    ) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
