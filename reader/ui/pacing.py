"""Long work in a thread worker, in steps: a checkpoint called between steps ends the work once a
newer request has cancelled the worker (`exclusive=True`), instead of letting a thread nobody waits
for go on competing with the UI thread for the interpreter."""

from __future__ import annotations

from collections.abc import Callable

from textual.worker import get_current_worker

Checkpoint = Callable[[], None]


class Superseded(Exception):
    """Raised by a checkpoint: the worker was cancelled; catch it in the worker and return."""


def checkpoint_for_this_worker() -> Checkpoint:
    """A checkpoint for the thread worker calling this: raises `Superseded` once it is cancelled."""
    worker = get_current_worker()

    def checkpoint() -> None:
        if worker.is_cancelled:
            raise Superseded

    return checkpoint
