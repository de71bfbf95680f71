"""Writer processes that cannot hang a build: lost-process checks on the job queue, and a
watch that ends a writer process when its parent is gone (killed parents leave no orphans)."""

from __future__ import annotations

import os
import queue
import time

PUT_WAIT = 0.2  # seconds between checks that the writer processes are alive, while the queue is full
PARENT_CHECK = 0.5  # seconds between a writer process's checks that its parent still lives


class LostSegment(Exception):
    """A writer process did not deliver its segment."""


def exit_with_parent(parent: int) -> None:
    """In a writer process: end it as soon as the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


class CheckedQueue:
    """The parent's side of the job queue: `put` gives up when a writer process has died."""

    def __init__(self, jobs, tasks: list) -> None:
        self.jobs, self.tasks = jobs, tasks

    def put(self, item) -> None:
        while True:
            codes = [task.exitcode for task in self.tasks]
            lost = [code for code in codes if code not in (None, 0)]
            if lost:
                raise LostSegment(f"a writer process ended with exit code {lost[0]}")
            if codes and None not in codes:  # all ended, none to read the queue (not a healthy build)
                raise LostSegment("every writer process ended before its work was done")
            try:
                self.jobs.put(item, timeout=PUT_WAIT)
                return
            except queue.Full:
                continue
