"""The core services the app uses, imported defensively: a missing piece disables one feature only."""

from __future__ import annotations

import importlib
from typing import Any

from reader.core import locations
from reader.core.storage import StorageError, VersionedJsonFile

SETTINGS_VERSION = 1


def optional(module: str, name: str) -> Any | None:
    """`module.name`, or None when that module is not part of this build yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):  # not built yet, or half-installed: that feature is off
        return None


def open_store(module: str, name: str, path: Any = None) -> tuple[Any | None, str | None]:
    """Instantiate a core store class; (store, message) where message reports a problem to show."""
    cls = optional(module, name)
    if cls is None:
        return None, None
    try:
        store = cls(path) if path is not None else cls()
    except OSError as exc:
        return None, f"{name} could not be opened: {exc}"
    return store, getattr(store, "message", None)


def prepare_worker_processes(paths: Any) -> None:
    """Start multiprocessing's helper process before the library parses in worker processes.

    The helper is handed `sys.stderr`'s file descriptor, and inside the app Textual's stderr
    capture has none (-1), which makes the start fail; so it is started here with the real one,
    only when the library is big enough to be parsed in parallel.
    """
    import sys

    from reader.core import library

    if paths is None:
        paths, _ = library.configured_paths()
    files, _ = library.discover(paths)
    if len(files) < 2 * getattr(library, "PARALLEL_MIN_FILES", 32):
        return
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    except Exception:  # no helper: the library parses in this process instead
        pass
    finally:
        sys.stderr = saved


class EmptyLibrary:
    """What the app shows before the library has loaded (the real Library imports every parser)."""

    issues: list = []
    warnings: list = []
    problems: list = []
    item_count = 0

    def items(self):
        return iter(())

    def issue(self, _issue_id: str):
        return None

    def find_item(self, _item_id: str):
        return None


class Settings:
    """App preferences (the theme) in the data dir as versioned JSON."""

    def __init__(self, path=None) -> None:
        self.file = VersionedJsonFile(path or locations.settings_file(), SETTINGS_VERSION)
        data, self.message = self.file.load()
        self.data: dict[str, Any] = dict(data or {})
        self.data.pop("version", None)

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) else None

    def set_theme(self, theme: str) -> str | None:
        """Remember the theme; returns an error message instead of raising."""
        if self.data.get("theme") == theme:
            return None
        self.data["theme"] = theme
        try:
            self.file.save(self.data)
        except StorageError as exc:
            return str(exc)
        return None
