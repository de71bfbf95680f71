"""`digests search`: full-text search from the shell (the index kept current: index_cmd.py)."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from reader.cli.context import Context, safe
from reader.cli.index_cmd import index_for, update_index
from reader.core.sanitize import clean_text
from reader.core.search import SearchResults

MATCH_STYLE = "bold yellow"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search",
        parents=[common],
        help="search every item (Whoosh query syntax)",
        description='Search every item and issue intro. All words must match; "exact phrase", OR, '
        "NOT or -word (also first: `digests search -word`), title:, issue:, link:, section:, "
        "wildcards* and fuzzy~ work.",
    )
    _words_first(p)
    p.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help="words to search for (quote a query with spaces or syntax to keep the shell out of it)",
    )
    p.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="show at most N hits (default 20)"
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_search)


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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    query = " ".join(args.query).strip()
    index = index_for(ctx)
    report = update_index(ctx, index)
    if report.message and not args.json:
        ctx.err.print(safe(report.message), style="dim")
    results = index.search(query, limit=args.limit)
    if index.damaged:  # found while searching: rebuild, say so once, answer from the new index
        report = update_index(ctx, index)
        ctx.warn(report.message or index.error or "the search index was damaged")
        results = index.search(query, limit=args.limit)
    if index.error:
        ctx.warn(index.error)
    if args.json:
        ctx.print_json(results.to_json())
        return 0
    print_results(ctx, results)
    return 0


def print_results(ctx: Context, results: SearchResults) -> None:
    if not results.hits:
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
    for rank, hit in enumerate(results.hits, 1):
        if hit.kind == "issue":
            where = Text.assemble("about the issue · ", safe(hit.issue_id), style="dim")
        else:
            where = Text.assemble(safe(hit.issue_title), " · ", safe(hit.item_id or ""), style="dim")
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
    """'3 results', '20 of 1,234 results', or '20 of about 1,200 results' for an estimate."""
    shown, total = len(results.hits), results.total
    if results.total_is_estimate:
        return f"{shown} of about {_round(total):,} results"
    if total > shown:
        return f"{shown} of {total:,} results"
    return f"{shown} result{'s' * (shown != 1)}"


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
