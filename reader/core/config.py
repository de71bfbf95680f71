"""The user's configuration (`config.toml` in the config dir): library sources and options.

    version = 2
    bundled_seeds = true          # show the digests that ship with the app
    sources = [                   # files and folders, read recursively
        "/home/me/newsletters",
        { path = "/home/me/mail/import-ai", label = "AI weekly" },   # shown and matched by its label
    ]

    [keys]                        # the app's keys, by command id (see the README)
    toggle_bookmark = "x"
    "list.page_down" = ["pagedown", "ctrl+f"]

Sources added with `digests add` are stored as absolute paths; `~` is expanded and a relative path
written by hand is taken relative to the config dir. Keys this version does not know are kept.
A config that cannot be read or parsed is never written over (see `load_config`). A bad entry of
`[keys]` is reported (`Config.key_problems`) and left out; a bad entry of `sources` (no path, a
label that is not text) is reported (`Config.warnings`), left out of the library and written back
as it was; the rest of the config still applies. Version 1 (sources as paths only) is read as is.
"""

from __future__ import annotations

import errno
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from reader.core.locations import config_file
from reader.core.regular_files import NotReadable, read_regular
from reader.core.storage import StorageError, atomic_write_text, describe_os_error

CONFIG_VERSION = 2
READABLE_VERSIONS = (1, 2)  # 1: sources are paths; 2: also { path, label } tables (1 needs no change)
MAX_LABEL = 80


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
    labels: dict[str, str] = field(default_factory=dict)  # a source (as stored) -> its label
    # Per source, the keys of its table other than path and label (from a newer version): kept.
    source_extra: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Entries of `sources` that are not understood, with their place: reported, and saved as they were.
    kept_entries: list[tuple[int, Any]] = field(default_factory=list)

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

    def labels_by_path(self) -> dict[str, str]:
        """Each labelled source's absolute path -> its label."""
        return {
            normalized(s, self.path.parent): label for s, label in self.labels.items() if s in self.sources
        }

    def add_source(self, path: str | Path, label: str | None = None) -> str:
        """Add `path` (stored absolute), with its label if any, and return the stored form."""
        stored = normalized(path)
        self.sources.append(stored)
        self.set_label(stored, label)
        return stored

    def set_label(self, source: str, label: str | None) -> None:
        """Label the configured `source` (as stored); None removes its label."""
        if label is None:
            self.labels.pop(source, None)
        else:
            self.labels[source] = check_label(label)

    def remove_source(self, path: str | Path) -> str | None:
        """Remove the source that is `path`; return it, or None when it was not a source."""
        found = self.find_source(path)
        if found is not None:
            self.sources.remove(found)
            if found not in self.sources:
                self.labels.pop(found, None)
                self.source_extra.pop(found, None)
        return found

    def source_entries(self) -> list[Any]:
        """`sources` as written to the file: a path, or a table where there is a label (or more)."""
        entries: list[Any] = []
        for source in self.sources:
            label = {"label": self.labels[source]} if source in self.labels else {}
            table = {"path": source, **label, **self.source_extra.get(source, {})}
            entries.append(table if len(table) > 1 else source)
        for index, entry in self.kept_entries:
            entries.insert(min(index, len(entries)), entry)
        return entries


def check_label(value: object) -> str:
    """`value` as a source label (spaces around it dropped); ValueError saying why it cannot be one."""
    if not isinstance(value, str):
        raise ValueError("a label must be text")
    label = " ".join(value.split())
    if not label:
        raise ValueError("a label cannot be empty")
    if any(unicodedata.category(char).startswith("C") for char in label):
        raise ValueError("a label cannot hold control or format characters")
    if len(label) > MAX_LABEL:
        raise ValueError(f"a label is at most {MAX_LABEL} characters")
    return label


def read_sources(entries: list[Any], config: Config) -> None:
    """Fill `config`'s sources, labels and kept entries from the `sources` list; each entry that
    is neither a path nor a { path, label } table is reported in `config.warnings` and kept."""
    for index, entry in enumerate(entries):
        try:
            path, label, extra = _source_entry(entry)
        except ValueError as exc:
            config.kept_entries.append((index, entry))
            shown = repr(entry) if len(repr(entry)) <= 60 else repr(entry)[:59] + "…"
            config.warnings.append(f"sources entry {index + 1} ({shown}): {exc}; ignored (left in the file)")
            continue
        config.sources.append(path)
        if label is not None:
            config.labels[path] = label
        if extra:
            config.source_extra[path] = extra


def _source_entry(entry: object) -> tuple[str, str | None, dict[str, Any]]:
    """(path, label, the table's other keys) of one entry of `sources`; ValueError saying why not."""
    if isinstance(entry, str) and entry.strip():
        return entry, None, {}
    if not isinstance(entry, dict):
        raise ValueError("not a path or a { path = ..., label = ... } table")
    path = entry.get("path")
    if not isinstance(path, str) or not path.strip():
        raise ValueError("it has no path")
    label = check_label(entry["label"]) if "label" in entry else None
    return path, label, {key: value for key, value in entry.items() if key not in ("path", "label")}


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
        if type(version) is not int or version not in READABLE_VERSIONS:
            raise ValueError(f"unknown version {version!r}, this app reads up to {CONFIG_VERSION}")
        sources = data.pop("sources", [])
        if not isinstance(sources, list):
            raise ValueError("'sources' must be a list of paths")
        seeds = data.pop("bundled_seeds", True)
        if not isinstance(seeds, bool):
            raise ValueError("'bundled_seeds' must be true or false")
        keys, key_problems = read_keys(data.get("keys", {}))  # kept in `extra`: saved as it was
        config = Config(bundled_seeds=seeds, path=path, extra=data, keys=keys, key_problems=key_problems)
        read_sources(sources, config)
        return config
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
    data = {
        "version": CONFIG_VERSION,
        "bundled_seeds": config.bundled_seeds,
        "sources": config.source_entries(),
    }
    atomic_write_text(path or config.path, tomli_w.dumps({**data, **config.extra}))
