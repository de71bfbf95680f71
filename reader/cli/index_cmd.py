"""`digests index`: bring the search index up to date, with a progress bar (items/s) and a report.

The library is loaded only as far as the index needs: nothing changed is seen from the files'
sizes and mtimes against the index manifest; a first build parses and indexes at once.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from reader.cli.context import CommandError, Context, safe
from reader.core.search import SearchIndex, UpdateReport
from reader.core.search.write.streaming import BuildCallback, BuildProgress

OTHER_BUILD_WAIT = 3600.0  # seconds `digests index` waits for another process's build to end


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("index", parents=[common], help="bring the search index up to date")
    p.add_argument("--rebuild", action="store_true", help="build the index from scratch")
    p.add_argument("--json", action="store_true", help="print what was done as JSON")
    p.set_defaults(handler=cmd_index)


def index_for(ctx: Context) -> SearchIndex:
    """The configured library's index; a `--library` run gets its own, keyed by its paths."""
    return SearchIndex.for_library(ctx.library_paths)


@contextmanager
def indexing_progress(console: Console, delay: float) -> Iterator[BuildCallback]:
    """A progress callback drawing a bar on `console` (files read, items indexed, items/s) once
    indexing has taken `delay` seconds."""
    start = time.monotonic()
    bar: Progress | None = None

    def update(state: BuildProgress) -> None:
        nonlocal bar
        total = state.files_total or None
        if bar is None:
            if not console.is_terminal or time.monotonic() - start < delay:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files · {task.fields[items]} items · {task.fields[rate]} items/s"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            bar.add_task("Indexing for search", total=total, items="0", rate="0")
            bar.start()
        bar.update(
            bar.task_ids[0],
            description="Writing the index" if state.writing else "Indexing for search",
            completed=state.files_done,
            total=total,
            items=f"{state.items_sent:,}",
            rate=f"{state.rate:,.0f}",
        )

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def update_index(
    ctx: Context, index: SearchIndex, *, rebuild: bool = False, delay: float = 0.5, verify: bool = False
) -> UpdateReport:
    """Bring `index` up to date with this run's library (loaded only if the index needs it)."""
    from reader.core.loading import LibraryLoader

    loader = LibraryLoader(ctx.library_paths)
    with indexing_progress(ctx.err, delay) as progress:
        wait = 2.0 if rebuild or index.damaged else 0.0
        library, report = index.update_while_loading(
            loader,
            progress,
            rebuild=rebuild,
            wait=wait,
            verify=verify,
            need_library=False,
            background=False,
            early_commit=False,
        )
    if library is not None:
        ctx.adopt_library(library)
    if index.error and not index.exists():
        raise CommandError(index.error)
    return report


def cmd_index(args: argparse.Namespace, ctx: Context) -> int:
    index = index_for(ctx)
    report = update_index(ctx, index, rebuild=args.rebuild, delay=0.0, verify=True)
    if report.skipped and not index.error:  # another process is updating it: wait for it
        ctx.err.print(safe(f"{report.message}; waiting for it to finish"), style="yellow")
        status = index.build_status()
        doing = status.describe() if status else "updating the search index"
        with ctx.err.status(f"waiting for another Digest Reader ({doing})"):
            _, report = index.update_while_loading(
                _loader(ctx), verify=True, wait=OTHER_BUILD_WAIT, need_library=False
            )
    if args.json:
        ctx.print_json(
            {
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "seconds": round(report.seconds, 3),
                "items_per_second": round((report.added + report.updated) / report.seconds)
                if report.seconds
                else 0,
                "rebuilt": report.rebuilt,
                "skipped": report.skipped,
                "message": report.message,
                "index": str(index.index_dir),
            }
        )
        return 1 if report.skipped and index.error else 0
    if report.message:
        ctx.err.print(safe(report.message), style="yellow" if report.skipped else "dim")
    if report.skipped:
        return 1 if index.error else 0
    if report.changed and report.seconds:
        ctx.err.print(f"{(report.added + report.updated) / report.seconds:,.0f} items/s", style="dim")
        summary = report.summary()
    else:
        summary = f"search index up to date: {report.unchanged} items (checked in {report.seconds:.2f} s)"
    ctx.out.print(Text(summary))
    return 0


def _loader(ctx: Context):
    from reader.core.loading import LibraryLoader

    return LibraryLoader(ctx.library_paths)
