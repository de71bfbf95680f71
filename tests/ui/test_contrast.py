"""Every built-in theme stays readable: text drawn by the app has a contrast of at least 4.5:1
(WCAG AA for body text) against the background it is drawn on, marks (● ★) at least 3:1.

The colours are read from what the app really draws (the screen's final strips), on the main
screen with every role of the detail pane on show, the issue view, search results, bookmarks,
the help, a picker and a question.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from textual.theme import BUILTIN_THEMES

from .conftest import running, settle
from .fakes import FakeIndex

BODY, MARK = 4.5, 3.0
ROLES = """---
title: Contrast Weekly
author: Ada Reader
url: https://example.com/contrast
---

Intro with a [link](https://example.com/intro).

## Section one

### Every role

Plain body text, **strong**, *emphasis*, ~~strike~~, `inline code` and a [link](https://example.com/a).

> A quote that is muted.

- a bullet
- another bullet

1. numbered

```
code block line
```

| head | cell |
| ---- | ---- |
| one  | two  |

---

### Read item

Read body about transformers.

## Section two

### Bookmarked item

Bookmarked body about transformers.

Thanks for reading, the sign-off.
"""


@pytest.fixture
def roles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "roles"
    for name in ("weekly", "other"):  # two sources: the source picker has something to show
        (folder / name).mkdir(parents=True)
    (folder / "weekly" / "contrast.md").write_text(ROLES, encoding="utf-8")
    (folder / "other" / "other.md").write_text("# Other Digest\n\n## Only item\n\nText.\n", encoding="utf-8")
    return folder


def luminance(color: RichColor) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: RichColor, second: RichColor) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast(app, where: str, box: str | None = None) -> tuple[list[str], int]:
    """Every piece of text on screen (in the dialog `box` only: behind it the screen is dimmed on
    purpose) below its threshold, described; and how many pieces were measured."""
    found = []
    measured = 0
    region = app.screen.query_one(box).region if box else app.screen.region
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            inside = region.contains(x, y)
            x += segment.cell_length
            if (
                not inside
                or not text.strip()
                or style is None
                or style.color is None
                or style.bgcolor is None
            ):
                continue
            if style.color.is_default or style.bgcolor.is_default:
                continue
            words = any(char.isalnum() for char in text)
            marks = any(char in "●★" for char in text)
            if not (words or marks):
                continue  # borders, rules, scrollbars: decoration
            measured += 1
            ratio = contrast(style.color, style.bgcolor)
            if ratio < (BODY if words else MARK):
                found.append(f"{where}, line {y}: {text.strip()[:30]!r} {ratio:.2f}:1")
    return found, measured


THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]  # ANSI: the terminal's colours


@pytest.mark.timeout(240)
async def test_every_text_is_readable_in_every_builtin_theme(make_app, roles_dir) -> None:
    app = make_app([roles_dir], build_index=True, search_index=FakeIndex())
    async with running(app) as pilot:
        main = app.main
        issue = app.state.library.issue("contrast")
        read = next(item for item in issue.items if item.title == "Read item")
        marked = next(item for item in issue.items if item.title == "Bookmarked item")
        app.state.read_marks.mark([read.id])
        app.state.bookmarks.toggle(issue, marked)
        app.state.marks_changed()
        problems: list[str] = []

        async def look(where: str, box: str | None = None) -> None:
            """What is on screen now, in every theme."""
            await settle(pilot)
            app.clear_notifications()
            for theme in THEMES:
                app.theme = theme
                await pilot.pause()
                found, measured = low_contrast(app, where, box)
                assert measured >= 2, f"{where}: nothing measured"
                problems.extend(f"{theme}: {problem}" for problem in found)

        main.jump_to(issue.items[0].id, query="transformers body")  # every role, and a search hit
        main.items_pane.focus()
        await look("main screen, items focused")
        main.detail.focus()
        await look("main screen, detail focused")
        main.show_issue_view("contrast")
        main.issues_pane.focus()
        await look("issue view, issues focused")
        await pilot.press("slash", *"transformers")
        await pilot.pause(0.2)
        await look("search results")
        await pilot.press("escape", "B")
        await look("bookmarks")
        await pilot.press("escape", "question_mark")
        await look("help", "#help-box")
        await pilot.press("escape", "f")
        await look("sources picker", "#picker-box")
        await pilot.press("escape", "M")
        await look("a question", "#confirm-box")
    assert not problems, "\n".join(problems)
