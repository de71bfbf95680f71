"""Whoosh's MpWriter (one writer process per CPU), made safe to lose a process and to use in the app.

- CheckedMpWriter: a writer process that dies (killed, out of memory, failed to start) raises
  LostSegment instead of leaving the parent blocked forever on a full job queue (Whoosh's own
  `put` has no timeout); a cancelled build stops its processes. Writer processes send nothing to
  the terminal (the TUI may be on it): a lost process is detected, and the build is redone in
  this process.
- SpawnedMpWriter: the processes are started by "spawn" instead of fork. Forking a process that
  runs other threads (the TUI: the UI thread and its workers) can leave the child holding a lock no
  thread will release. Spawned writers start a fresh interpreter (about 0.3 s each, imports
  included) and get their jobs through queues made for spawning. They are daemons: a build
  abandoned on quit does not keep the app from exiting.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from multiprocessing.context import SpawnProcess

from whoosh.multiproc import MpWriter, SubWriterTask

from reader.core.processes import start_resource_tracker

_SPAWN = multiprocessing.get_context("spawn")
PUT_WAIT = 0.2  # seconds between checks that the writer processes are alive, while the queue is full
FINISH_WAIT = 300.0  # seconds a writer process may take to write its segment at commit (healthy: a few)


class LostSegment(Exception):
    """A writer process did not deliver its segment."""


class QuietSubWriter(SubWriterTask):
    """A writer process whose errors do not reach the terminal (the parent notices the loss).

    MpWriter's commit waits for each process with `join()`; a process that hangs is given up
    after FINISH_WAIT (its segment is then missing, which the build detects)."""

    def join(self, timeout: float | None = None) -> None:
        super().join(FINISH_WAIT if timeout is None else timeout)

    def run(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        super().run()


class SpawnedSubWriter(QuietSubWriter):
    """One writer process, started by spawn."""

    _Popen = staticmethod(SpawnProcess._Popen)


class _CheckedQueue:
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


class CheckedMpWriter(MpWriter):
    task_class: type[SubWriterTask] = QuietSubWriter
    daemon = False

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._jobs, self.resultqueue = self._queues()  # what the processes read and write
        self.jobqueue = _CheckedQueue(self._jobs, self.tasks)  # what MpWriter writes to

    def _queues(self) -> tuple:
        """The job and result queues the writer processes use (MpWriter's own, for fork)."""
        return self.jobqueue, self.resultqueue

    def _new_task(self) -> SubWriterTask:
        task = self.task_class(
            self.storage, self.indexname, self._jobs, self.resultqueue, self.subargs, self.multisegment
        )
        task.daemon = self.daemon
        self.tasks.append(task)
        task.start()
        return task

    def commit(self, *args, **kwargs) -> None:
        try:
            super().commit(*args, **kwargs)
        finally:
            self._stop_tasks()  # after a healthy commit they have all ended already

    def cancel(self) -> None:
        try:
            if not self.is_closed:  # a failed commit may have closed it already
                super().cancel()
        finally:
            self._stop_tasks()

    def _stop_tasks(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.kill()  # SIGKILL: also ends a stopped or hung process
                task.join(1)


class SpawnedMpWriter(CheckedMpWriter):
    task_class = SpawnedSubWriter
    daemon = True

    def _queues(self) -> tuple:
        # MpWriter's queues are the default (fork) kind, whose semaphores a spawned child cannot open.
        start_resource_tracker()
        return _SPAWN.Queue(self.procs * 4), _SPAWN.Queue()
