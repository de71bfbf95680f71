"""The index's folder and what lives beside it: the update lock, builds in progress, the swap.

    index/                        the index (Whoosh files and manifest.json)
    index.lock                    held by the process updating it
    .index.building-PID           a full build in progress (moved into place when complete)
    .index.old-PID                the previous index during the swap
    index.damaged-STAMP-pidPID    a damaged index moved aside, for the user to look at

Leftovers of processes that are gone (killed mid-build or mid-swap) are removed by `tidy()`;
an index lost in the middle of a swap is put back first.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PID_SUFFIX = re.compile(r"-(?:pid)?(\d+)$")


def process_alive(pid: int) -> bool:
    """True when a process `pid` exists (it may belong to another user)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class IndexFolder:
    """The folder `path` holding one index, and its neighbours."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def exists(self) -> bool:
        from whoosh.index import exists_in

        try:
            return exists_in(str(self.path))
        except Exception:
            return False

    @contextmanager
    def writing(self, wait: float) -> Iterator[bool]:
        """Hold the cross-process update lock; yields False when another process holds it."""
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path), timeout=wait)
        try:
            lock.acquire()
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def _neighbour(self, kind: str, pid: int | None = None) -> Path:
        return self.path.with_name(f".{self.path.name}.{kind}-{os.getpid() if pid is None else pid}")

    def building(self) -> Path:
        """A fresh folder name for a full build by this process."""
        folder = self._neighbour("building")
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def swap_in(self, built: Path, damaged: bool) -> Path | None:
        """Put a complete build in place; the damaged index it replaces is moved aside (returned),
        a healthy one deleted. A kill between the two renames leaves `.old-PID`, which `tidy`
        puts back."""
        aside = None
        if self.path.exists():
            if damaged:
                aside = self._damaged_name()
                os.replace(self.path, aside)
            else:
                old = self._neighbour("old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(self.path, old)
        os.replace(built, self.path)
        shutil.rmtree(self._neighbour("old"), ignore_errors=True)
        return aside

    def _damaged_name(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-pid{os.getpid()}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}.{n}-pid{os.getpid()}")
        return target

    def leftovers(self) -> list[Path]:
        """Builds, old copies and damaged copies left by processes that are gone (damaged copies
        named before they carried a process id count as such)."""
        found = []
        name = self.path.name
        try:
            entries = list(self.path.parent.iterdir())
        except OSError:
            return []
        for entry in entries:
            match = _PID_SUFFIX.search(entry.name)
            if entry.name.startswith((f".{name}.building-", f".{name}.old-")):
                pid = int(match.group(1)) if match and "pid" not in match.group(0) else 0
            elif entry.name.startswith(f"{name}.damaged-"):
                pid = int(match.group(1)) if match and "pid" in match.group(0) else 0
            else:
                continue
            if not process_alive(pid):
                found.append(entry)
        return sorted(found)

    def tidy(self) -> list[Path]:
        """Remove the leftovers of processes that are gone; an index that a kill during the swap
        left only as `.old-PID` is put back first. Returns what was removed. Never raises."""
        removed = []
        for leftover in self.leftovers():
            try:
                if leftover.name.startswith(f".{self.path.name}.old-") and not self.path.exists():
                    os.replace(leftover, self.path)
                    continue
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
                removed.append(leftover)
            except OSError:
                continue
        return removed
