"""Parsing a library's files in worker processes, each result handed on as it finishes: the
first file in this process while the workers start. A file whose parser kills its worker process
is found (each of the files it was parsed beside is tried alone) and skipped; every other file is
still parsed. Used by `reader.core.loading`."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reader.core import library as library_module
from reader.core.parse_cache import Parsed


def parse_newest_first(order: list[Path], workers: int | None) -> Generator[tuple[Path, Parsed], None, None]:
    """(path, parse) of each file of `order`, as they finish: the first in this process while the
    worker processes start, the rest in them (or here, when there are few or none can start)."""
    parse_path: Callable[[Path], Parsed] = library_module.parse_path
    count = library_module.parse_workers(len(order), workers)
    if count <= 1 or not order:
        for path in order:
            yield path, parse_path(path)
        return
    try:
        pool = library_module.start_pool(count)
    except Exception:
        for path in order:
            yield path, parse_path(path)
        return
    try:
        futures: dict[Future, Path] = {pool.submit(parse_path, path): path for path in order[1:]}
        yield order[0], parse_path(order[0])
        lost: list[Path] = []
        for future in as_completed(futures):  # one waiter for all, not one per wait
            path = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                lost.append(path)
                continue
            except Exception as exc:  # the result could not come back (unpicklable...)
                result = library_module.skipped(path, f"the parser failed ({type(exc).__name__}: {exc})")
            yield path, result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    lost_keys = set(lost)
    yield from _one_at_a_time([path for path in order if path in lost_keys])


def _one_at_a_time(paths: list[Path]) -> Iterator[tuple[Path, Parsed]]:
    """After a worker process died: each file alone in one worker, so the file that kills it is
    found (and skipped) and every other file is still parsed."""
    pool = None
    try:
        for path in paths:
            if pool is None:
                pool = library_module.start_pool(1)
            try:
                result = pool.submit(library_module.parse_path, path).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                result = library_module.skipped(
                    path, "its parser stopped the worker process", cacheable=False
                )
            yield path, result
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
