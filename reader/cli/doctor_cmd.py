"""`digests doctor`: every problem of the config and the library, with its file and reason.

Exit 0 when there is none, 1 when there are problems (so scripts can check a library).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table
from rich.text import Text

from reader.cli.context import Context
from reader.core.config import load_config, normalized
from reader.core.library import configured_paths
from reader.core.problems import Problem, display_path
from reader.core.sanitize import clean_line

_STYLES = {
    "skipped": "red",
    "config": "red",
    "source": "yellow",
    "warning": "yellow",
    "cache": "dim",
    "index": "red",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "doctor", parents=[common], help="list every problem of the config and the digest files"
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_doctor)


def index_problems(ctx: Context) -> list[Problem]:
    """The search index read back whole (checksums, every document and posting list)."""
    from reader.core.search import SearchIndex

    index = SearchIndex.for_library(ctx.library_paths)
    problem = index.verify(full=True)
    if problem is None:
        return []
    reason = f"the search index is damaged ({problem}); `digests index` or the next search rebuilds it"
    return [Problem(str(index.index_dir), reason, kind="index")]


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> int:
    config = load_config()
    paths, problems = configured_paths(config)
    if ctx.library_paths is not None:
        paths = [Path(normalized(p)) for p in ctx.library_paths]
    library = ctx.load_library(paths)
    problems += library.problems
    problems += index_problems(ctx)
    if args.json:
        ctx.print_json(
            {
                "ok": not problems,
                "config": str(config.path),
                "files": len(library.files),
                "issues": len(library.issues),
                "items": library.item_count,
                "problems": [p.to_json() for p in problems],
            }
        )
        return 1 if problems else 0
    summary = f"{len(library.files)} files, {len(library.issues)} issues, {library.item_count} items"
    ctx.out.print(Text("config   ", style="bold") + Text(display_path(config.path)))
    ctx.out.print(Text("library  ", style="bold") + Text(summary))
    if not problems:
        ctx.out.print(Text("No problems found.", style="green"))
        return 0
    table = Table(box=None, padding=(0, 1), header_style="bold", show_edge=False)
    table.add_column("kind", no_wrap=True)
    table.add_column("file", overflow="fold")
    table.add_column("reason", overflow="fold")
    for problem in problems:
        file = Text(display_path(problem.file)) if problem.file else Text("-", style="dim")
        table.add_row(
            Text(problem.kind, style=_STYLES.get(problem.kind, "")), file, Text(clean_line(problem.reason))
        )
    ctx.out.print()
    ctx.out.print(table)
    ctx.out.print(Text(f"{len(problems)} problem{'s' * (len(problems) != 1)}", style="bold yellow"))
    return 1
