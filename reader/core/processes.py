"""Helpers for the worker processes the core starts (parsing, index writers)."""

from __future__ import annotations

import os
import sys


def start_resource_tracker() -> None:
    """Start multiprocessing's helper process with a real stderr.

    The helper is handed `sys.stderr`'s file descriptor; a host that replaced stderr with an object
    whose fileno() is -1 (Textual's capture inside the app) makes the start fail with ValueError.
    """
    from multiprocessing import resource_tracker

    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0 and sys.__stderr__ is not None:
        saved, sys.stderr = sys.stderr, sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def watch_parent() -> None:
    """In a worker process: exit as soon as the process that started it is gone.

    A pool worker waits on a queue whose write end it holds itself, so a parent killed with
    SIGKILL would leave it (and the resource tracker it keeps alive) running for ever. The parent
    holds the write end of a pipe whose read end multiprocessing hands the child as
    `parent_process().sentinel`; it becomes readable when the parent dies. A daemon thread waits on
    it and ends the worker. Used as a pool `initializer`; does nothing outside a child process.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=wait, name="watch-parent", daemon=True).start()
