"""`digests bookmarks [add|remove|export|import]` and `digests copy`: bookmarks and links for scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.table import Table
from rich.text import Text

from reader.cli.browse import resolve_item
from reader.cli.context import CommandError, Context, safe
from reader.core.bookmark_export import BookmarkImportError, export_json, export_markdown, import_file
from reader.core.bookmarks import Bookmark, BookmarkStore, parse_tags
from reader.core.clipboard import copy_links, tty_terminal_copy
from reader.core.links import refusal_reason
from reader.core.reattach import reattach_marks
from reader.core.storage import StorageError, atomic_write_text


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "bookmarks",
        parents=[common],
        help="list, add, remove, export or import bookmarks",
        description="With no ACTION, lists the bookmarks (newest first); those whose digest is gone are marked missing.",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_list)
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION", parser_class=type(p))
    a = actions.add_parser("add", parents=[common], help="bookmark an item")
    a.add_argument("item_id", metavar="ITEM_ID", help="an item id (or a unique prefix of one)")
    a.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAGS",
        help="tags, separated by commas ('ml, to read'); repeatable",
    )
    a.add_argument("--note", default=None, metavar="TEXT", help="a note to keep with it")
    a.set_defaults(handler=cmd_add)
    r = actions.add_parser("remove", parents=[common], help="remove a bookmark")
    r.add_argument("item_id", metavar="ITEM_ID", help="the bookmarked item's id (or a unique prefix)")
    r.set_defaults(handler=cmd_remove)
    e = actions.add_parser("export", parents=[common], help="write the bookmarks as Markdown or JSON")
    e.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown: grouped by issue, ready to paste (default); json: for 'bookmarks import'",
    )
    e.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE", help="write here instead of stdout"
    )
    e.set_defaults(handler=cmd_export)
    i = actions.add_parser("import", parents=[common], help="merge bookmarks from a JSON export")
    i.add_argument("file", type=Path, metavar="FILE")
    i.set_defaults(handler=cmd_import)

    c = sub.add_parser("copy", parents=[common], help="copy an item's link(s) to the clipboard")
    c.add_argument("item_id", metavar="ITEM_ID", help="an item id (or a unique prefix of one)")
    c.add_argument("--all", action="store_true", help="copy every link of the item, one per line")
    c.add_argument(
        "-n",
        "--number",
        type=int,
        default=1,
        metavar="N",
        help="which link, as numbered by 'digests show' (default 1)",
    )
    c.set_defaults(handler=cmd_copy)


def _store(ctx: Context) -> BookmarkStore:
    store = BookmarkStore()  # a broken file is moved aside now, so its message comes first
    _tell(ctx, store)
    return store


def _tell(ctx: Context, store: BookmarkStore) -> None:
    message = store.pop_message()
    if message:
        ctx.warn(message)


def _saving(ctx: Context, store: BookmarkStore, action):
    try:
        return action()
    except StorageError as exc:
        store.pop_message()
        raise CommandError(str(exc)) from exc


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    library = ctx.library()
    for failure in reattach_marks(library, store):  # bookmarks of items split anew find them again
        ctx.warn(failure)
    store.pop_message()
    bookmarks = store.with_missing(library)
    if args.json:
        ctx.print_json({"bookmarks": [b.to_json(with_missing=True) for b in bookmarks]})
        return 0
    if not bookmarks:
        ctx.out.print("No bookmarks yet. Add one with 'digests bookmarks add ITEM_ID' (or 'b' in the app).")
        return 0
    table = Table(box=None, padding=(0, 1), expand=True)
    table.add_column("bookmark", ratio=1)
    table.add_column("added", style="dim", no_wrap=True)
    table.add_column("id", style="dim", no_wrap=True)
    for bookmark in bookmarks:
        table.add_row(_describe(bookmark), bookmark.created[:10], safe(bookmark.item_id))
    ctx.out.print(table)
    missing = sum(b.missing for b in bookmarks)
    summary = f"{len(bookmarks)} bookmark{'s' * (len(bookmarks) != 1)}" + (
        f", {missing} no longer in the library" if missing else ""
    )
    ctx.out.print(Text(summary, style="dim"))
    return 0


def _describe(bookmark: Bookmark) -> Text:
    text = safe(bookmark.title)
    text.stylize("bold")
    if bookmark.missing:
        text += Text("  (missing: no longer in the library)", style="yellow")
    text += Text("\n") + Text(safe(bookmark.issue_title).plain, style="dim")
    if bookmark.tags:
        text += Text("  ") + Text(safe(" ".join(f"#{t}" for t in bookmark.tags)).plain, style="cyan")
    if bookmark.note:
        text += Text("\n") + Text(safe(bookmark.note).plain, style="italic")
    return text


def _tags(typed: list[str]) -> list[str]:
    """Tags as the app's editor reads them: commas separate, spaces stay inside a tag."""
    return [tag for text in typed for tag in parse_tags(text)]


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    issue, item = resolve_item(ctx, args.item_id)
    store = _store(ctx)
    existed = store.contains(item.id)
    bookmark = _saving(ctx, store, lambda: store.add(issue, item, tags=_tags(args.tag), note=args.note or ""))
    verb = "Updated bookmark" if existed else "Bookmarked"
    ctx.out.print(Text(f"{verb}: ") + safe(bookmark.title) + Text(f"  ({bookmark.item_id})", style="dim"))
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    item_id = _bookmarked_id(ctx, store, args.item_id)
    removed = _saving(ctx, store, lambda: store.remove(item_id))
    if removed is None:
        raise CommandError(f"{item_id!r} is not bookmarked")
    ctx.out.print(
        Text("Removed bookmark: ") + safe(removed.title) + Text(f"  ({removed.item_id})", style="dim")
    )
    return 0


def _bookmarked_id(ctx: Context, store: BookmarkStore, typed: str) -> str:
    """The bookmarked item id meant by `typed`: exact, unique prefix among bookmarks, or a library id."""
    found = store.find(typed)
    if len(found) == 1:
        return found[0].item_id
    if len(found) > 1:
        names = ", ".join(b.item_id for b in found[:5])
        raise CommandError(f"{typed!r} matches several bookmarks: {names}")
    _, item = resolve_item(ctx, typed)
    if not store.contains(item.id):
        raise CommandError(f"{item.id!r} is not bookmarked")
    return item.id


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    bookmarks = store.all()
    text = export_json(bookmarks) if args.format == "json" else export_markdown(bookmarks)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        atomic_write_text(args.output, text)
    except StorageError as exc:
        raise CommandError(str(exc)) from exc
    ctx.err.print(Text(f"Exported {len(bookmarks)} bookmarks to ") + safe(args.output))
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    try:
        added, skipped = _saving(ctx, store, lambda: import_file(store, args.file))
    except BookmarkImportError as exc:
        raise CommandError(f"{args.file}: {exc}") from exc
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    ctx.out.print(
        f"Imported {added} bookmark{'s' if added != 1 else ''}; skipped {skipped} (already bookmarked or invalid)."
    )
    return 0


def cmd_copy(args: argparse.Namespace, ctx: Context) -> int:
    _, item = resolve_item(ctx, args.item_id)
    urls = [link.url for link in item.links]
    if not urls:
        raise CommandError(f"{item.id!r} has no links")
    if not args.all:
        if not 1 <= args.number <= len(urls):
            raise CommandError(
                f"{item.id!r} has {len(urls)} link{'s' if len(urls) != 1 else ''}; "
                f"--number must be 1..{len(urls)}",
                code=2,
            )
        urls = [urls[args.number - 1]]
    result = copy_links(urls, tty_terminal_copy(sys.stdout))
    if not result.text:
        raise CommandError(result.message)
    if result.method == "system":
        ctx.err.print(safe(result.message))
    else:
        # The terminal clipboard may not have arrived, and no clipboard at all is likely: the links
        # go to stdout, where they can be copied by hand or piped.
        ctx.err.print(Text(safe(result.summary).plain, style="yellow"))
        safe_urls = [url for url in result.text.splitlines() if refusal_reason(url) is None]
        sys.stdout.write("\n".join(safe_urls) + "\n")
        sys.stdout.flush()
    return 0
