"""More like this: items of other issues most similar to one item (SearchIndex.related)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library import load_library
from reader.core.search import SearchIndex


def digest(folder: Path, name: str, date: str, items: dict[str, str], intro: str = "") -> None:
    head = (
        f"---\ntitle: {name}\ndate: {date}\n---\n\n{intro}\n\n"
        if intro
        else f"---\ntitle: {name}\ndate: {date}\n---\n\n"
    )
    body = "\n".join(f"## {title}\n\n{text}\n" for title, text in items.items())
    (folder / f"{name}.md").write_text(head + body, encoding="utf-8")


FILLER = "Notes on tooling, releases and community events from around the ecosystem this week."


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("related")
    digest(
        folder,
        "weekly-1",
        "2024-01-01",
        {
            "Quantum annealing with superconducting qubits": "Annealing schedules for qubits on superconducting "
            "hardware; decoherence limits how long annealing runs. Qubits and annealing again.",
            "Annealing in the same issue": "Quantum annealing qubits superconducting, but this issue is the same.",
        },
        intro="Quantum annealing qubits superconducting in the intro too.",
    )
    digest(
        folder,
        "weekly-2",
        "2024-02-01",
        {
            "Superconducting qubits get longer coherence": "Qubits on superconducting chips: annealing and "
            "decoherence, measured.",
            "Pasta for the team": "Boil water, salt it, cook pasta; a recipe the team loves.",
        },
    )
    digest(
        folder,
        "weekly-3",
        "2024-03-01",
        {"Annealing steel": "Metallurgists use annealing to soften steel.", "Tooling": FILLER},
    )
    for number in range(4, 30):  # enough other documents for the key terms to be telling
        digest(
            folder, f"weekly-{number}", f"2024-04-{number:02d}", {f"Item {number}": FILLER, "Misc": FILLER}
        )
    built = SearchIndex(tmp_path_factory.mktemp("index"))
    built.update(load_library([folder], use_cache=False))
    return built


QUBITS = "weekly-1/quantum-annealing"


def test_the_most_similar_item_of_another_issue_comes_first(index: SearchIndex) -> None:
    found = index.related(QUBITS)
    assert found.known and found.item_id == QUBITS
    assert found.related[0].item_id == "weekly-2/superconducting"
    assert {"annealing", "qubits", "superconducting"} <= set(found.terms)  # as written, not stems
    first = found.related[0]
    assert first.issue_id == "weekly-2" and first.date == "2024-02-01" and first.issue_title == "weekly-2"
    assert "qubits" in first.snippet.lower() and "\n" not in first.snippet and first.score > 0


def test_its_own_issue_and_issue_entries_are_left_out(index: SearchIndex) -> None:
    found = index.related(QUBITS, limit=10)
    assert all(item.issue_id != "weekly-1" for item in found.related)
    assert all(item.item_id for item in found.related)  # no issue-level entries
    assert "weekly-2/pasta-for-the-team" not in {item.item_id for item in found.related}
    scores = [item.score for item in found.related]
    assert scores == sorted(scores, reverse=True)


def test_limit(index: SearchIndex) -> None:
    assert len(index.related(QUBITS, limit=1).related) == 1
    assert index.related(QUBITS, limit=0).related == []


@pytest.mark.parametrize(
    "item_id", ["", "nowhere/nothing", "weekly-1", "weekly-1/", "x" * 5000, "\x00/\ud800"]
)
def test_an_unknown_item_finds_nothing_and_never_raises(index: SearchIndex, item_id: str) -> None:
    found = index.related(item_id)
    assert not found.known and found.related == [] and index.error is None


def test_an_item_with_nothing_telling_finds_nothing(index: SearchIndex) -> None:
    found = index.related("weekly-5/item-5")  # only words every filler item has
    assert found.known and found.related == []


def test_json_shape(index: SearchIndex) -> None:
    data = index.related(QUBITS, limit=2).to_json()
    assert list(data) == ["item_id", "related"] and len(data["related"]) == 2
    assert list(data["related"][0]) == [
        "item_id",
        "issue_id",
        "title",
        "issue_title",
        "date",
        "snippet",
        "score",
    ]


def test_without_an_index(tmp_path: Path) -> None:
    found = SearchIndex(tmp_path / "none").related(QUBITS)
    assert not found.known and found.related == []
