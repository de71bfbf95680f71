"""`digests links URL`: every issue that links to a URL, newest first (URLs compared normalised)."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from reader.cli.context import CommandError, Context, safe
from reader.core.link_index import LinkIndex
from reader.core.link_keys import link_key


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "links",
        parents=[common],
        help="the issues that link to a URL, newest first",
        description="Every issue (and item) of the library that links to URL, newest first. URLs are "
        "compared normalised: scheme, 'www.', trailing slash, tracking parameters (utm_*, fbclid, ...) "
        "and in-page fragments do not matter.",
    )
    p.add_argument("url", metavar="URL", help="a link, such as https://example.com/page")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_links)


def cmd_links(args: argparse.Namespace, ctx: Context) -> int:
    key = link_key(args.url)
    if key is None:
        raise CommandError(
            f"{safe(args.url).plain!r} is not a link to look for; give a full one such as "
            "https://example.com/page",
            code=2,
        )
    places = LinkIndex.from_library(ctx.library()).places(key)
    if args.json:
        ctx.print_json({"url": key, "issues": [place.to_json() for place in places]})
        return 0
    if not places:
        ctx.out.print(Text("No issue links to ") + safe(key) + Text("."))
        return 0
    table = Table(box=None, padding=(0, 1), expand=True)
    table.add_column("date", style="dim", no_wrap=True)
    table.add_column("issue", ratio=1)
    table.add_column("where", ratio=1)
    table.add_column("item id", style="dim", no_wrap=True, overflow="fold")
    for place in places:
        issue = Text(safe(place.issue.title).plain or place.issue.id, style="bold")
        if place.item is None:
            where = Text("the issue's own links", style="italic dim")
        else:
            where = safe(place.item.title)
        table.add_row(place.issue.date or "", issue, where, place.item.id if place.item else "")
    ctx.out.print(table)
    issues = len({place.issue.id for place in places})
    summary = f"{issues} issue{'s' * (issues != 1)} link{'s' * (issues == 1)} to "
    ctx.out.print(Text(summary, style="dim") + Text(safe(key).plain, style="dim bold"))
    return 0
