"""Waiting for an app's background workers in tests."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.worker import Worker, WorkerCancelled


async def wait_for_workers(app: App) -> None:
    """`app.workers.wait_for_complete()`, where a worker cancelled on purpose (a newer one of an
    exclusive group took over) counts as done, not as a failure; a failed worker still raises."""
    await asyncio.gather(*(_finished(worker) for worker in list(app.workers)))


async def _finished(worker: Worker) -> None:
    try:
        await worker.wait()
    except WorkerCancelled:
        pass
