"""config.toml: defaults, round trip, sources kept absolute, broken files moved aside."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.core.config import Config, load_config, save_config
from reader.core.locations import config_file


def test_missing_config_is_the_default() -> None:
    config = load_config()
    assert config.sources == [] and config.bundled_seeds is True and config.warnings == []
    assert not config_file().exists()


def test_round_trip_with_a_version_key(tmp_path: Path) -> None:
    save_config(Config(sources=[str(tmp_path / "a b, c"), str(tmp_path / "日本")], bundled_seeds=False))
    data = tomllib.loads(config_file().read_text(encoding="utf-8"))
    assert data["version"] == 1
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
        "sources = [1, 2]\n",
        'bundled_seeds = "no"\n',
    ],
    ids=["syntax", "unknown-version", "sources-not-a-list", "sources-not-paths", "seeds-not-bool"],
)
def test_a_broken_config_is_moved_aside_and_defaults_used(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = load_config()
    assert config.sources == [] and config.bundled_seeds is True
    assert len(config.warnings) == 1 and "moved it to" in config.warnings[0]
    assert not path.exists()
    [aside] = path.parent.glob("config.toml.corrupt-*")
    assert aside.read_text(encoding="utf-8") == text


def test_a_config_that_is_not_utf8_is_moved_aside() -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_bytes(b'sources = ["\xff\xfe"]\n')
    assert "moved it to" in load_config().warnings[0]


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


def test_broken_config_that_cannot_be_moved_is_never_saved_over(isolated_user_dirs, monkeypatch) -> None:
    import pytest

    from reader.core import config as config_module
    from reader.core.storage import StorageError

    path = config_module.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("this is [not toml", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(config_module, "move_aside", refuse)
    config = config_module.load_config()
    assert config.blocked and "could not move it aside" in config.warnings[0]
    config.add_source(str(isolated_user_dirs["data"]))
    with pytest.raises(StorageError):
        config_module.save_config(config)
    assert path.read_text(encoding="utf-8") == "this is [not toml"
