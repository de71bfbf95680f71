"""config.toml: defaults, round trip, sources kept absolute; a file that cannot be read is never
saved over; a symlinked one is saved through the link."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from reader.core.config import CONFIG_VERSION, Config, load_config, save_config
from reader.core.locations import config_file
from reader.core.storage import StorageError


def test_missing_config_is_the_default() -> None:
    config = load_config()
    assert config.sources == [] and config.bundled_seeds is True and config.warnings == []
    assert not config_file().exists()


def test_round_trip_with_a_version_key(tmp_path: Path) -> None:
    save_config(Config(sources=[str(tmp_path / "a b, c"), str(tmp_path / "日本")], bundled_seeds=False))
    data = tomllib.loads(config_file().read_text(encoding="utf-8"))
    assert data["version"] == CONFIG_VERSION
    config = load_config()
    assert config.sources == [str(tmp_path / "a b, c"), str(tmp_path / "日本")]
    assert config.bundled_seeds is False and config.warnings == []


def test_unknown_keys_survive_a_save() -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('version = 1\ntheme = "dark"\n\n[future]\nx = 1\n', encoding="utf-8")
    config = load_config()
    config.add_source("/tmp")
    save_config(config)
    data = tomllib.loads(config_file().read_text(encoding="utf-8"))
    assert data["theme"] == "dark" and data["future"] == {"x": 1} and data["sources"] == ["/tmp"]


@pytest.mark.parametrize(
    "text",
    [
        "this is = not [toml",
        "version = 7\n",
        'sources = "/just/a/string"\n',
        'bundled_seeds = "no"\n',
    ],
    ids=["syntax", "unknown-version", "sources-not-a-list", "seeds-not-bool"],
)
def test_a_broken_config_is_left_alone_and_never_saved_over(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = load_config()
    assert config.sources == [] and config.bundled_seeds is True
    assert config.blocked and len(config.warnings) == 1
    assert config.blocked.startswith(f"{path}: not ") and "changes are not saved" in config.warnings[0]
    config.add_source("/tmp")
    with pytest.raises(StorageError, match=r"not saving: .*config\.toml: not (valid TOML|a valid config)"):
        save_config(config)
    assert path.read_text(encoding="utf-8") == text
    assert list(path.parent.iterdir()) == [path]


def test_a_config_that_is_not_utf8_is_left_alone() -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_bytes(b'sources = ["\xff\xfe"]\n')
    config = load_config()
    assert "config.toml: not UTF-8 text" in config.blocked
    with pytest.raises(StorageError):
        save_config(config)
    assert config_file().read_bytes() == b'sources = ["\xff\xfe"]\n'


def test_an_unreadable_config_is_never_saved_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the tests may run as root, who reads anything), then a
    symlink loop (real)."""
    from reader.core import config as config_module

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('sources = ["/my/letters"]\n', encoding="utf-8")

    def denied(*_args: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    with monkeypatch.context() as patch:
        patch.setattr(config_module, "read_regular", denied)
        config = load_config()
    assert config.blocked == f"{path}: cannot be read (Permission denied)"
    assert config.sources == [] and "using the defaults" in config.warnings[0]
    config.add_source("/tmp")
    with pytest.raises(
        StorageError, match=r"not saving: .*config.toml: cannot be read \(Permission denied\)"
    ):
        save_config(config)
    assert path.read_text(encoding="utf-8") == 'sources = ["/my/letters"]\n'

    path.unlink()
    loop = path.parent / "loop.toml"
    path.symlink_to(loop)
    loop.symlink_to(path)
    looped = load_config()
    assert "cannot be read" in looped.blocked and "symbolic links" in looped.blocked
    with pytest.raises(StorageError, match="not saving"):
        save_config(looped)
    assert path.is_symlink() and loop.is_symlink()


def test_a_fifo_named_config_toml_does_not_hang() -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    config_file().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(config_file())
    config = load_config()
    assert "not a regular file" in config.blocked


def test_a_symlinked_config_is_saved_to_its_target_and_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "digest-reader.toml"
    target.write_text('version = 1\nsources = ["/old"]\n', encoding="utf-8")
    target.chmod(0o640)
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().symlink_to(os.path.relpath(target, config_file().parent))
    config = load_config()
    assert config.sources == ["/old"]
    config.add_source("/new")
    save_config(config)
    assert config_file().is_symlink() and config_file().resolve() == target
    assert tomllib.loads(target.read_text(encoding="utf-8"))["sources"] == ["/old", "/new"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in dotfiles.iterdir()) == ["digest-reader.toml"]  # no temp file left


def test_a_dangling_config_link_is_saved_to_where_it_points(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "digest-reader.toml"
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().symlink_to(target)
    config = load_config()
    assert config.warnings == [] and not config.blocked
    config.add_source("/new")
    save_config(config)
    assert config_file().is_symlink()
    assert tomllib.loads(target.read_text(encoding="utf-8"))["sources"] == ["/new"]


def test_sources_are_stored_absolute_and_matched_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    config = Config()
    assert config.add_source("news/../news") == str(tmp_path / "news")
    assert config.find_source("news") == str(tmp_path / "news")
    assert config.covering_source(tmp_path / "news" / "2020" / "x.md") == str(tmp_path / "news")
    assert config.covering_source(tmp_path / "newsletters") is None
    assert config.remove_source(str(tmp_path / "news")) == str(tmp_path / "news")
    assert config.sources == [] and config.remove_source("news") is None


def test_hand_written_paths_expand_home_and_resolve_against_the_config_dir(tmp_path: Path) -> None:
    config = Config(sources=["~/letters", "relative/folder"], path=tmp_path / "config.toml")
    home = Path.home()
    assert config.source_paths() == [home / "letters", tmp_path / "relative" / "folder"]
