"""Full-text search over every item of the library (Whoosh), kept current incrementally.

    index = SearchIndex()                  # the user cache dir, or SearchIndex(folder)
    report = index.update(library)         # only changed digest files are re-indexed
    results = index.search("label propagation", limit=20)
    spans = index.match_spans(item_body, "label propagation")

Importing this package does not import Whoosh: the first update or search does.
"""

from reader.core.search.index import SearchIndex
from reader.core.search.results import Hit, SearchResults, Span, UpdateReport

__all__ = ["Hit", "SearchIndex", "SearchResults", "Span", "UpdateReport"]
