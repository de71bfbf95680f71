"""Parsing pauses the cyclic garbage collector, builds no cycles, and leaves the collector as it was."""

from __future__ import annotations

import gc

import pytest

import reader.core.parsing as parsing
from reader.core.parsing import parse_bytes

DIGEST = b"# Links\n\n## Entries\n\n" + b"\n".join(
    b"- [entry %d](https://example.com/%d) word" % (n, n) for n in range(300)
)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_parsing_and_restored_after(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = parsing._issues
    monkeypatch.setattr(parsing, "_issues", lambda *a: seen.append(gc.isenabled()) or real(*a))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        outcome = parse_bytes(DIGEST, "list.md")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False]
    assert len(outcome.issues[0].items) == 300


def test_the_collector_is_restored_when_parsing_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "_issues", lambda *a: 1 / 0)
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        parse_bytes(DIGEST, "list.md")
    assert gc.isenabled()


def test_parsing_leaves_no_cyclic_garbage() -> None:
    """What the pause relies on: every object parsing drops is freed by reference counts."""
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        for data in (DIGEST, b"<rss><channel><item><title>A</title></item></channel></rss>", b"\xff\xfe bad"):
            parse_bytes(data, "digest.md")
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
