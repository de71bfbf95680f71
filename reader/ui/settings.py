"""App preferences in the data dir, as versioned JSON written atomically: the theme, how the issues
are listed (sort, hidden read items), and per library where the user left off.

    {"version": 1, "theme": "nord", "sort": "title", "hide_read": true,
     "places": {"<library key>": {"issue": "...", "item": "...", "line": 12, "pane": "detail",
                                   "source": "lwkd"}}}

Values of the wrong type (a hand-edited file) read as unset. Saving may run in a worker: the data
is copied under a lock first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core import locations
from reader.core.storage import StorageError, VersionedJsonFile

SETTINGS_VERSION = 1
SORTS = ("date", "title", "source")
PANES = ("issues", "items", "detail")
MAX_PLACES = 50  # libraries remembered; the least recently read go first


def library_key(paths: list[Path] | None) -> str:
    """A library's name in the settings: the one its search index has (the configured library's,
    or a hash of the `--library` paths)."""
    return locations.library_index_dir(paths).name


@dataclass(frozen=True)
class Place:
    """Where the user was in one library: the issue, the item (None: the issue's own page), the
    first line of the text on screen, the focused pane and the source shown (None: all)."""

    issue: str
    item: str | None = None
    line: int = 0
    pane: str = "items"
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "item": self.item,
            "line": self.line,
            "pane": self.pane,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: object) -> Place | None:
        if not isinstance(data, dict) or not isinstance(data.get("issue"), str):
            return None
        item, line, pane, source = (data.get(key) for key in ("item", "line", "pane", "source"))
        return cls(
            data["issue"],
            item if isinstance(item, str) else None,
            line if isinstance(line, int) and not isinstance(line, bool) and line >= 0 else 0,
            pane if pane in PANES else "items",
            source if isinstance(source, str) else None,
        )


class Settings:
    """The user's app preferences; `message` says what went wrong reading them (None when fine)."""

    def __init__(self, path: Path | None = None) -> None:
        self.file = VersionedJsonFile(path or locations.settings_file(), SETTINGS_VERSION)
        data, self.message = self.file.load()
        self.data: dict[str, Any] = dict(data or {})
        self.data.pop("version", None)
        self._lock = threading.Lock()  # guards `data`
        self._saving = threading.Lock()

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) else None

    @property
    def sort(self) -> str:
        value = self.data.get("sort")
        return value if value in SORTS else "date"

    @property
    def hide_read(self) -> bool:
        return self.data.get("hide_read") is True

    def place(self, key: str) -> Place | None:
        places = self.data.get("places")
        return Place.from_json(places.get(key)) if isinstance(places, dict) else None

    # -- changes ----------------------------------------------------------------------------------
    def set_theme(self, theme: str) -> str | None:
        """Remember the theme; returns an error message instead of raising."""
        return self.update(theme=theme)

    def update(self, save: bool = True, **values: object) -> str | None:
        """Remember some values and save them (unless `save` is False: the caller saves later); an
        error message instead of raising."""
        with self._lock:
            if all(self.data.get(key) == value for key, value in values.items()):
                return None
            self.data.update(values)
        return self.save() if save else None

    def remember_place(self, key: str, place: Place) -> bool:
        """Note where the user is (saved by the next `save`); False when nothing changed."""
        with self._lock:
            places = self.data.get("places")
            places = dict(places) if isinstance(places, dict) else {}
            if places.get(key) == place.to_json():
                return False
            places.pop(key, None)
            places[key] = place.to_json()  # the most recent last
            while len(places) > MAX_PLACES:
                places.pop(next(iter(places)))
            self.data["places"] = places
        return True

    def save(self) -> str | None:
        """Write the settings atomically; an error message instead of raising."""
        with self._saving:  # one write at a time, each of the latest values
            with self._lock:
                data = dict(self.data)
            try:
                self.file.save(data)
            except StorageError as exc:
                return str(exc)
        return None
