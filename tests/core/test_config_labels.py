"""config.toml sources with labels: `{ path, label }` tables beside plain paths, read and written
back; a bad entry is reported, left out of the library and kept in the file; version 1 still reads."""

from __future__ import annotations

import tomllib

import pytest

from reader.core.config import CONFIG_VERSION, Config, check_label, load_config, save_config
from reader.core.library import configured_paths
from reader.core.locations import config_file


def write(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


def saved() -> dict:
    return tomllib.loads(config_file().read_text(encoding="utf-8"))


def test_labels_round_trip_beside_plain_paths() -> None:
    config = Config()
    config.add_source("/news/plain")
    config.add_source("/news/ai", label="  AI   weekly ")
    save_config(config)
    assert saved()["version"] == CONFIG_VERSION == 2
    assert saved()["sources"] == ["/news/plain", {"path": "/news/ai", "label": "AI weekly"}]
    again = load_config()
    assert again.sources == ["/news/plain", "/news/ai"] and again.warnings == []
    assert again.labels == {"/news/ai": "AI weekly"}
    assert again.labels_by_path() == {"/news/ai": "AI weekly"}
    again.set_label("/news/ai", None)
    save_config(again)
    assert saved()["sources"] == ["/news/plain", "/news/ai"]


def test_a_version_1_file_reads_and_is_written_as_the_current_version() -> None:
    write('version = 1\nsources = ["/old"]\n')
    config = load_config()
    assert config.sources == ["/old"] and not config.blocked and config.warnings == []
    save_config(config)
    assert saved() == {"version": CONFIG_VERSION, "bundled_seeds": True, "sources": ["/old"]}


@pytest.mark.parametrize("version", ["3", "true", "2.0"])
def test_an_unknown_version_is_left_alone(version: str) -> None:
    write(f'version = {version}\nsources = [{{ path = "/a", label = "A" }}]\n')
    config = load_config()
    assert config.blocked and config.sources == []


def test_bad_entries_are_reported_ignored_and_kept_in_place() -> None:
    write(
        "version = 2\nsources = [\n"
        '  "/good",\n'
        '  { path = "/bad-label", label = 5 },\n'
        '  { label = "no path" },\n'
        '  { path = "/empty-label", label = "   " },\n'
        "  7,\n"
        '  "",\n'
        '  { path = "/escape", label = "a\\u001b[31mb" },\n'
        '  { path = "/labelled", label = "Fine", colour = "red" },\n'
        "]\n"
    )
    config = load_config()
    assert not config.blocked
    assert config.sources == ["/good", "/labelled"] and config.labels == {"/labelled": "Fine"}
    assert len(config.warnings) == 6
    assert "sources entry 2" in config.warnings[0] and "a label must be text" in config.warnings[0]
    assert "has no path" in config.warnings[1] and "cannot be empty" in config.warnings[2]
    assert "not a path" in config.warnings[3] and "control" in config.warnings[5]
    paths, problems = configured_paths(config)
    assert [str(p) for p in paths[-2:]] == ["/good", "/labelled"] and len(problems) == 6
    before = saved()["sources"]
    config.add_source("/new", label="New")
    save_config(config)
    after = saved()["sources"]
    assert after[: len(before)] == before, "every entry kept as it was, in its place"
    assert after[len(before) :] == [{"path": "/new", "label": "New"}]
    assert after[-2] == {"path": "/labelled", "label": "Fine", "colour": "red"}


def test_removing_a_source_drops_its_label() -> None:
    config = Config()
    config.add_source("/a", label="A")
    assert config.remove_source("/a") == "/a" and config.labels == {}
    save_config(config)
    assert saved()["sources"] == []


@pytest.mark.parametrize(
    ("value", "why"),
    [(None, "text"), ("", "empty"), ("a\u202eb", "control"), ("x" * 81, "at most")],
)
def test_check_label_says_why(value: object, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        check_label(value)
