"""Full-text search over every item of the library (Whoosh), kept current incrementally.

    index = SearchIndex()                  # the user cache dir, or SearchIndex(folder)
    report = index.update(library)         # only changed digest files are re-indexed
    library, report = index.update_while_loading(LibraryLoader(paths))  # load and index at once
    results = index.search("label propagation", limit=20)
    spans = index.match_spans(item_body, "label propagation")

Importing this package does not import Whoosh: the first update or search does.

Module map
    index.py            entry point: SearchIndex (update, search, warm, verify)
    results.py          what it returns: Hit, SearchResults, UpdateReport
    schema.py           the fields, and the documents made from items and issues
    analysis.py         words as the index sees them (tokenizer, stemming, positions format)
    textprep.py         Markdown to the plain text that is indexed and shown in snippets
    manifest.py         which library files the index holds (what changed since)
    health.py           checksums, probes, full verification
    engine_patches.py   every use of Whoosh's private internals, each switchable, with its reason
    write/              the write path
        folder.py       the index folder, its lock, builds in progress, the swap, leftovers
        updating.py     one update: rebuild, or apply the changed files
        streaming.py    a first build fed while the library loads, committed in batches (partial search, resumable)
        building.py     a full build (writer processes)
        writers.py      Whoosh writers; applying changed files
    read/               the read path
        searchers.py    the open searcher, damage found while searching
        searching.py    running a query: hits, snippets, did-you-mean
        query.py        what people type to a Whoosh query; what it highlights
        prefix.py       as you type: the unfinished word as a prefix, titles first
        unions.py       flat unions of a prefix's expansions
        fuzzy.py        fuzzy words expanded once per query
        bounds.py       caps and a deadline on every query
        suggest.py      did you mean
        snippets.py     passages around matched words
"""

from reader.core.search.index import SearchIndex
from reader.core.search.results import Hit, SearchResults, Span, UpdateReport

__all__ = ["Hit", "SearchIndex", "SearchResults", "Span", "UpdateReport"]
