"""Writer processes: one per CPU, spawned or forked, niced in the background, ended with their
parent, never waited for forever."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from multiprocessing.context import SpawnProcess

from whoosh.multiproc import MpWriter, SubWriterTask

from reader.core.processes import start_resource_tracker
from reader.core.search.engine_patches.term_pool import TermPoolWriter, chosen_for
from reader.core.search.write.processes import CheckedQueue, exit_with_parent

_SPAWN = multiprocessing.get_context("spawn")
FINISH_WAIT = 300.0  # seconds a writer process may take to write its segment at commit (healthy: a few)


class QuietSubWriter(SubWriterTask):
    """A writer process that stays off the terminal, ends with its parent, and is waited for at
    most FINISH_WAIT at commit (its segment is then missing, which the build detects). With a
    `niceness`, it yields the CPUs to the rest (parsing while the library loads, the app). With
    term_pool on, its writer is a TermPoolWriter."""

    niceness = 0

    def start(self) -> None:
        self.parent_pid = os.getpid()
        super().start()

    def join(self, timeout: float | None = None) -> None:
        super().join(FINISH_WAIT if timeout is None else timeout)

    def run(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        threading.Thread(target=exit_with_parent, args=(self.parent_pid,), daemon=True).start()
        gc.disable()  # a short-lived process whose pool only grows: the collector's passes are waste
        if self.niceness:
            try:
                os.nice(self.niceness)
            except OSError:
                pass
        ix = self.storage.open_index(self.indexname)
        if not self.multisegment or not chosen_for(ix.schema):
            super().run()
            return
        writer = self.writer = TermPoolWriter(ix, _lk=False, **self.kwargs)
        while self.running:  # Whoosh's SubWriterTask.run, with our writer and one segment each
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        self.resultqueue.put((None, fieldnames, writer._finalize_segment()), timeout=5)


class SpawnedSubWriter(QuietSubWriter):
    _Popen = staticmethod(SpawnProcess._Popen)  # spawn, not fork: safe in a process running threads


class CheckedMpWriter(MpWriter):
    """Whoosh's MpWriter whose lost processes raise LostSegment instead of hanging the build."""

    task_class: type[SubWriterTask] = QuietSubWriter
    daemon = False

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._jobs, self.resultqueue = self._queues()  # what the processes read and write
        self.jobqueue = CheckedQueue(self._jobs, self.tasks)  # what MpWriter writes to

    def _queues(self) -> tuple:
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
            self.stop_tasks()

    def cancel(self) -> None:
        try:
            if not self.is_closed:  # a failed commit may have closed it already
                super().cancel()
        finally:
            self.stop_tasks()

    def stop_tasks(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.kill()  # SIGKILL: also ends a stopped or hung process
                task.join(1)


class SpawnedMpWriter(CheckedMpWriter):
    """The same, its processes spawned (daemons: a build abandoned on quit never delays the exit)."""

    task_class = SpawnedSubWriter
    daemon = True

    def _queues(self) -> tuple:
        # MpWriter's queues are the default (fork) kind, whose semaphores a spawned child cannot open.
        start_resource_tracker()
        return _SPAWN.Queue(self.procs * 4), _SPAWN.Queue()


class BackgroundSubWriter(SpawnedSubWriter):
    niceness = 10


class BackgroundMpWriter(SpawnedMpWriter):
    """Spawned writer processes at a lower priority: a build that runs while the library loads
    leaves the CPUs to parsing first."""

    task_class = BackgroundSubWriter
