"""Long one-line bullet lists read without markdown-it's list rule give the blocks markdown-it gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.parsing import mdblocks, mdlists
from reader.core.parsing.mdblocks import markdown_blocks

ENTRY_TEXT = st.lists(
    st.sampled_from([*"ab [](){}*_-+#>`~<|!:=.1)\\&;/", "http://x.y/", "**", "\u00a0", "\t", "  "]),
    max_size=16,
).map("".join)
MARKERS = st.sampled_from(["-", "*", "+"])


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    fast = markdown_blocks(text)[0]
    with monkeypatch.context() as patch:
        patch.setattr(mdblocks, "simple_runs", lambda *_: [])
        usual = markdown_blocks(text)[0]
    return fast, usual


@given(
    before=st.sampled_from(["", "Intro.\n\n", "```\n", "<!--\n", "- earlier\n\n", "> quote\n"]),
    heading=st.sampled_from(["## Links", "# T", "Title\n=====", "#not"]),
    marker=MARKERS,
    entries=st.lists(ENTRY_TEXT, min_size=1, max_size=12),
    after=st.sampled_from(["", "\n", "\nThanks.\n", "\n  more of the last\n", "\n- again\n", "lazy\n"]),
)
def test_the_fast_path_gives_markdown_its_blocks(
    before: str, heading: str, marker: str, entries: list[str], after: str
) -> None:
    text = f"{before}{heading}\n\n" + "".join(f"{marker} {entry}\n" for entry in entries) + after
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mdlists, "MIN_RUN", 1)
        fast, usual = _both(text, patch)
    assert fast == usual, text


def test_a_long_link_list_takes_the_fast_path_and_keeps_every_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"- [entry {n}](https://example.com/{n}) words *{n}*" for n in range(mdlists.MIN_RUN + 5)]
    text = "# List\n\n## Entries\n\n" + "\n".join(lines) + "\n\nThe end.\n"
    runs = mdlists.simple_runs(text.split("\n"), 0, text.count("\n") + 1)
    assert [(run.heading, run.start, run.stop, run.list_end) for run in runs] == [
        (2, 4, 4 + len(lines), 5 + len(lines))
    ]
    assert runs[0].entries == [line[2:] for line in lines]
    fast, usual = _both(text, monkeypatch)
    assert fast == usual
    listed = next(block for block in fast if block.kind == "bullet_list")
    assert len(listed.units) == len(lines)
    assert listed.units[7].lead is not None and listed.units[7].lead.url == "https://example.com/7"


def test_a_heading_inside_a_fence_keeps_the_usual_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mdlists, "MIN_RUN", 2)
    text = "```\n## not a heading\n\n- a\n- b\n- c\n\n```\n"
    fast, usual = _both(text, monkeypatch)
    assert fast == usual
    assert [block.kind for block in fast] == ["fence"]
