"""`digests related ITEM_ID`: the items of other issues most like one item (more like this)."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from reader.cli.browse import resolve_item
from reader.cli.context import Context, safe
from reader.cli.search_cmd import index_for, update_index
from reader.cli.search_query import at_least


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "related",
        parents=[common],
        help="items of other issues most like an item",
        description="Up to N items from other issues most similar to ITEM_ID (its key terms searched "
        "for), most alike first, each with its issue, date and a one-line snippet.",
    )
    p.add_argument("item_id", metavar="ITEM_ID", help="an item id (or a unique start of one)")
    p.add_argument("--limit", type=at_least(1), default=10, metavar="N", help="at most N items (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_related)


def cmd_related(args: argparse.Namespace, ctx: Context) -> int:
    _, item = resolve_item(ctx, args.item_id)
    index = index_for(ctx)
    report = update_index(ctx, index)
    if report.message and not args.json:
        ctx.err.print(safe(report.message), style="dim")
    found = index.related(item.id, limit=args.limit)
    if index.damaged:  # found while searching: rebuild and ask again
        report = update_index(ctx, index)
        ctx.warn(report.message or index.error or "the search index was damaged")
        found = index.related(item.id, limit=args.limit)
    if index.error:
        ctx.warn(index.error)
    if args.json:
        ctx.print_json(found.to_json())
        return 0
    ctx.out.print(
        Text("Like ") + Text(safe(item.title).plain, style="bold") + Text(f" ({item.id})", style="dim")
    )
    if not found.related:
        ctx.out.print("No item of another issue is much like it.")
        return 0
    table = Table(box=None, show_header=False, padding=(0, 1, 1, 0), expand=True)
    table.add_column("rank", justify="right", style="dim", no_wrap=True)
    table.add_column("item", ratio=1)
    for rank, other in enumerate(found.related, 1):
        where = Text.assemble(other.date or "undated", " · ", safe(other.issue_title), " · ", other.item_id)
        where.stylize("dim")
        table.add_row(
            f"{rank}.",
            Text("\n").join([Text(safe(other.title).plain, style="bold"), safe(other.snippet), where]),
        )
    ctx.out.print(table)
    if found.terms:
        ctx.out.print(Text("Key terms: " + ", ".join(found.terms), style="dim"))
    return 0
