"""Every path Digest Reader writes to or reads from the user's machine, in one place.

Data dir: bookmarks and read state. Cache dir: the search index and the parse cache.
Config dir: config.toml. All follow platformdirs (and so XDG_* variables on Linux).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from platformdirs import PlatformDirs

from reader import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _dirs() -> PlatformDirs:
    # Built on each call so tests (and users) can redirect with XDG_* at any time.
    return PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def config_dir() -> Path:
    return Path(_dirs().user_config_dir)


def bookmarks_file() -> Path:
    return data_dir() / "bookmarks.json"


def read_state_file() -> Path:
    return data_dir() / "read-state.json"


def saved_searches_file() -> Path:
    return data_dir() / "saved-searches.json"


def search_history_file() -> Path:
    return data_dir() / "search-history.json"


def settings_file() -> Path:
    return data_dir() / "settings.json"


def config_file() -> Path:
    return config_dir() / "config.toml"


def index_dir() -> Path:
    return cache_dir() / "index"


def library_indexes_dir() -> Path:
    """Where `--library` runs keep their own search indexes (one folder per set of paths)."""
    return cache_dir() / "index-libraries"


LIBRARY_INDEX_NAME = re.compile(r"[0-9a-f]{16}")  # the folder names library_index_dir makes


def library_index_dir(paths: list[Path] | None) -> Path:
    """The search index of a library: the configured library's (`paths` None), or for a
    `--library` run one of its own, keyed by its paths, so the configured one is left alone."""
    if paths is None:
        return index_dir()
    joined = "\n".join(sorted({os.path.realpath(os.path.expanduser(path)) for path in paths}))
    key = hashlib.blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return library_indexes_dir() / key


def parse_cache_dir() -> Path:
    return cache_dir() / "parsed"


def _bundled(name: str) -> Path:
    """A folder shipped with the app: inside the wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / name
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    return _bundled("seeds")


def styles_dir() -> Path:
    return _bundled("styles")
