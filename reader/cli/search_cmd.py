"""`digests search`: full-text search from the shell (the index kept current: index_cmd.py)."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from reader.cli import search_query
from reader.cli.context import Context, safe
from reader.cli.index_cmd import index_for, update_index
from reader.core.sanitize import clean_text
from reader.core.search import SearchResults

MATCH_STYLE = "bold yellow"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search",
        parents=[common],
        help="search every item (Whoosh query syntax, filters)",
        description='Search every item and issue intro. All words must match; "exact phrase", OR, '
        "NOT or -word (also first: `digests search -word`), title:, issue:, link:, section:, "
        "wildcards* and fuzzy~ work. Filters narrow any query: source:NAME, date:2024, "
        "date:2024-03, date:2024-01..2024-06, after:DATE, before:DATE, is:unread, is:read, "
        "is:bookmarked, tag:T (-filter excludes); a query of filters alone lists newest first.",
    )
    _words_first(p)
    p.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="words to search for (quote a query with spaces or syntax to keep the shell out of it)",
    )
    p.add_argument(
        "--limit",
        type=search_query.at_least(1),
        default=20,
        metavar="N",
        help="show at most N hits (default 20)",
    )
    search_query.add_options(p)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_search, search_parser=p)


def _words_first(parser: argparse.ArgumentParser) -> None:
    """Make `digests search -word` a query: argparse would take '-word' for an unknown option.

    A word starting with a single '-' (other than -h) is handed to argparse with a leading space,
    which argparse never reads as an option; the query is stripped before use. Long options
    (`--limit`, `--json`) and everything after `--` are left as they are.
    """
    parse = parser.parse_known_args

    def parse_words_first(args=None, namespace=None):
        words, literal = [], False
        for arg in args or []:
            if not literal and arg.startswith("-") and not arg.startswith("--") and arg not in ("-", "-h"):
                arg = f" {arg}"
            literal = literal or arg == "--"
            words.append(arg)
        return parse(words, namespace)

    parser.parse_known_args = parse_words_first  # type: ignore[method-assign]


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    if not args.query and args.saved is None and not search_query.filter_words(args):
        args.search_parser.error("give words to search for, filters or --saved NAME")
    query = search_query.query_text(args, ctx)
    if not query:
        if args.json:
            ctx.print_json(SearchResults(query, 0, None, [], offset=args.offset, sort=args.sort).to_json())
        else:
            ctx.out.print(Text("Nothing to search for."))
        return 0
    index = index_for(ctx)
    report = update_index(ctx, index)
    if report.message and not args.json:
        ctx.err.print(safe(report.message), style="dim")
    context = search_query.filter_context(ctx)

    def search() -> SearchResults:
        return index.search(query, limit=args.limit, offset=args.offset, sort=args.sort, context=context)

    results = search()
    if index.damaged:  # found while searching: rebuild, say so once, answer from the new index
        report = update_index(ctx, index)
        ctx.warn(report.message or index.error or "the search index was damaged")
        results = search()
    if index.error:
        ctx.warn(index.error)
    for problem in results.problems:
        ctx.warn(problem)
    if args.json:
        ctx.print_json(results.to_json())
        return 0
    print_results(ctx, results)
    return 0


def print_results(ctx: Context, results: SearchResults) -> None:
    if results.filters:
        ctx.out.print(Text("Filtered: " + ", ".join(results.filters), style="dim"))
    if not results.hits:
        if results.total:
            line = Text(f"No more results: {count_line(results)}.")
        else:
            line = Text("No items match ") + safe(results.query) + Text(".")
        if results.suggestion:
            line += Text(" Did you mean ") + Text(clean_text(results.suggestion), style="bold") + Text("?")
        ctx.out.print(line)
        if results.incomplete:
            ctx.out.print(Text(INCOMPLETE, style="yellow"))
        return
    table = Table(box=None, show_header=False, padding=(0, 1, 1, 0), expand=True)
    table.add_column("rank", justify="right", style="dim", no_wrap=True)
    table.add_column("item", ratio=1)
    for rank, hit in enumerate(results.hits, results.offset + 1):
        if hit.kind == "issue":
            where = Text.assemble("about the issue · ", safe(hit.issue_id), style="dim")
        else:
            where = Text.assemble(safe(hit.issue_title), " · ", safe(hit.item_id or ""), style="dim")
        if hit.date:
            where = Text.assemble(hit.date, " · ", where, style="dim")
        item = Text("\n").join(
            [
                highlighted(hit.title, hit.title_spans, "bold"),
                highlighted(hit.snippet, hit.snippet_spans),
                where,
            ]
        )
        table.add_row(f"{rank}.", item)
    ctx.out.print(table)
    ctx.out.print(Text(count_line(results), style="dim"))
    if results.incomplete:
        ctx.out.print(Text(INCOMPLETE, style="yellow"))


INCOMPLETE = (
    "Results may be incomplete: the query matches too many words or took too long; "
    "narrow it down to see every match."
)


def count_line(results: SearchResults) -> str:
    """'3 results', '20 of 1,234 results', '21-40 of 1,234 results', or '20 of about 1,200 results'
    for an estimate; with a hint at the next page when there is one."""
    shown, total = len(results.hits), results.total
    first, last = results.offset + 1, results.offset + shown
    span = f"{first:,}–{last:,}" if results.offset and shown else f"{shown:,}"
    if results.total_is_estimate:
        line = f"{span} of about {_round(total):,} results"
    elif total > shown or results.offset:
        line = f"{span} of {total:,} results"
    else:
        return f"{shown} result{'s' * (shown != 1)}"
    return f"{line} (next: --offset {last})" if results.has_more else line


def _round(total: int) -> int:
    """An estimate to two significant digits (1,234 -> 1,200): it is not exact."""
    digits = max(0, len(str(total)) - 2)
    return round(total, -digits) if digits else total


def highlighted(text: str, spans: list[tuple[int, int]], style: str = "") -> Text:
    """`text` as a rich Text with the matched spans styled (no markup is ever parsed)."""
    cleaned = clean_text(text)
    out = Text(cleaned, style=style)
    if cleaned != text:  # cleaning moved characters: the spans no longer fit
        return out
    for start, end in spans:
        if 0 <= start < end <= len(cleaned):
            out.stylize(MATCH_STYLE, start, end)
    return out
