"""`digests show` of big items: past the size rich lays out quickly, text and links are written
whole and unformatted (never cut, never slow), still cleaned."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import render
from reader.cli.main import main


def show(capsys: pytest.CaptureFixture[str], folder: Path, item_id: str) -> str:
    assert main(["show", item_id, "--library", str(folder)]) == 0
    return capsys.readouterr().out


@pytest.fixture
def many_links(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    lines = "\n".join(f"See [link {n}](https://example.com/{n}) &#x202E;for more." for n in range(60))
    (folder / "links.md").write_text(f"# Links\n\n## Many links\n\n{lines}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("small_limits", [False, True], ids=["formatted", "past-the-limits"])
def test_every_link_and_word_is_shown_whatever_the_size(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, many_links: Path, small_limits: bool
) -> None:
    if small_limits:
        monkeypatch.setattr(render, "MAX_RENDERED_CHARS", 100)
        monkeypatch.setattr(render, "MAX_STYLED_LINKS", 10)
    out = show(capsys, many_links, "links/many-links")
    assert ("(long text, " in out) is small_limits
    body, links = out.rsplit("\nLinks\n", 1)
    words = " ".join(body.split())
    for n in range(60):
        assert f"[{n + 1}] https://example.com/{n}  link {n}\n" in links
        assert f"link {n}" in words
    assert "\u202e" not in out and "\x1b" not in out


def test_the_console_filter_holds_behind_a_live_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A progress bar replaces stdout and stderr with rich's FileProxy; the consoles still write
    through their filter to the real stream (no bypass, no recursion)."""
    import io
    import sys

    from rich.file_proxy import FileProxy

    from reader.cli.context import Context

    ctx = Context()
    real_err, real_out = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", FileProxy(ctx.err, real_err))
    monkeypatch.setattr(sys, "stdout", FileProxy(ctx.out, real_out))
    ctx.warn("hello \u202eevil\u2066")
    ctx.out.print("out \u200fput")
    assert real_err.getvalue() == "warning: hello evil\n"
    assert real_out.getvalue() == "out put\n"
