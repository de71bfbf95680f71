"""Long work in a thread worker, in steps, with checkpoints between them. A checkpoint ends the work
once a newer request has cancelled the worker (`exclusive=True`), instead of letting a thread nobody
waits for go on competing with the UI thread for the interpreter; and it gives way to input: while
the UI thread answers a key or a click, the worker waits (without the interpreter lock) until the
answer is drawn, so a key never queues behind a worker's turns at the lock."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.worker import get_current_worker

Checkpoint = Callable[[], None]

GIVE_WAY_AT_MOST = 0.25  # seconds a checkpoint waits for the UI thread, so no worker starves

_answered = threading.Event()  # cleared from input until the UI thread has drawn its answer
_answered.set()


class Superseded(Exception):
    """Raised by a checkpoint: the worker was cancelled; catch it in the worker and return."""


def input_arrived() -> None:
    """Called on the UI thread for each input event: checkpoints wait until `input_answered`."""
    _answered.clear()


def input_answered() -> None:
    """Called on the UI thread once the answer to input is drawn."""
    _answered.set()


def give_way() -> None:
    """Wait while the UI thread answers input, at most GIVE_WAY_AT_MOST."""
    if not _answered.is_set():
        _answered.wait(GIVE_WAY_AT_MOST)


def checkpoint_for_this_worker() -> Checkpoint:
    """A checkpoint for the thread worker calling this: gives way to input, and raises
    `Superseded` once the worker is cancelled."""
    worker = get_current_worker()

    def checkpoint() -> None:
        give_way()
        if worker.is_cancelled:
            raise Superseded

    return checkpoint
