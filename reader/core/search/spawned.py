"""Whoosh's MpWriter with its writer processes started by "spawn" instead of fork.

Forking a process that runs other threads (the TUI: the UI thread and its workers) can leave the
child holding a lock no thread will release. Spawned writers start a fresh interpreter (about
0.3 s each, imports included) and get their jobs through queues made for spawning. They are
daemons: a build abandoned on quit does not keep the app from exiting.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import SpawnProcess

from whoosh.multiproc import MpWriter, SubWriterTask

from reader.core.processes import start_resource_tracker

_SPAWN = multiprocessing.get_context("spawn")


class SpawnedSubWriter(SubWriterTask):
    """One writer process, started by spawn."""

    _Popen = staticmethod(SpawnProcess._Popen)


class SpawnedMpWriter(MpWriter):
    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        start_resource_tracker()
        # MpWriter's queues are the default (fork) kind, whose semaphores a spawned child cannot open.
        self.jobqueue = _SPAWN.Queue(self.procs * 4)
        self.resultqueue = _SPAWN.Queue()

    def _new_task(self) -> SpawnedSubWriter:
        task = SpawnedSubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                                self.subargs, self.multisegment)
        task.daemon = True
        self.tasks.append(task)
        task.start()
        return task
