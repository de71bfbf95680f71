"""What the index holds: every entry of a feed file, and each issue's intro, sign-off and links."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library, load_library
from reader.core.model import Issue, Item, Link, assign_item_ids
from reader.core.search import SearchIndex

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>ML Weekly</title><link>https://mlw.example</link>
<item><title>Issue 2</title><link>https://mlw.example/2</link><pubDate>Mon, 28 Jun 2021 10:00:00 GMT</pubDate>
<description><![CDATA[<h2>Story A</h2><p>Quokkas in transformers</p><h2>Story B</h2><p>Text B</p>]]></description></item>
<item><title>Issue 1</title><link>https://mlw.example/1</link><pubDate>Mon, 21 Jun 2021 10:00:00 GMT</pubDate>
<description>Wombats are plain text here.</description></item>
</channel></rss>
"""


def widget_library(folder: Path, intro: str = "Hello friends, this week brings marmalade news.") -> Library:
    """One issue with an intro, a sign-off and links of its own (built directly: what the parser
    puts where is the parser's business)."""
    folder.mkdir(exist_ok=True)
    source = folder / "widget-54.md"
    source.write_text(intro, encoding="utf-8")  # the manifest hashes it: an edit is a change
    issue = Issue(
        id="widget-54",
        title="Widget Weekly 54",
        source=str(source),
        preamble=intro,
        footer="Thanks for reading. Sent with gratitude from Zanzibar." if intro else "",
        links=[Link("https://widget.example/archive", "View the ocelot archive")] if intro else [],
        items=[
            Item("", "First story", "Nothing about breakfast."),
            Item("", "Second story", "Also nothing."),
        ],
    )
    assign_item_ids(issue.id, issue.items)
    return Library(issues=[issue], files=[source])


def indexed(library: Library, tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "index")
    report = index.update(library)
    assert report.rebuilt and index.error is None
    return index


def test_every_entry_of_a_feed_file_is_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "ml weekly.xml").write_text(RSS, encoding="utf-8")
    index = indexed(load_library([folder], use_cache=False), tmp_path)
    assert [hit.issue_id for hit in index.search("quokkas").hits] == ["ml-weekly-issue-2"]
    assert [hit.issue_id for hit in index.search("wombats").hits] == ["ml-weekly-issue-1"]
    # an edit keeps both entries, incrementally
    (folder / "ml weekly.xml").write_text(RSS.replace("Wombats", "Numbats"), encoding="utf-8")
    report = index.update(load_library([folder], use_cache=False))
    assert not report.rebuilt and report.updated == 1 and report.unchanged == 2
    assert index.search("wombats").hits == []
    assert [hit.issue_id for hit in index.search("numbats").hits] == ["ml-weekly-issue-1"]
    assert [hit.issue_id for hit in index.search("quokkas").hits] == ["ml-weekly-issue-2"]


def test_intro_sign_off_and_issue_links_are_found_as_the_issue(tmp_path: Path) -> None:
    library = widget_library(tmp_path / "lib")
    index = indexed(library, tmp_path)
    for word in ("marmalade", "zanzibar", "ocelot"):
        hits = index.search(word).hits
        assert [(hit.kind, hit.item_id, hit.issue_id) for hit in hits] == [("issue", None, "widget-54")], word
        assert hits[0].title == "Widget Weekly 54" and hits[0].to_json()["kind"] == "issue"
        assert hits[0].to_json()["item_id"] is None
    assert index.search("zanzibar").hits[0].snippet_spans
    assert [hit.kind for hit in index.search("link:widget").hits] == ["issue"]
    items = index.search("story").hits
    assert {hit.kind for hit in items} == {"item"} and all(hit.issue_id == "widget-54" for hit in items)


def test_issue_entries_follow_edits_and_are_not_counted_as_items(tmp_path: Path) -> None:
    index = indexed(widget_library(tmp_path / "lib"), tmp_path)
    report = index.update(widget_library(tmp_path / "lib", intro="Porridge news this week."))
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 2)
    assert index.search("marmalade").hits == [] and index.search("porridge").hits[0].kind == "issue"
    library = widget_library(tmp_path / "lib", intro="")
    index.update(library)
    assert index.search("porridge").hits == [] and index.search("zanzibar").hits == []
    assert index.is_current(library) and index.search("story").total == 2
