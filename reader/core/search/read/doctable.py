"""What filters and date order need to know of every document, read from the index's term lists.

Per segment (Whoosh's public reader API): each date's documents and a date key per document,
each digest file's documents (the `source` field), item id -> document, and the issue-level
documents. A segment never changes once written (deletions aside), so its table is built once,
when first needed, and kept for as long as the segment exists (`SegmentTables`). Tables list
deleted documents too: they are only ever intersected with what a query matches, or with
`live()`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from reader.core.search.read.filters import EARLIEST, LATEST
from reader.core.search.schema import ISSUE

UNDATED = 0  # the date key of a document without a date; sorts last both ways (see DocTable.order)


def _date_key(text: str) -> int:
    """'2024-03-15' -> 20240315; UNDATED for anything else."""
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        digits = text[:4] + text[5:7] + text[8:10]
        if digits.isdigit():
            return int(digits)
    return UNDATED


def _order_key(key: int, docnum: int, newest: bool) -> int:
    """One int per document, so sorting compares ints: (date, newest or oldest first; undated
    last), then the document number."""
    primary = 2 * _DAYS if key == UNDATED else (_DAYS - key if newest else key)
    return primary << 32 | docnum


_DAYS = 10**8  # above every date key


class SegmentTable:
    """One segment's documents by date, source file, item id and kind (local document numbers)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._dates: tuple[list[str], list[array]] | None = None
        self._keys: array | None = None
        self._sources: dict[str, array] | None = None
        self._items: tuple[dict[str, int], dict[str, list[int]]] | None = None
        self._issues: array | None = None

    def dates(self, leaf) -> tuple[list[str], list[array]]:
        """The dates in order, and each one's documents."""
        if self._dates is None:
            texts: list[str] = []
            docs: list[array] = []
            for btext in leaf.lexicon("date"):
                texts.append(btext.decode("utf-8"))
                docs.append(array("l", leaf.postings("date", btext).all_ids()))
            self._dates = (texts, docs)
        return self._dates

    def date_keys(self, leaf) -> array:
        """Local document number -> date key (20240315), UNDATED for none."""
        if self._keys is None:
            keys = array("l", [UNDATED]) * self.size
            for text, docs in zip(*self.dates(leaf), strict=True):
                key = _date_key(text)
                if key != UNDATED:
                    for docnum in docs:
                        keys[docnum] = key
            self._keys = keys
        return self._keys

    def sources(self, leaf) -> dict[str, array]:
        if self._sources is None:
            self._sources = {
                btext.decode("utf-8"): array("l", leaf.postings("source", btext).all_ids())
                for btext in leaf.lexicon("source")
            }
        return self._sources

    def items(self, leaf) -> tuple[dict[str, int], dict[str, list[int]]]:
        """Item id -> its document; and the ids with several (copies deleted since) -> theirs."""
        if self._items is None:
            single: dict[str, int] = {}
            several: dict[str, list[int]] = {}
            for btext, info in leaf.iter_field("item_id"):
                if not btext:
                    continue
                if info.doc_frequency() == 1:  # an id is unique: read it off the term table
                    single[btext.decode("utf-8")] = info.min_id()
                else:
                    several[btext.decode("utf-8")] = list(leaf.postings("item_id", btext).all_ids())
            self._items = (single, several)
        return self._items

    def issue_docs(self, leaf) -> array:
        if self._issues is None:
            found = leaf.postings("kind", ISSUE).all_ids() if ("kind", ISSUE) in leaf else ()
            self._issues = array("l", found)
        return self._issues


class SegmentTables:
    """The tables of the segments seen so far, by segment id (dropped when a segment is gone)."""

    def __init__(self) -> None:
        self._tables: dict[str, SegmentTable] = {}

    def for_reader(self, reader) -> list[tuple[SegmentTable, object, int]]:
        """(table, leaf reader, offset) of each segment of `reader`."""
        found = []
        for leaf, offset in reader.leaf_readers():
            segid = leaf.segment().segment_id()
            table = self._tables.get(segid)
            if table is None or table.size != leaf.doc_count_all():
                table = self._tables[segid] = SegmentTable(leaf.doc_count_all())
            found.append((table, segid, leaf, offset))
        current = {segid for _, segid, _, _ in found}
        for segid in [segid for segid in self._tables if segid not in current]:
            del self._tables[segid]
        return [(table, leaf, offset) for table, _, leaf, offset in found]


class DocTable:
    """Every document of one open searcher: its live documents, date order, and the documents of
    given dates, source files and items (global document numbers)."""

    def __init__(self, reader, tables: SegmentTables) -> None:
        self.reader = reader
        self.segments = tables.for_reader(reader)
        self._live: frozenset[int] | None = None
        self._items: frozenset[int] | None = None
        self._orders: dict[bool, array] = {}
        self._of_items: dict[frozenset[str], set[int]] = {}

    def live(self) -> frozenset[int]:
        """Every document not deleted."""
        if self._live is None:
            self._live = frozenset(self.reader.all_doc_ids())
        return self._live

    def item_docs(self) -> frozenset[int]:
        """Every live item document (not the issue-level ones)."""
        if self._items is None:
            issues = {offset + d for table, leaf, offset in self.segments for d in table.issue_docs(leaf)}
            self._items = self.live() - issues
        return self._items

    def dated(self, start: str, end: str) -> set[int]:
        """Documents dated from `start` to `end` (inclusive, YYYY-MM-DD or the open ends)."""
        found: set[int] = set()
        for table, leaf, offset in self.segments:
            texts, docs = table.dates(leaf)
            low = bisect_left(texts, start) if start != EARLIEST else 0
            high = bisect_right(texts, end) if end != LATEST else len(texts)
            for at in range(low, high):
                if _date_key(texts[at]) != UNDATED:
                    found.update(offset + d for d in docs[at])
        return found

    def of_sources(self, keys: Iterable[str]) -> set[int]:
        """Documents of the digest files with these source keys (schema.source_key)."""
        wanted = set(keys)
        found: set[int] = set()
        for table, leaf, offset in self.segments:
            sources = table.sources(leaf)
            for key in wanted.intersection(sources):
                found.update(offset + d for d in sources[key])
        return found

    def of_items(self, item_ids: Iterable[str]) -> set[int]:
        """Documents of these item ids (remembered for the last few sets asked for: the filters
        of several saved searches share one set of read marks)."""
        ids = item_ids if isinstance(item_ids, frozenset) else frozenset(item_ids)
        if ids in self._of_items:
            return self._of_items[ids]
        found: set[int] = set()
        for table, leaf, offset in self.segments:
            single, several = table.items(leaf)
            found.update([offset + single[item_id] for item_id in ids.intersection(single)])
            for item_id in ids.intersection(several):
                found.update(offset + d for d in several[item_id])
        if len(self._of_items) >= 4:
            self._of_items.pop(next(iter(self._of_items)))
        self._of_items[ids] = found
        return found

    def per_leaf(self, allowed: frozenset[int]) -> dict[int, array]:
        """`allowed` split by segment: id(segment reader) -> its local document numbers, sorted."""
        ordered = sorted(allowed)
        found = {}
        for table, leaf, offset in self.segments:
            low, high = bisect_left(ordered, offset), bisect_left(ordered, offset + table.size)
            found[id(leaf)] = array("l", [docnum - offset for docnum in ordered[low:high]])
        return found

    def order(self, newest: bool) -> array:
        """Document number -> its rank by date (newest or oldest first; undated last; a date's
        documents in index order, which keeps an issue's items in reading order)."""
        rank = self._orders.get(newest)
        if rank is None:
            keys = array("l")
            for table, leaf, offset in self.segments:
                if len(keys) < offset:
                    keys.extend([UNDATED] * (offset - len(keys)))
                keys.extend(table.date_keys(leaf))
            ordered = sorted(range(len(keys)), key=lambda d: _order_key(keys[d], d, newest))
            rank = array("l", [0]) * len(keys)
            for position, docnum in enumerate(ordered):
                rank[docnum] = position
            self._orders[newest] = rank
        return rank
