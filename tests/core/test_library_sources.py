"""Which source each issue is from: the file or folder of the library it was read from; a folder
holding one newsletter per subfolder counts each subfolder as a source."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library, load_library, source_labels
from reader.core.model import Issue


def digest(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n## Item\n\nText.\n", "utf-8")


def test_each_root_is_a_source(tmp_path: Path) -> None:
    digest(tmp_path / "news" / "a.md", "A")
    digest(tmp_path / "news" / "b.md", "B")
    digest(tmp_path / "single.md", "Single")
    library = load_library([tmp_path / "news", tmp_path / "single.md"], use_cache=False)
    assert library.roots == [tmp_path / "news", tmp_path / "single.md"]
    labels = source_labels(library)
    assert labels == {"a": "news", "b": "news", "single": "single.md"}


def test_an_archive_of_newsletter_folders_gives_a_source_each(tmp_path: Path) -> None:
    digest(tmp_path / "archive" / "weekly" / "2024" / "w1.md", "W1")
    digest(tmp_path / "archive" / "weekly" / "w2.md", "W2")
    digest(tmp_path / "archive" / "monthly" / "m1.md", "M1")
    digest(tmp_path / "archive" / "notes.md", "Notes")
    labels = source_labels(load_library([tmp_path / "archive"], use_cache=False))
    assert labels == {"w1": "weekly", "w2": "weekly", "m1": "monthly", "notes": "archive"}


def test_one_newsletter_in_one_subfolder_keeps_the_root_name(tmp_path: Path) -> None:
    digest(tmp_path / "blog" / "_posts" / "p1.md", "P1")
    digest(tmp_path / "blog" / "_posts" / "p2.md", "P2")
    labels = source_labels(load_library([tmp_path / "blog"], use_cache=False))
    assert set(labels.values()) == {"blog"}


def test_a_library_built_by_hand_names_the_folder() -> None:
    library = Library(issues=[Issue(id="x", title="X", source="/some/where/news/x.md")])
    assert source_labels(library) == {"x": "news"}


def test_a_configured_label_names_its_source(tmp_path: Path) -> None:
    from reader.core.config import Config, save_config

    digest(tmp_path / "news" / "a.md", "A")
    digest(tmp_path / "single.md", "Single")
    digest(tmp_path / "archive" / "weekly" / "w1.md", "W1")
    digest(tmp_path / "archive" / "monthly" / "m1.md", "M1")
    digest(tmp_path / "archive" / "notes.md", "Notes")
    config = Config()
    config.add_source(tmp_path / "news", label="AI weekly")
    config.add_source(tmp_path / "single.md")
    config.add_source(tmp_path / "archive", label="Archive")
    save_config(config)
    library = load_library(config.source_paths(), use_cache=False)
    assert source_labels(library) == {
        "a": "AI weekly",
        "single": "single.md",
        "w1": "weekly",  # a newsletter folder inside a source keeps its own name
        "m1": "monthly",
        "notes": "Archive",
    }
    assert source_labels(library, {str(tmp_path / "single.md"): "One"})["single"] == "One"
