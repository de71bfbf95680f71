"""The user's configuration (`config.toml` in the config dir): library sources and options.

    version = 1
    bundled_seeds = true          # show the digests that ship with the app
    sources = ["/home/me/newsletters"]   # files and folders, read recursively

    [keys]                        # the app's keys, by command id (see the README)
    toggle_bookmark = "x"
    "list.page_down" = ["pagedown", "ctrl+f"]

Sources added with `digests add` are stored as absolute paths; `~` is expanded and a relative path
written by hand is taken relative to the config dir. Keys this version does not know are kept.
A config that cannot be read or parsed is never written over (see `load_config`). A bad entry of
`[keys]` is reported (`Config.key_problems`) and left out; the rest of the config still applies.
"""

from __future__ import annotations

import errno
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from reader.core.locations import config_file
from reader.core.regular_files import NotReadable, read_regular
from reader.core.storage import StorageError, atomic_write_text, describe_os_error

CONFIG_VERSION = 1


def normalized(path: str | Path, base: Path | None = None) -> str:
    """The absolute form of a source path: `~` expanded, `..` folded (symlinks are kept)."""
    expanded = Path(os.path.expanduser(path))
    if not expanded.is_absolute() and base is not None:
        expanded = base / expanded
    return os.path.abspath(expanded)


@dataclass
class Config:
    sources: list[str] = field(default_factory=list)
    bundled_seeds: bool = True
    warnings: list[str] = field(default_factory=list)
    path: Path = field(default_factory=config_file)
    extra: dict[str, Any] = field(default_factory=dict)
    blocked: str = ""  # why the file on disk could not be read: it is never saved over
    keys: dict[str, str] = field(default_factory=dict)  # command id -> "key,key" (the [keys] table)
    key_problems: list[str] = field(default_factory=list)

    def source_paths(self) -> list[Path]:
        return [Path(normalized(s, self.path.parent)) for s in self.sources]

    def find_source(self, path: str | Path) -> str | None:
        """The configured source that is `path` (as typed, or the same absolute path)."""
        wanted = normalized(path)
        return next(
            (s for s in self.sources if s == str(path) or normalized(s, self.path.parent) == wanted), None
        )

    def covering_source(self, path: str | Path) -> str | None:
        """The configured source that is `path` or a folder holding it."""
        wanted = Path(normalized(path))
        for source, resolved in zip(self.sources, self.source_paths()):
            if wanted == resolved or wanted.is_relative_to(resolved):
                return source
        return None

    def add_source(self, path: str | Path) -> str:
        """Add `path` (stored absolute) and return the stored form."""
        stored = normalized(path)
        self.sources.append(stored)
        return stored

    def remove_source(self, path: str | Path) -> str | None:
        """Remove the source that is `path`; return it, or None when it was not a source."""
        found = self.find_source(path)
        if found is not None:
            self.sources.remove(found)
        return found


MAX_CONFIG_BYTES = 2**20


def _unreadable(path: Path, why: str) -> Config:
    """The defaults for this run, with saving blocked: the file on disk stays exactly as it is."""
    return Config(
        path=path,
        blocked=f"{path}: {why}",
        warnings=[
            f"{why}; using the defaults for now, and changes are not saved until it is fixed or removed"
        ],
    )


def load_config(path: Path | None = None) -> Config:
    """Read config.toml; a missing file is the default config.

    A file that cannot be read (permission denied, a symlink loop, not a regular file) or parsed
    (bad TOML, unknown version, wrong types) is left as it is: this run uses the defaults, says why,
    and `save_config` refuses to write over it. The user wrote that file; only the user mends it.
    """
    path = path or config_file()
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        reason = str(exc) if isinstance(exc, NotReadable) else describe_os_error(exc)
        return _unreadable(path, f"cannot be read ({reason})")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        version = data.pop("version", CONFIG_VERSION)
        if version != CONFIG_VERSION:
            raise ValueError(f"unknown version {version!r}, this app reads {CONFIG_VERSION}")
        sources = data.pop("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise ValueError("'sources' must be a list of paths")
        seeds = data.pop("bundled_seeds", True)
        if not isinstance(seeds, bool):
            raise ValueError("'bundled_seeds' must be true or false")
        keys, key_problems = read_keys(data.get("keys", {}))  # kept in `extra`: saved as it was
        return Config(
            sources=sources, bundled_seeds=seeds, path=path, extra=data, keys=keys, key_problems=key_problems
        )
    except UnicodeDecodeError:
        return _unreadable(path, "not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        return _unreadable(path, f"not valid TOML ({exc})")
    except ValueError as exc:
        return _unreadable(path, f"not a valid config ({exc})")


def read_keys(table: object, prefix: str = "") -> tuple[dict[str, str], list[str]]:
    """The `[keys]` table as {command id: "key,key"}; nested tables give dotted ids
    (`[keys.list] page_down = ...` is "list.page_down"). Entries that are not a key or a list of
    keys are reported and left out. Which ids and keys exist is for the app to check."""
    if not isinstance(table, dict):
        return {}, ['[keys] must be a table of command = "key" lines; ignored']
    keys: dict[str, str] = {}
    problems: list[str] = []
    for name, value in table.items():
        command = f"{prefix}{name}"
        if isinstance(value, dict):
            nested, found = read_keys(value, f"{command}.")
            keys.update(nested)
            problems += found
            continue
        if isinstance(value, list) and all(isinstance(key, str) for key in value):
            value = ",".join(value)
        if isinstance(value, str) and value.replace(",", "").strip():
            keys[command] = ",".join(key.strip() for key in value.split(",") if key.strip())
        else:
            problems.append(
                f'[keys] {command} = {value!r}: not a key (write "x", "ctrl+x" or a list); ignored'
            )
    return keys, problems


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the config atomically (through a symlink, to its target); StorageError when it cannot,
    or when the file on disk could not be read when the config was loaded (it is never written over)."""
    if config.blocked:
        raise StorageError(errno.EEXIST, f"not saving: {config.blocked}; fix or remove it first")
    data = {"version": CONFIG_VERSION, "bundled_seeds": config.bundled_seeds, "sources": config.sources}
    atomic_write_text(path or config.path, tomli_w.dumps({**data, **config.extra}))
