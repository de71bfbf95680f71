"""App preferences (the theme) in the data dir, as versioned JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core import locations
from reader.core.storage import StorageError, VersionedJsonFile

SETTINGS_VERSION = 1


class Settings:
    """The user's app preferences; `message` says what went wrong reading them (None when fine)."""

    def __init__(self, path: Path | None = None) -> None:
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
