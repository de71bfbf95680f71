"""What the Detail pane shows, built as one Content: an item, or the issue view (intro, sign-off and
the issue's own links). Pure functions of their inputs and a style lookup, so a long document can be
built in a worker thread; untrusted text is never read as markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual.content import Content, Span
from textual.style import Style

from reader.core.model import Issue, Item, Link
from reader.core.problems import display_path
from reader.ui.markdown_render import ContentBuilder, MarkdownRenderer

StyleFor = Callable[[str], Style]
Checkpoint = Callable[[], None]  # called every so often in long work: may raise to stop it (pacing)
SpanFinder = Callable[[str, str], list[tuple[int, int]]]  # (text, query) -> where the query matches

ROLES = (
    "title",
    "meta",
    "heading",
    "strong",
    "emphasis",
    "strike",
    "code",
    "code-block",
    "link",
    "quote",
    "bullet",
    "rule",
    "table-head",
    "links-heading",
    "link-number",
    "link-text",
    "match",
    "match-current",
)

# Above this many characters (links count for LINK_COST each) a document is built in a worker.
BIG_DOCUMENT = 40_000
LINK_COST = 80
CHECK_EVERY = 1000  # links between two checkpoints


@dataclass(frozen=True)
class Document:
    """A rendered document: its text, its styled spans, the URLs its links open (`open_url_index(n)`
    click actions in the body refer to them) and where the numbered Links list shows each one:
    (start, end, index into `urls`), found by the click's position rather than by one click style
    per link (100,000 styles cost seconds to build and to garbage-collect)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    links: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def content(self) -> Content:
        return Content(self.text, self.spans, strip_control_codes=False)

    @classmethod
    def built(cls, out: ContentBuilder, urls: list[str], links: list[tuple[int, int, int]]) -> Document:
        return cls("".join(out.parts), out.spans, urls, links)


def message_document(text: str) -> Document:
    return Document(Content(text).plain)


def render_cost(issue: Issue, item: Item | None) -> int:
    """A rough size of the document to build: decides whether it is built in a worker."""
    if item is None:
        return len(issue.preamble) + len(issue.footer) + LINK_COST * len(issue.links)
    return len(item.body) + LINK_COST * len(item.links)


def item_document(
    issue: Issue,
    item: Item,
    style: StyleFor,
    also: Sequence[int] | None = None,
    checkpoint: Checkpoint | None = None,
) -> Document:
    """Title, where it is from, the Markdown body and its numbered links."""
    out = ContentBuilder()
    out.add(item.title, style("title"))
    author = item.author or issue.author
    meta = " · ".join(filter(None, [issue.title, item.section, f"by {author}" if author else "", issue.date]))
    out.add("\n" + meta, style("meta"))
    out.add("\n\n")
    urls: list[str] = []
    if item.body.strip():
        _, urls = MarkdownRenderer(style).render(item.body, out)
    else:
        out.add("(no text)", style("meta"))
    return Document.built(out, urls, add_links(out, item.links, urls, style, also, checkpoint))


def issue_document(
    issue: Issue, style: StyleFor, also: Sequence[int] | None = None, checkpoint: Checkpoint | None = None
) -> Document:
    """The issue view: title, date, author, source file, intro, sign-off and the issue's own links."""
    out = ContentBuilder()
    out.add(issue.title, style("title"))
    urls: list[str] = []
    meta = [issue.date or "undated", f"by {issue.author}" if issue.author else "", plural_items(issue)]
    out.add("\n" + " · ".join(filter(None, meta)), style("meta"))
    out.add("\n" + display_path(issue.source), style("meta"))
    if issue.url:
        out.add("\nWeb version: ", style("meta"))
        urls.append(issue.url)
        click = Style.from_meta({"@click": f"open_url_index({len(urls) - 1})"})
        out.add(issue.url, style("link") + click)
    for heading, text in (("Intro", issue.preamble), ("Sign-off", issue.footer)):
        if text.strip():
            out.add("\n\n")
            out.add(heading, style("links-heading"))
            out.add("\n\n")
            _, found = MarkdownRenderer(style).render(text, out)
            urls += found
    if not (issue.preamble.strip() or issue.footer.strip()):
        out.add("\n\n")
        out.add("(no intro or sign-off)", style("meta"))
    return Document.built(out, urls, add_links(out, issue.links, urls, style, also, checkpoint))


def plural_items(issue: Issue) -> str:
    count = len(issue.items)
    return f"{count:,} item{'' if count == 1 else 's'}"


def add_links(
    out: ContentBuilder,
    links: Sequence[Link],
    urls: list[str],
    style: StyleFor,
    also: Sequence[int] | None = None,
    checkpoint: Checkpoint | None = None,
) -> list[tuple[int, int, int]]:
    """The numbered 'Links' list under a document; returns where each URL is shown (for clicks).
    `also`: for each link, how many other issues link there too ("also in 3 issues");
    `checkpoint` is called every CHECK_EVERY links."""
    shown: list[tuple[int, int, int]] = []
    if not links:
        return shown
    out.add("\n\n")
    out.add("Links", style("links-heading"))
    number_style, link_style, text_style = style("link-number"), style("link"), style("link-text")
    for number, link in enumerate(links, 1):
        if checkpoint is not None and number % CHECK_EVERY == 0:
            checkpoint()
        urls.append(link.url)
        out.add(f"\n{number:>2}. ", number_style)
        start = out.length
        out.add(link.url, link_style)
        shown.append((start, out.length, len(urls) - 1))
        if link.text and link.text != link.url:
            out.add("  " + link.text, text_style)
        elsewhere = also[number - 1] if also is not None and number <= len(also) else 0
        if elsewhere:
            out.add(f"  · also in {elsewhere:,} issue{'' if elsewhere == 1 else 's'}", style("meta"))
    return shown


def build(
    issue: Issue,
    item: Item | None,
    styles: dict[str, Style],
    also: Sequence[int] | None = None,
    checkpoint: Checkpoint | None = None,
) -> Document:
    """The detail pane's document for `item` (None: the issue view), with styles resolved; `also`
    counts the other issues linking to each of its links; `checkpoint` is called now and then."""
    style = styles.__getitem__
    if item is None:
        return issue_document(issue, style, also, checkpoint)
    return item_document(issue, item, style, also, checkpoint)


def find(document: Document, query: str | None, finder: SpanFinder | None) -> list[tuple[int, int]]:
    """Where `query` matches in the document, in order ([] without a query or a finder)."""
    if not (query and finder):
        return []
    return sorted(finder(document.text, query))
