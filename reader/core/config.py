"""The user's configuration (`config.toml` in the config dir): library sources and options.

    version = 1
    bundled_seeds = true          # show the digests that ship with the app
    sources = ["~/newsletters"]   # files and folders, read recursively
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from reader.core.locations import config_file
from reader.core.storage import atomic_write_text, move_aside

CONFIG_VERSION = 1


@dataclass
class Config:
    sources: list[str] = field(default_factory=list)
    bundled_seeds: bool = True
    warnings: list[str] = field(default_factory=list)


def load_config(path: Path | None = None) -> Config:
    """Read config.toml; a missing file is the default config, a broken one is moved aside."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return Config(warnings=[f"cannot read {path} ({exc.strerror}); using defaults"])
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        version = data.get("version", CONFIG_VERSION)
        if version != CONFIG_VERSION:
            raise ValueError(f"unknown version {version!r}")
        sources = data.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise ValueError("'sources' must be a list of paths")
        return Config(sources=sources, bundled_seeds=bool(data.get("bundled_seeds", True)))
    except (ValueError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        moved = move_aside(path)
        return Config(warnings=[f"{path} was unreadable ({exc}); moved it to {moved}, using defaults"])


def save_config(config: Config, path: Path | None = None) -> None:
    path = path or config_file()
    data = {"version": CONFIG_VERSION, "bundled_seeds": config.bundled_seeds, "sources": config.sources}
    atomic_write_text(path, tomli_w.dumps(data))
