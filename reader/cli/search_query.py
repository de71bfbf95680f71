"""What `digests search` searches for: the words, a saved search, filter options, and the user's
read marks, bookmarks and sources that filters need."""

from __future__ import annotations

import argparse

from reader.cli.context import CommandError, Context
from reader.core.bookmarks import BookmarkStore
from reader.core.config import load_config
from reader.core.library import configured_paths
from reader.core.readstate import ReadState
from reader.core.saved_searches import SavedSearchStore, UnknownSavedSearch, resolve_saved
from reader.core.search import FilterContext

SORTS = ("relevance", "newest", "oldest")


def add_options(p: argparse.ArgumentParser) -> None:
    """The search options besides the words: paging, order, a saved search and filters."""
    p.add_argument(
        "--offset", type=at_least(0), default=0, metavar="N", help="skip the first N hits (paging)"
    )
    p.add_argument("--sort", choices=SORTS, default="relevance", help="order of the hits (default relevance)")
    p.add_argument("--saved", metavar="NAME", help="run the saved search NAME (with QUERY: both must match)")
    f = p.add_argument_group("filters (the same as source:, date:, after:, before:, is: and tag: in QUERY)")
    f.add_argument(
        "--source", action="append", metavar="NAME", help="only this source (repeatable: any of them)"
    )
    f.add_argument(
        "--date", metavar="WHEN", help="only dated WHEN: 2024, 2024-03, 2024-03-15, 2024-01..2024-06"
    )
    f.add_argument("--after", metavar="DATE", help="only after DATE (after 2024-03: from April 2024 on)")
    f.add_argument("--before", metavar="DATE", help="only before DATE")
    f.add_argument("--unread", action="store_true", help="only unread items")
    f.add_argument("--read", action="store_true", help="only read items")
    f.add_argument("--bookmarked", action="store_true", help="only bookmarked items")
    f.add_argument(
        "--tag", action="append", metavar="TAG", help="only items bookmarked with TAG (repeatable: all)"
    )


def at_least(minimum: int):
    """An argparse type: a whole number of at least `minimum`."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return number


def query_text(args: argparse.Namespace, ctx: Context) -> str:
    """The query to search: the filter options first (so that no quote left open in the words
    swallows them), the saved search, then the words. Exit 1 for an unknown saved search."""
    words = " ".join(args.query).strip()
    if args.saved is not None:
        store = SavedSearchStore()
        try:
            saved = resolve_saved(args.saved, store)
        except UnknownSavedSearch as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if message := store.pop_message():
                ctx.warn(message)
        words = f"({saved}) {words}" if words and saved.count('"') % 2 == 0 else f"{saved} {words}".strip()
    return " ".join([*filter_words(args), words]).strip()


def filter_words(args: argparse.Namespace) -> list[str]:
    """The filter options as query-language filters."""
    found = [f'source:"{_bare(name)}"' for name in args.source or []]
    found += [
        f"{name}:{_bare(value)}" for name in ("date", "after", "before") if (value := getattr(args, name))
    ]
    found += [f"is:{state}" for state in ("unread", "read", "bookmarked") if getattr(args, state)]
    found += [f'tag:"{_bare(tag)}"' for tag in args.tag or []]
    return found


def _bare(value: str) -> str:
    return " ".join(value.replace('"', " ").split())


def filter_context(ctx: Context) -> FilterContext:
    """Read marks, bookmarks and source names for is:, tag: and source: filters."""
    read_state, bookmarks = ReadState(), BookmarkStore()
    config = load_config()
    roots = ctx.library_paths if ctx.library_paths is not None else configured_paths(config)[0]
    labels = config.labels_by_path()
    context = FilterContext.from_stores(
        ctx.library(), read_state=read_state, bookmarks=bookmarks, roots=roots, labels=labels
    )
    for store in (read_state, bookmarks):
        if message := store.pop_message():
            ctx.warn(message)
    return context
