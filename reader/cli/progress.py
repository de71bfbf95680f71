"""A rich progress bar on stderr for loading the library, shown only when loading takes a moment."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from reader.core.library import Progress as ProgressCallback
from reader.core.problems import display_path


@contextmanager
def loading_progress(console: Console, delay: float = 0.4) -> Iterator[ProgressCallback]:
    """A `load_library` progress callback that shows a bar on `console` once loading takes a moment."""
    start = time.monotonic()
    bar: Progress | None = None

    def update(done: int, total: int, path: Path) -> None:
        nonlocal bar
        if bar is None:
            if not console.is_terminal or done >= total or time.monotonic() - start < delay:
                return
            bar = Progress(
                TextColumn("Reading digests"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[name]}", markup=False),
                console=console,
                transient=True,
            )
            bar.add_task("load", total=total, name="")
            bar.start()
        bar.update(bar.task_ids[0], completed=done, name=display_path(path.name)[:40])

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
