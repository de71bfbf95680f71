"""Full-text search over every item of the library (Whoosh), kept current incrementally.

    index = SearchIndex()                  # the user cache dir, or SearchIndex(folder)
    report = index.update(library)         # only changed digest files are re-indexed
    library, report = index.update_while_loading(LibraryLoader(paths))  # load and index at once
    results = index.search("label propagation", limit=20)
    context = FilterContext.from_stores(library, read_state=..., bookmarks=..., roots=...)
    page2 = index.search("crate is:unread date:2024", limit=20, offset=20, sort="newest", context=context)
    unread = index.count(saved_query, context, unread=True)   # for saved searches
    alike = index.related(item_id)         # more like this: items of other issues
    spans = index.match_spans(item_body, "label propagation")

Importing this package does not import Whoosh: the first update or search does.

Module map
    index.py            entry point: SearchIndex (update, search, count, related, warm, verify)
    results.py          what it returns: Hit, SearchResults, RelatedItems, UpdateReport
    context.py          FilterContext: read marks, bookmarks and source names, from the caller
    schema.py           the fields, and the documents made from items and issues
    analysis.py         words as the index sees them (tokenizer, stemming, positions format)
    textprep.py         Markdown to the plain text that is indexed and shown in snippets
    manifest.py         which library files the index holds (what changed since)
    health.py           checksums, probes, full verification
    engine_patches/     every use of Whoosh's private internals, each switchable, with its reason
    write/              the write path
        folder.py       the index folder, its lock, builds in progress, the swap, leftovers
        updating.py     one update: rebuild, or apply the changed files
        streaming.py    a first build fed while the library loads, committed in batches (partial search, resumable)
        building.py     a full build (writer processes)
        writers.py      Whoosh writers; applying changed files
    read/               the read path
        searchers.py    the open searcher, damage found while searching
        searching.py    running a query: hits, snippets, did-you-mean
        filters.py      source:, date:, after:, before:, is:, tag: taken out of what people type
        query.py        what people type to a Whoosh query (CJK runs as phrases); what it highlights
        prefix.py       as you type: the unfinished word as a prefix, titles first
        unions.py       flat unions of a prefix's expansions; the documents filters allow, as a query
        fuzzy.py        fuzzy words expanded once per query
        bounds.py       caps and a deadline on every query
        suggest.py      did you mean
        snippets.py     passages around matched words
        doctable.py     per segment: documents by date, source, item id, kind (from term lists)
        restrict.py     filters resolved to the documents they allow
        ranking.py      the order of a query's matches (relevance, newest, oldest), paged through
        related.py      more like this
"""

from reader.core.search.context import FilterContext
from reader.core.search.index import SearchIndex
from reader.core.search.results import Hit, RelatedItem, RelatedItems, SearchResults, Span, UpdateReport

__all__ = [
    "FilterContext",
    "Hit",
    "RelatedItem",
    "RelatedItems",
    "SearchIndex",
    "SearchResults",
    "Span",
    "UpdateReport",
]
