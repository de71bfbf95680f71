"""Starting workers costs the UI thread nothing per item: no repr() of the library."""

from __future__ import annotations

import pytest

from reader.core import library

from .conftest import running


async def test_no_worker_description_reprs_the_library(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    reprs: list[int] = []
    real = library.Library.__repr__
    monkeypatch.setattr(library.Library, "__repr__", lambda self: reprs.append(1) or real(self))
    app = make_app(build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash", "t", "r", "a")
        await pilot.pause(0.2)
        assert app.state.library is not None and app.state.index_status.ready
        assert app.state.index.parallel == "spawn", "writer processes are spawned, never forked from the app"
    assert reprs == [], "Textual's default worker description repr()s every argument"
