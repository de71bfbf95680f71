"""`digests list` and `digests show`: the library at a glance, one issue or one item in full.

An id with a '/' names an item (`issue/slug`), one without names an issue; a unique prefix works
for either.
"""

from __future__ import annotations

import argparse

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reader.cli.context import CommandError, Context, safe
from reader.cli.render import print_links, print_markdown, write_plain
from reader.core.model import Issue, Item, Link
from reader.core.sanitize import clean_line

MAX_TABLE_ROWS = 2_000  # rich lays a table out at about 150 µs a row: a bigger issue is listed plainly


def counted(number: int, noun: str) -> str:
    """'1 item', '2 items'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("list", parents=[common], help="list the issues and their items")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_list)
    p = sub.add_parser("show", parents=[common], help="print one issue, or one item, with its links")
    p.add_argument(
        "item_id", metavar="ID", help="an issue id, or an item id (issue/slug); a unique prefix of one works"
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_show)


def links_json(links: list[Link]) -> list[dict[str, str]]:
    return [link.to_json() for link in links]


def issue_json(issue: Issue) -> dict:
    return {
        "id": issue.id,
        "title": issue.title,
        "source": issue.source,
        "date": issue.date,
        "author": issue.author,
        "links": links_json(issue.links),
        "items": [
            {"id": item.id, "title": item.title, "section": item.section, "links": links_json(item.links)}
            for item in issue.items
        ],
    }


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    library = ctx.library()
    if args.json:
        ctx.print_json({"issues": [issue_json(i) for i in library.issues], "warnings": library.warnings})
        return 0
    if not library.issues:
        ctx.out.print("No digests found. Add some with 'digests add PATH'.")
        return 0
    for issue in library.issues:
        meta = " · ".join(filter(None, [issue.date, issue.author, counted(len(issue.items), "item")]))
        heading = Text.assemble(safe(issue.title), ("  " + meta, "dim"))
        if len(issue.items) > MAX_TABLE_ROWS:
            _list_plainly(ctx, issue, heading)
            continue
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("title", ratio=1)
        table.add_column("id", style="dim", no_wrap=True)
        section: str | None = None
        for item in issue.items:
            if item.section and item.section != section:
                table.add_row(Text(safe(item.section).plain, style="bold cyan"), "")
            section = item.section
            table.add_row(safe(item.title), safe(item.id))
        ctx.out.print(
            Panel(table, title=heading, title_align="left", subtitle=safe(issue.id), subtitle_align="right")
        )
    totals = f"{counted(len(library.issues), 'issue')}, {counted(library.item_count, 'item')}"
    ctx.out.print(Text(totals, style="dim"))
    return 0


def _list_plainly(ctx: Context, issue: Issue, heading: Text) -> None:
    """An issue too big for a table: its heading, then its sections and items one a line as written."""
    ctx.out.print(heading + Text(f"  {issue.id}", style="dim"))
    lines: list[str] = []
    section: str | None = None
    for item in issue.items:
        if item.section and item.section != section:
            lines.append(clean_line(item.section))
        section = item.section
        lines.append(f"  {clean_line(item.title)}  {clean_line(item.id)}")
    write_plain(ctx.out, "\n".join(lines))


def item_json(issue: Issue, item: Item) -> dict:
    return {
        "id": item.id,
        "issue_id": issue.id,
        "title": item.title,
        "issue_title": issue.title,
        "section": item.section,
        "author": item.author,
        "date": issue.date,
        "position": item.position,
        "body": item.body,
        "links": links_json(item.links),
    }


def resolve_item(ctx: Context, item_id: str) -> tuple[Issue, Item]:
    """The item for an id typed on the command line, or a CommandError naming close matches."""
    found = ctx.library().find_item(item_id)
    if found is None:
        starting = [item.id for _, item in ctx.library().items() if item.id.startswith(item_id)]
        if len(starting) > 1:
            shown = ", ".join(starting[:3]) + (", ..." if len(starting) > 3 else "")
            raise CommandError(
                f"{item_id!r} is the start of {len(starting)} item ids ({shown}); type more of it"
            )
        near = ctx.library().candidates(item_id)
        hint = f" (did you mean: {', '.join(near)})" if near else " (see 'digests list')"
        raise CommandError(f"no item with id {item_id!r}{hint}")
    return found


def whole_issue_json(issue: Issue) -> dict:
    """An issue with everything it holds: intro, sign-off, its links and every item's text."""
    return {
        "id": issue.id,
        "title": issue.title,
        "date": issue.date,
        "author": issue.author,
        "source": issue.source,
        "intro": issue.preamble,
        "outro": issue.footer,
        "links": links_json(issue.links),
        "items": [
            {
                "id": item.id,
                "title": item.title,
                "section": item.section,
                "author": item.author,
                "date": item.date or issue.date,
                "body": item.body,
                "links": links_json(item.links),
            }
            for item in issue.items
        ],
    }


def resolve_issue(ctx: Context, issue_id: str) -> Issue:
    """The issue for an id typed on the command line (or a unique prefix), or a CommandError."""
    issues = ctx.library().issues
    exact = next((issue for issue in issues if issue.id == issue_id), None)
    if exact is not None:
        return exact
    starting = [issue for issue in issues if issue.id.startswith(issue_id)]
    if len(starting) == 1:
        return starting[0]
    if len(starting) > 1:
        shown = ", ".join(i.id for i in starting[:3]) + (", ..." if len(starting) > 3 else "")
        raise CommandError(
            f"{issue_id!r} is the start of {len(starting)} issue ids ({shown}); type more of it"
        )
    near = [issue.id for issue in issues if issue_id.lower() in issue.id.lower()][:5]
    hint = f" (did you mean: {', '.join(near)})" if near else " (see 'digests list')"
    raise CommandError(f"no issue with id {issue_id!r}{hint}")


def show_issue(ctx: Context, issue: Issue, as_json: bool) -> int:
    if as_json:
        ctx.print_json(whole_issue_json(issue))
        return 0
    ctx.out.print(Text(issue.title, style="bold"))
    meta = " · ".join(
        filter(None, [issue.date, issue.author, issue.source, counted(len(issue.items), "item")])
    )
    ctx.out.print(Text(meta, style="dim"))
    if issue.preamble:
        ctx.out.print()
        print_markdown(ctx.out, issue.preamble)
    section: str | None = None
    for item in issue.items:
        if item.section and item.section != section:
            ctx.out.print()
            ctx.out.print(Text(item.section, style="bold cyan"))
        section = item.section
        ctx.out.print()
        ctx.out.print(Text.assemble((item.title, "bold"), ("  " + item.id, "dim")))
        if item.body:
            print_markdown(ctx.out, item.body)
    if issue.footer:
        ctx.out.print()
        print_markdown(ctx.out, issue.footer)
    if issue.links:
        ctx.out.print()
        ctx.out.print(Text("Links of the issue", style="bold"))
        print_links(ctx.out, issue.links)
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    if "/" not in args.item_id:
        return show_issue(ctx, resolve_issue(ctx, args.item_id), args.json)
    issue, item = resolve_item(ctx, args.item_id)
    if args.json:
        ctx.print_json(item_json(issue, item))
        return 0
    meta = " · ".join(filter(None, [issue.title, item.section, item.author, issue.date]))
    ctx.out.print(Text(item.title, style="bold"))
    ctx.out.print(Text(meta, style="dim"))
    ctx.out.print()
    print_markdown(ctx.out, item.body or "_(no text)_")
    if item.links:
        ctx.out.print()
        ctx.out.print(Text("Links", style="bold"))
        print_links(ctx.out, item.links)
    return 0
