"""Long work in a thread worker, in steps, with checkpoints between them. A checkpoint ends the work
once a newer request has cancelled the worker (`exclusive=True`), instead of letting a thread nobody
waits for go on competing with the UI thread for the interpreter; and it gives way to input: for a
moment after a key or a click the worker sleeps (without the interpreter lock), so the UI thread
answers it without queueing behind the worker's turns at the lock."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.worker import get_current_worker

Checkpoint = Callable[[], None]

ANSWER_WINDOW = 0.1  # seconds after input that workers leave the interpreter to the UI thread
GIVE_WAY_AT_MOST = 0.25  # seconds one checkpoint waits, so no worker starves under non-stop input

_busy_until = 0.0  # time.monotonic() until which checkpoints wait


class Superseded(Exception):
    """Raised by a checkpoint: the worker was cancelled; catch it in the worker and return."""


def input_arrived() -> None:
    """Called on the UI thread for each input event: checkpoints wait for ANSWER_WINDOW."""
    global _busy_until
    _busy_until = time.monotonic() + ANSWER_WINDOW


def give_way(since: float | None = None) -> None:
    """Sleep while the UI thread answers input, at most GIVE_WAY_AT_MOST. `since`: only for input
    that arrived after this time.monotonic() (not for the key that started the work)."""
    if since is not None and _busy_until - ANSWER_WINDOW <= since:
        return
    now = time.monotonic()
    end = min(_busy_until, now + GIVE_WAY_AT_MOST)
    while now < end:
        time.sleep(end - now)
        now = time.monotonic()
        end = min(_busy_until, end)


def let_go_of_arguments() -> None:
    """Called first thing in a thread worker: its Worker object stops holding the work (the method
    and its arguments). Textual keeps a finished Worker in a reference cycle (worker, its task, the
    task's context holding the worker) that only a full collection breaks, and the app's full
    collections wait for an idle moment: a worker's arguments (a whole library, an issue) would
    outlive it until then, and a reloaded library be freed by a pass over the whole heap instead
    of by reference counts. The running call holds its own references until it returns. Textual
    has no public way to do this: `_work` is its attribute for the callable, checked by a test."""
    worker = get_current_worker()
    if hasattr(worker, "_work"):
        setattr(worker, "_work", None)  # noqa: B010 - typed as the callable: None is what it becomes here


def checkpoint_for_this_worker(later_input_only: bool = False) -> Checkpoint:
    """A checkpoint for the thread worker calling this (which lets go of its arguments, see
    `let_go_of_arguments`): gives way to input, and raises `Superseded` once the worker is cancelled.
    `later_input_only`: work the user waits for does not give way to the key that asked for it."""
    let_go_of_arguments()
    worker = get_current_worker()
    since = time.monotonic() if later_input_only else None

    def checkpoint() -> None:
        give_way(since)
        if worker.is_cancelled:
            raise Superseded

    return checkpoint
