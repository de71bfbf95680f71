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
