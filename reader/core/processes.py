"""Helpers for the worker processes the core starts (parsing, index writers)."""

from __future__ import annotations

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
