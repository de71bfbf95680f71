"""Postings kept by term as documents are added, written a term at a time at commit.

Whoosh's writer turns each posting into a (field, term, docnum, weight, value) tuple, its pool
sorts all of them at commit and hands them one by one to the codec: per posting, a tuple, a sort
step, a call. Here each field keeps {term: (docnums, weights, values)}, filled straight from the
analyser's {term: positions} (FastPositions and WordAnalyzer; other fields through their own
`index`); a writer numbers documents in the order it takes them, so each term's docnums ascend.
At commit only the terms are sorted and each term's postings are written in one step
(codec.add_grouped). Past the writer's memory limit the postings move to Whoosh's own pool, which
spills sorted runs to disk, and the commit takes Whoosh's path.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from whoosh.fields import FieldType
from whoosh.writing import PostingPool, SegmentWriter

from reader.core.search.analysis import ONE_POSITION, FastPositions, WordAnalyzer
from reader.core.search.engine_patches.codec import ReaderFieldWriter, Term, add_grouped

POSTING_BYTES = 80  # what one posting costs in memory, roughly (docnum, weight, value bytes)
Slot = tuple[array, array, list]  # one term's docnums ("I"), weights ("d", as given), values
# Terms are kept as str (the analyser's own objects: their hashes are cached), bytes from Whoosh
# decoded losslessly; written in the order of their bytes, as Whoosh writes them.
_BYTES = "surrogateescape"
_SHARED = len(ONE_POSITION)


class TermPool:
    """A pool of postings by field and term (SegmentWriter's `pool`: add, fieldnames,
    iter_postings, cleanup)."""

    def __init__(self, tempstore, segment, limitmb: int = 128) -> None:
        self.tempstore, self.segment = tempstore, segment
        self.limit = limitmb * 1024 * 1024
        self.fields: dict[str, dict[str, Slot]] = {}
        self.fieldnames: set[str] = set()
        self.count = 0  # postings held in memory
        self.spilled: PostingPool | None = None

    def _terms(self, fieldname: str) -> dict[str, Slot]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple) -> None:
        """One posting: (field name, term bytes, docnum, weight, value bytes)."""
        if self.spilled is not None:
            self.spilled.add(item)
            return
        fieldname, btext, docnum, weight, value = item
        terms, term = self._terms(fieldname), btext.decode("utf-8", _BYTES)
        slot = terms.get(term)
        if slot is None:
            slot = terms[term] = _new_slot()
        slot[0].append(docnum)
        slot[1].append(weight)
        slot[2].append(value)
        self.count += 1

    def add_field(self, fieldname: str, field, value, docnum: int, boost: float) -> int:
        """Every posting of one field's value in document `docnum`; returns the field's length
        (the sum of its terms' frequencies, 0 when the field is not scorable)."""
        if self.spilled is not None or not _fast(field, value):
            length = 0
            for btext, freq, weight, vbytes in field.index(value):
                self.add((fieldname, btext, docnum, weight * boost, vbytes))
                length += freq
            return length if field.scorable else 0
        terms = self._terms(fieldname)
        encode, field_boost = field.format.encode, field.format.field_boost
        once = 1 * field_boost * boost  # the weight of a term found once, as Whoosh computes it
        length = 0
        term_positions = field.analyzer.term_positions(value)
        for term, positions in term_positions.items():
            slot = terms.get(term)
            if slot is None:
                slot = terms[term] = _new_slot()
            slot[0].append(docnum)
            if len(positions) == 1 and positions[0] < _SHARED:  # most postings: no call to encode
                slot[1].append(once)
                slot[2].append(ONE_POSITION[positions[0]])
                length += 1
                continue
            freq = len(positions)
            slot[1].append(freq * field_boost * boost)
            slot[2].append(encode(positions))
            length += freq
        self.count += len(term_positions)
        return length if field.scorable else 0

    def check_size(self) -> None:
        """Past the memory limit, hand everything to Whoosh's pool, which spills to disk."""
        if self.spilled is None and self.count * POSTING_BYTES > self.limit:
            pool = PostingPool(self.tempstore, self.segment, limitmb=max(1, self.limit // 2**20))
            for posting in self.iter_postings():
                pool.add(posting)
            self.fields.clear()
            self.spilled = pool

    def sorted_fields(self) -> Iterator[tuple[str, Iterator[Term]]]:
        """(field name, its terms in order), fields in name order (Whoosh's order)."""
        for fieldname in sorted(self.fields):
            if terms := self.fields[fieldname]:  # a field without postings is not written at all
                ordered = sorted((term.encode("utf-8", _BYTES), term) for term in terms)
                yield fieldname, ((btext, *terms[term]) for btext, term in ordered)

    def iter_postings(self) -> Iterator[tuple]:
        """Every posting in Whoosh's order (field, term, docnum), for Whoosh's own commit path."""
        if self.spilled is not None:
            return self.spilled.iter_postings()
        return (
            (fieldname, btext, *posting)
            for fieldname, terms in self.sorted_fields()
            for btext, ids, weights, values in terms
            for posting in zip(ids, weights, values)
        )

    def cleanup(self) -> None:
        self.fields = {}
        if self.spilled is not None:
            self.spilled.cleanup()


def _new_slot() -> Slot:
    return array("I"), array("d"), []


def _fast(field, value) -> bool:
    """True when `field` indexes `value` as FieldType.index with our analyser and format would."""
    return (
        isinstance(value, str)
        and type(field).index is FieldType.index
        and isinstance(field.format, FastPositions)
        and type(field.format).word_values is FastPositions.word_values
        and isinstance(field.analyzer, WordAnalyzer)
    )


class TermPoolWriter(SegmentWriter):
    """Whoosh's SegmentWriter with a TermPool: documents go into the pool by term, and the commit
    writes each term's postings at once (when the codec's field writer can: ours, with rare terms
    inlined). For schemas without spelling or vector fields (others: Whoosh's own writer)."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))

    def add_document(self, **fields) -> None:
        """SegmentWriter.add_document, each field's postings handed to the pool at once."""
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = pool.add_field(fieldname, field, value, docnum, boost)
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        pool.check_size()

    def _flush_segment(self) -> None:
        fieldwriter = self.fieldwriter
        if self.pool.spilled is not None or not grouped_writing(fieldwriter):
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        add_grouped(fieldwriter, self.schema, lengths, self.pool.sorted_fields())
        fieldwriter.close()
        if lengths:
            lengths.close()


def usable(schema) -> bool:
    """True when TermPoolWriter can write `schema`: no field spells separately or keeps vectors."""
    return not any(field.separate_spelling() or field.vector for _, field in schema.items())


def chosen_for(schema) -> bool:
    """True when writers of `schema` are TermPoolWriters: the patch is on and can write it."""
    return term_pool_on() and usable(schema)


def grouped_writing(fieldwriter) -> bool:
    """True when `fieldwriter` writes grouped terms as W3 would (ours, rare terms inlined)."""
    return isinstance(fieldwriter, ReaderFieldWriter) and getattr(fieldwriter._codec, "inline", False)


def term_pool_on() -> bool:
    from reader.core.search.engine_patches import enabled

    return enabled("term_pool")
