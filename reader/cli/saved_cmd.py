"""`digests saved [add|remove]`: named queries to run again (`digests search --saved NAME`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from rich.table import Table
from rich.text import Text

from reader.cli.context import CommandError, Context, safe
from reader.core.saved_searches import SavedSearchError, SavedSearchStore
from reader.core.storage import StorageError

T = TypeVar("T")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "saved",
        parents=[common],
        help="list, add or remove saved searches",
        description="With no ACTION, lists the saved searches in the order they were saved.",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_list)
    actions = p.add_subparsers(dest="saved_action", metavar="ACTION", parser_class=type(p))
    a = actions.add_parser(
        "add",
        parents=[common],
        help="save a query under a name (replacing one of that name)",
        description="Save QUERY under NAME; a saved search of that name (any case) is replaced. "
        "Put '--' before a query that starts with '-'.",
    )
    a.add_argument("name", metavar="NAME", help="the name to save it under")
    a.add_argument("query", nargs="+", metavar="QUERY", help="the query, as 'digests search' takes it")
    a.set_defaults(handler=cmd_add)
    r = actions.add_parser("remove", parents=[common], help="forget a saved search")
    r.add_argument("name", metavar="NAME", help="its name (any case)")
    r.set_defaults(handler=cmd_remove)


def _store(ctx: Context) -> SavedSearchStore:
    store = SavedSearchStore()  # a broken file is moved aside now: say so before anything else
    if message := store.pop_message():
        ctx.warn(message)
    return store


def _change(action: Callable[[], T]) -> T:
    try:
        return action()
    except (StorageError, SavedSearchError) as exc:
        raise CommandError(str(exc), code=2 if isinstance(exc, SavedSearchError) else 1) from exc


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    saved = _store(ctx).all()
    if args.json:
        ctx.print_json({"saved": [search.to_json() for search in saved]})
        return 0
    if not saved:
        ctx.out.print("No saved searches yet. Save one with 'digests saved add NAME QUERY'.")
        return 0
    table = Table(box=None, padding=(0, 1), expand=True)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("query", ratio=1)
    table.add_column("saved", style="dim", no_wrap=True)
    for search in saved:
        table.add_row(safe(search.name), safe(search.query), search.created[:10])
    ctx.out.print(table)
    ctx.out.print(Text(f"{len(saved)} saved search{'es' * (len(saved) != 1)}", style="dim"))
    return 0


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    search, replaced = _change(lambda: store.add(args.name, " ".join(args.query)))
    verb = "Replaced saved search" if replaced else "Saved search"
    ctx.out.print(
        Text(f"{verb} ") + Text(safe(search.name).plain, style="bold") + Text(": ") + safe(search.query)
    )
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    removed = _change(lambda: store.remove(args.name))
    if removed is None:
        raise CommandError(str(store.unknown(args.name)))
    ctx.out.print(Text("Removed saved search ") + Text(safe(removed.name).plain, style="bold"))
    return 0
