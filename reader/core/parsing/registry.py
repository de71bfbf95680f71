"""The formats the parser knows, in a fixed order: each says how sure it is that it can read a file.

A format is a name, `detect(source) -> confidence` (0 to 1) and `parse(source) -> drafts`. The most
confident format reads the file; on a tie the one listed first wins. `single` is always last and
always willing: a file no other format reads with confidence becomes one item holding its whole
text, never dropped. To add a format: write one module with `detect` and `parse`, add one entry
here, and add one golden pair under `tests/data/digests/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.core.parsing import (
    asciidoc,
    bullets,
    feeds,
    headlines,
    html_format,
    mail,
    markdown_format,
    numbered,
    org,
    rst,
    ruled,
    single,
    xml_records,
)
from reader.core.parsing.common import Draft
from reader.core.parsing.frontmatter import apply_front_matter
from reader.core.parsing.source import Source

Detect = Callable[[Source], float]
Parse = Callable[[Source], "Draft | list[Draft]"]


@dataclass(frozen=True, slots=True)
class Format:
    """One digest format: `front_matter` says whether YAML/Pelican headers above the text apply."""

    name: str
    detect: Detect
    parse: Parse
    front_matter: bool = False


FORMATS: tuple[Format, ...] = (
    Format("feed", feeds.detect, feeds.parse),
    Format("xml", xml_records.detect, xml_records.parse),
    Format("mail", mail.detect, mail.parse),
    Format("html", html_format.detect, html_format.parse),
    Format("org", org.detect, org.parse),
    Format("asciidoc", asciidoc.detect, asciidoc.parse),
    Format("ruled", ruled.detect, ruled.parse),
    Format("rst", rst.detect, rst.parse),
    Format("markdown", markdown_format.detect, markdown_format.parse, front_matter=True),
    Format("bullets", bullets.detect, bullets.parse, front_matter=True),
    Format("numbered", numbered.detect, numbered.parse, front_matter=True),
    Format("headlines", headlines.detect, headlines.parse, front_matter=True),
    Format("single", single.detect, single.parse, front_matter=True),
)
BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def choose(source: Source, formats: tuple[Format, ...] = FORMATS) -> Format:
    """The most confident format for `source`; the first listed wins a tie."""
    best, best_score = formats[-1], -1.0
    for fmt in formats:
        score = fmt.detect(source)
        if score > best_score:
            best, best_score = fmt, score
        if score >= 1.0:
            break
    return best


def read_drafts(
    source: Source, fmt: str | None = None, formats: tuple[Format, ...] = FORMATS, *, fill: bool = True
) -> list[Draft]:
    """The drafts (one per issue) of `source`, read by the format named `fmt` or the most confident.

    With `fill`, a draft whose text has no structure gets one item holding it."""
    chosen = BY_NAME[fmt] if fmt else choose(source, formats)
    result = chosen.parse(source)
    drafts = result if isinstance(result, list) else [result]
    for draft in drafts:
        if chosen.front_matter:
            apply_front_matter(draft, source.meta)
        if fill:
            single.no_item_left_behind(draft)
    return drafts
