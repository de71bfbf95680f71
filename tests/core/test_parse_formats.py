"""Formats beyond the seeds, one small fixture each, written by the tests themselves."""

from __future__ import annotations

from pathlib import Path

from reader.core.model import Issue
from reader.core.parsing import detect_format, parse_file
from reader.core.parsing.titles import disambiguate_titles


def parse(tmp_path: Path, name: str, text: str, *, warnings: list[str] | None = None) -> Issue:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcome = parse_file(path)
    assert outcome.warnings == [f"{path}: {w}" for w in (warnings or [])]
    assert len(outcome.issues) == 1
    return outcome.issues[0]


def links(item) -> list[tuple[str, str]]:
    return [(link.url, link.text) for link in item.links]


YAML_LINK_BULLETS = """---
title: "ML Weekly #121"
date: 2021-06-21
author: Jane Doe
tags: [ml, news]
---

Intro paragraph.

## Papers

* [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - the transformer paper
* [BERT](https://arxiv.org/abs/1810.04805): pretraining
  * sub note with <https://bert.example/x>

## Tools

* [Black](https://github.com/psf/black) — the formatter
* [Ruff][ruff] is fast, see [its docs][ruff]
* <https://example.com/bare> a bare autolink bullet

<!-- hidden editor note -->

[ruff]: https://github.com/astral-sh/ruff
"""


def test_yaml_front_matter_and_link_bullets_under_sections(tmp_path: Path) -> None:
    issue = parse(tmp_path, "ml-weekly.md", YAML_LINK_BULLETS)
    assert (issue.title, issue.date, issue.author) == ("ML Weekly #121", "2021-06-21", "Jane Doe")
    assert issue.preamble == "Intro paragraph."
    assert [(it.title, it.section) for it in issue.items] == [
        ("Attention Is All You Need", "Papers"),
        ("BERT", "Papers"),
        ("Black", "Tools"),
        ("Ruff", "Tools"),
        ("https://example.com/bare", "Tools"),
    ]
    attention, bert, black, ruff, _ = issue.items
    assert attention.body == "the transformer paper"
    assert links(attention) == [("https://arxiv.org/abs/1706.03762", "Attention Is All You Need")]
    assert "sub note with <https://bert.example/x>" in bert.body  # a sub-bullet stays in its bullet
    assert [link.url for link in bert.links] == ["https://arxiv.org/abs/1810.04805", "https://bert.example/x"]
    assert black.body == "the formatter"
    assert links(ruff) == [("https://github.com/astral-sh/ruff", "Ruff")]  # reference-style links resolved
    assert ruff.body == "is fast, see [its docs][ruff]\n\n[ruff]: https://github.com/astral-sh/ruff"
    everything = issue.preamble + "".join(it.body for it in issue.items)
    assert "hidden editor note" not in everything and "title:" not in everything


PELICAN_BOLD = """Title: Data Digest
Date: 2021-2-29
Author: Bob
Number: 7

Papers
------

__Deep Residual Learning.__ ResNets made deep nets trainable. See https://arxiv.org/abs/1512.03385 for details.

__Batch Norm.__ Normalises activations.

More on batch norm here.

Tools
-----

**Pandas**

Dataframes for Python.

**NumPy**

Arrays.
"""


def test_pelican_header_setext_headings_and_bold_title_paragraphs(tmp_path: Path) -> None:
    issue = parse(tmp_path, "data.md", PELICAN_BOLD, warnings=["impossible date '2021-2-29' ignored"])
    assert (issue.title, issue.author, issue.date) == ("Data Digest", "Bob", None)
    assert [(it.title, it.section) for it in issue.items] == [
        ("Deep Residual Learning", "Papers"),
        ("Batch Norm", "Papers"),
        ("Pandas", "Tools"),
        ("NumPy", "Tools"),
    ]
    resnet, batch_norm, pandas, _ = issue.items
    assert resnet.body.startswith("ResNets made deep nets trainable.")
    assert [link.url for link in resnet.links] == ["https://arxiv.org/abs/1512.03385"]
    assert batch_norm.body == "Normalises activations.\n\nMore on batch norm here."
    assert pandas.body == "Dataframes for Python."
    assert "Date:" not in issue.preamble


def test_pelican_number_names_an_untitled_issue(tmp_path: Path) -> None:
    text = "Date: 2020-01-05\nNumber: 42\n\n## One\nx\n\n## Two\ny\n"
    issue = parse(tmp_path, "weekly.md", text)
    assert issue.date == "2020-01-05"
    assert "42" in issue.title


TABLE = """# Links of the week

| Title | Link | Note |
|---|---|---|
| Paper one | [pdf](https://a.example/1.pdf) | great |
| [Paper two](https://b.example/2) | | ok |
| Paper three | https://c.example/3 | meh |
"""


def test_table_rows_are_items(tmp_path: Path) -> None:
    issue = parse(tmp_path, "table.md", TABLE)
    assert issue.title == "Links of the week"
    assert [it.title for it in issue.items] == ["Paper one", "Paper two", "Paper three"]
    one, two, three = issue.items
    assert one.body == "**Link:** [pdf](https://a.example/1.pdf)\n\n**Note:** great"
    assert links(one) == [("https://a.example/1.pdf", "pdf")]
    assert links(two) == [("https://b.example/2", "Paper two")]
    assert [link.url for link in three.links] == ["https://c.example/3"]
    assert issue.links == []


def test_bold_labels_inside_long_sections_stay_in_the_body(tmp_path: Path) -> None:
    text = (
        "## Story one\nA long opening paragraph that explains the story before any label appears in it.\n\n"
        "**Practical Steps:**\n\n1. Do this.\n2. Then that.\n\n**Results:**\n\nIt worked.\n\n## Story two\nMore.\n"
    )
    issue = parse(tmp_path, "labels.md", text)
    assert [it.title for it in issue.items] == ["Story one", "Story two"]
    assert "**Results:**" in issue.items[0].body


PLAIN_BULLETS = """Weekly ML Links

Papers
- Attention Is All You Need [paper] (<https://arxiv.org/abs/1706.03762>)
  - transformers intro
    * deep note
- BERT [code] (<https://github.com/google-research/bert>)
Tools
* Black [repo] (<https://github.com/psf/black>)
* Ruff https://github.com/astral-sh/ruff
"""


def test_plain_text_dash_bullets_with_bracket_links_and_date_from_file_name(tmp_path: Path) -> None:
    issue = parse(tmp_path, "2021-6-21-121.txt", PLAIN_BULLETS)
    assert issue.format == "bullets"
    assert (issue.title, issue.date) == ("Weekly ML Links", "2021-06-21")
    assert [(it.title, it.section) for it in issue.items] == [
        ("Attention Is All You Need", "Papers"),
        ("BERT", "Papers"),
        ("Black", "Tools"),
        ("Ruff", "Tools"),
    ]
    attention = issue.items[0]
    assert links(attention) == [("https://arxiv.org/abs/1706.03762", "paper")]
    assert attention.body == "- transformers intro\n  - deep note"
    assert links(issue.items[2]) == [("https://github.com/psf/black", "repo")]
    assert [link.url for link in issue.items[3].links] == ["https://github.com/astral-sh/ruff"]


def test_impossible_date_in_file_name_is_a_warning(tmp_path: Path) -> None:
    issue = parse(
        tmp_path, "2021-2-29-5.txt", PLAIN_BULLETS, warnings=["impossible date '2021-2-29' ignored"]
    )
    assert issue.date is None and len(issue.items) == 4


def test_date_written_in_the_text(tmp_path: Path) -> None:
    text = "Friday Notes\nPublished March 3, 2020\n\n## A\nx\n\n## B\ny\n"
    assert parse(tmp_path, "notes.md", text).date == "2020-03-03"


RST = """=================
 Python Digest 5
=================

Articles
========

Fast Code
---------

Read `the guide <https://fast.example/guide>`_ today.

Slow Code
---------

See target_ for more.

.. _target: https://slow.example/

Events
======

PyCon
-----

It is in May.
"""


def test_restructuredtext_sections(tmp_path: Path) -> None:
    issue = parse(tmp_path, "digest.rst", RST)
    assert issue.format == "rst"
    assert issue.title == "Python Digest 5"
    assert [(it.title, it.section) for it in issue.items] == [
        ("Fast Code", "Articles"),
        ("Slow Code", "Articles"),
        ("PyCon", "Events"),
    ]
    assert links(issue.items[0]) == [("https://fast.example/guide", "the guide")]
    assert links(issue.items[1]) == [("https://slow.example/", "target")]
    assert ".. _target" not in issue.items[1].body


HTML = """<!DOCTYPE html>
<html><head><title>AI Newsletter 42</title><style>p{color:red}</style>
<meta name="author" content="Ann"><meta property="article:published_time" content="2022-03-04T10:00:00Z">
<script>track()</script></head>
<body>
<div style="display:none">Preheader hidden text</div>
<h1>AI Newsletter 42</h1>
<p>Welcome to this week's issue.</p>
<!-- a comment -->
<h2>Big Model Released</h2>
<p>A <b>huge</b> model came out. <a href="https://model.example/post">Read the post</a>.</p>
<script>var secret = 1;</script>
<h2>New Dataset</h2>
<p>Data <i>everywhere</i>.</p><ul><li>Point one</li><li>Point <a href="https://d.example">two</a></li></ul>
<img src="https://t.example/pixel.gif" width="1" height="1">
</body></html>
"""


def test_html_newsletter(tmp_path: Path) -> None:
    issue = parse(tmp_path, "news.html", HTML)
    assert issue.format == "html"
    assert (issue.title, issue.author, issue.date) == ("AI Newsletter 42", "Ann", "2022-03-04")
    assert issue.preamble == "Welcome to this week's issue."
    assert [it.title for it in issue.items] == ["Big Model Released", "New Dataset"]
    big, data = issue.items
    assert big.body == "A **huge** model came out. [Read the post](https://model.example/post)."
    assert links(big) == [("https://model.example/post", "Read the post")]
    assert data.body == "Data *everywhere*.\n\n- Point one\n- Point [two](https://d.example)"
    everything = issue.preamble + "".join(it.body for it in issue.items) + str(issue.links)
    for dropped in ("Preheader", "secret", "track()", "color:red", "pixel.gif", "a comment"):
        assert dropped not in everything


def test_html_fragment_without_headings_is_one_item(tmp_path: Path) -> None:
    text = "<div><p>Just <a href='https://x.example/'>one</a> story.</p><p>Two.</p><p>x</p><br><span>y</span></div>"
    issue = parse(tmp_path, "frag.html", text)
    assert issue.format == "html" and len(issue.items) == 1
    assert [link.url for link in issue.items[0].links] == ["https://x.example/"]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>ML Weekly</title><link>https://mlw.example</link>
<item><title>Issue 2</title><link>https://mlw.example/2</link><pubDate>Mon, 28 Jun 2021 10:00:00 GMT</pubDate>
<author>ed@mlw.example (Ed)</author>
<description><![CDATA[<h2>Story A</h2><p>Text A <a href="https://a.example">a</a></p><h2>Story B</h2><p>Text B</p>
<script>alert(1)</script>]]></description></item>
<item><title>Issue 1</title><link>https://mlw.example/1</link><pubDate>Mon, 21 Jun 2021 10:00:00 GMT</pubDate>
<description>Just one paragraph of plain text.</description></item>
</channel></rss>
"""


def test_rss_feed_gives_one_issue_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "ml weekly.xml"
    path.write_text(RSS, encoding="utf-8")
    outcome = parse_file(path)
    assert outcome.warnings == []
    assert [(i.title, i.date) for i in outcome.issues] == [
        ("Issue 2", "2021-06-28"),
        ("Issue 1", "2021-06-21"),
    ]
    assert outcome.issue is outcome.issues[0]
    two, one = outcome.issues
    assert two.id == "ml-weekly-issue-2" and one.id == "ml-weekly-issue-1"
    assert [it.title for it in two.items] == ["Story A", "Story B"]
    assert links(two.items[0]) == [("https://a.example", "a")]
    assert two.links == [two.links[0]] and two.links[0].url == "https://mlw.example/2"
    assert "alert" not in two.items[1].body
    assert [it.title for it in one.items] == ["Issue 1"]
    assert one.items[0].body == "Just one paragraph of plain text."
    ids = [it.id for issue in outcome.issues for it in issue.items]
    assert len(ids) == len(set(ids))


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Digest</title><id>urn:x</id>
<updated>2021-07-01T00:00:00Z</updated>
<entry><title>第3期 机器学习周刊</title><id>urn:e3</id><updated>2021-07-01T00:00:00Z</updated>
<author><name>李雷</name></author><link href="https://atom.example/3"/>
<content type="html">&lt;h2&gt;大型语言模型&lt;/h2&gt;&lt;p&gt;中文内容。&lt;/p&gt;&lt;h2&gt;计算机视觉&lt;/h2&gt;&lt;p&gt;更多内容。&lt;/p&gt;</content>
</entry>
<entry><title>Second</title><id>urn:e2</id><updated>2021-06-01T00:00:00Z</updated>
<content type="text">## Alpha
plain
## Beta
words</content></entry>
</feed>
"""


def test_atom_feed_with_cjk_entry(tmp_path: Path) -> None:
    path = tmp_path / "atom.atom"
    path.write_text(ATOM, encoding="utf-8")
    outcome = parse_file(path)
    assert outcome.warnings == []
    cjk, second = outcome.issues
    assert (cjk.title, cjk.author, cjk.date) == ("第3期 机器学习周刊", "李雷", "2021-07-01")
    assert [it.title for it in cjk.items] == ["大型语言模型", "计算机视觉"]
    assert [it.id for it in cjk.items] == [f"{cjk.id}/大型语言模型", f"{cjk.id}/计算机视觉"]
    assert cjk.items[0].body == "中文内容。"
    assert [it.title for it in second.items] == ["Alpha", "Beta"]


def test_broken_feed_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss><channel><item><title>x", encoding="utf-8")
    outcome = parse_file(path)
    assert outcome.warnings and all(w.startswith(f"{path}: ") for w in outcome.warnings)
    assert "malformed feed" in outcome.warnings[0]
    assert outcome.issues == []


CJK = """# 机器学习周刊 第12期

## 大型语言模型
中文内容，链接 https://zh.example/a 。

## 计算机视觉
更多内容。
"""


def test_cjk_markdown(tmp_path: Path) -> None:
    issue = parse(tmp_path, "周刊.md", CJK)
    assert issue.id == "周刊"
    assert issue.title == "机器学习周刊 第12期"
    assert [it.title for it in issue.items] == ["大型语言模型", "计算机视觉"]
    assert [it.id for it in issue.items] == ["周刊/大型语言模型", "周刊/计算机视觉"]
    assert [link.url for link in issue.items[0].links] == ["https://zh.example/a"]


def test_cjk_plain_text_gets_a_title_from_its_first_sentence(tmp_path: Path) -> None:
    text = "今天的新闻很多。" + "这是一个很长的句子" * 12 + "！\n\n更多内容。\n"
    issue = parse(tmp_path, "zh.txt", text)
    assert issue.title == "今天的新闻很多。"
    assert [it.title for it in issue.items] == ["今天的新闻很多。"]
    assert issue.items[0].body.endswith("更多内容。")


def test_detect_format_names_each_family() -> None:
    assert detect_format("<html><body><h1>x</h1></body></html>") == "html"
    assert detect_format(RST) == "rst"
    assert detect_format(YAML_LINK_BULLETS.split("---\n", 2)[2]) == "markdown"
    assert detect_format(PLAIN_BULLETS) == "bullets"
    assert detect_format("just words") == "single"


def test_setext_title_over_plain_bullets_and_bullets_only_markdown(tmp_path: Path) -> None:
    plain = parse(
        tmp_path,
        "s.md",
        "Weekly digest\n=============\n\nPapers\n- foo [x] (<https://p.example>)\n- bar\n- baz\n",
    )
    assert (plain.title, plain.format, plain.preamble) == ("Weekly digest", "bullets", "")
    assert [(it.title, it.section) for it in plain.items] == [
        ("foo", "Papers"),
        ("bar", "Papers"),
        ("baz", "Papers"),
    ]
    links_only = parse(
        tmp_path, "l.md", "* [One](https://1.example) first\n* [Two](https://2.example) second\n"
    )
    assert [(it.title, it.body) for it in links_only.items] == [("One", "first"), ("Two", "second")]


def test_org_links_wrapped_over_lines_and_verbatim_with_the_other_marker(tmp_path: Path) -> None:
    issue = parse(
        tmp_path,
        "org-wrapped.org",
        "#+title: Org News\n\n* Syntax\n\nSee the document [[https://orgmode.org/syntax.html][Org Syntax\n"
        '(draft)]] and ~type="text/javascript"~ attributes.\n\n#+begin_src org\n'
        "[[https://example.org/kept][as\nwritten]]\n#+end_src\n",
    )
    body = issue.items[0].body
    assert "[Org Syntax\n(draft)](<https://orgmode.org/syntax.html>)" in body
    assert '`type="text/javascript"`' in body
    assert "[[https://example.org/kept][as\nwritten]]" in body  # source blocks stay as written
    assert ("https://orgmode.org/syntax.html", "Org Syntax (draft)") in links(issue.items[0])


def test_backslash_escapes_leave_a_list_entry_title_but_stay_in_its_body(tmp_path: Path) -> None:
    issue = parse(
        tmp_path,
        "escapes.md",
        "# Weekly\n\n## News\n\n"
        "- 💬 Team - [Ask on Reddit](https://reddit.com/x) and [Ask on X](https://x.com/y)\\- Apart from"
        " the many discussions, happy to hear that refs will be stable in React 19.3\\! Also \\*more\\*.\n"
        "- 🔥 [Lead link](https://example.com/a) second entry\n- 🔥 [Other](https://example.com/b) third\n",
    )
    first = issue.items[0]
    assert (
        first.title.startswith("💬 Team - Ask on Reddit and Ask on X- Apart from") and "\\" not in first.title
    )
    assert "19.3\\! Also \\*more\\*." in first.body


def test_one_issue_saved_in_several_formats_gets_titles_a_reader_can_tell_apart(tmp_path: Path) -> None:
    def issue(name: str, title: str = "OCaml Weekly News") -> Issue:
        return Issue(id=name, title=title, source=str(tmp_path / name))

    issues = [
        issue("2024.06.04.org"),
        issue("2024.06.04.txt"),
        issue("2024.05.28.org"),
        issue("other.md", "X"),
    ]
    disambiguate_titles(issues)
    assert [i.title for i in issues] == [
        "OCaml Weekly News 2024-06-04 (org)",
        "OCaml Weekly News 2024-06-04 (txt)",
        "OCaml Weekly News 2024-05-28",
        "X",
    ]
    dated = [issue("2026.08.18.rss", "News, 18 Aug 2026"), issue("all.rss", "News, 18 Aug 2026")]
    dated[1].date = "2026-08-18"
    disambiguate_titles(dated)  # the date is in the title already; both are .rss: their names
    assert [i.title for i in dated] == ["News, 18 Aug 2026 (2026.08.18.rss)", "News, 18 Aug 2026 (all.rss)"]
    entries = [issue("feed.rss", "Entry"), issue("feed.rss", "Entry")]  # one file's entries keep theirs
    disambiguate_titles(entries)
    assert [i.title for i in entries] == ["Entry", "Entry"]


def test_xml_of_its_own_schema_is_records_never_raw_tags(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?>\n<digest><date>2024.03.05</date><list>'
        "<entry><title>First &amp; best</title><url>https://a.example/1</url><what>Text one.</what></entry>"
        "<entry><title>Second</title><what>Text two, see https://b.example/2</what></entry>"
        "</list>Closing words.</digest>\n"
    )
    issue = parse(tmp_path, "news.xml", xml)
    assert issue.format == "xml" and issue.date == "2024-03-05"
    assert [item.title for item in issue.items] == ["First & best", "Second"]
    assert [links(item) for item in issue.items] == [
        [("https://a.example/1", "")],
        [("https://b.example/2", "")],
    ]
    assert "Closing words." in issue.preamble
    assert detect_format(xml) == "xml"
    everything = issue.preamble + "".join(item.title + item.body for item in issue.items)
    assert "<" not in everything


def test_xml_declaring_entities_is_never_expanded(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        "<d><e><title>&b;&b;&b;</title></e><e><title>x</title></e></d>\n"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    [issue] = parse_file(path).issues
    assert issue.format != "xml"
    shown = issue.preamble + "".join(i.title + i.body for i in issue.items)
    assert shown.count("aaaaaaaaaa") == 1  # the definition as written, never its expansion


def test_a_bare_rss_item_is_a_feed_of_one_entry(tmp_path: Path) -> None:
    item = (
        '<?xml version="1.0" encoding="utf-8"?>\n<item>\n<title>Widget News, 27 Oct 2020</title>\n'
        "<link>https://widgets.example/2020.10.27.html</link>\n<pubDate>Tue, 27 Oct 2020 12:00:00 GMT</pubDate>\n"
        "<description>&lt;ol&gt;&lt;li&gt;&lt;a href=&quot;https://widgets.example/a&quot;&gt;Gears ship"
        "&lt;/a&gt;&lt;/li&gt;&lt;li&gt;&lt;a href=&quot;https://widgets.example/b&quot;&gt;Cogs too"
        "&lt;/a&gt;&lt;/li&gt;&lt;/ol&gt;</description>\n</item>\n"
    )
    issue = parse(tmp_path, "2020.10.27.rss", item)
    assert issue.format.startswith("feed") and issue.title == "Widget News, 27 Oct 2020"
    assert issue.date == "2020-10-27"
    assert [i.title for i in issue.items] == ["Gears ship", "Cogs too"]


def test_a_bullet_list_line_that_names_no_bullets_is_text(tmp_path: Path) -> None:
    issue = parse(
        tmp_path,
        "plain.txt",
        "Gadget digest\n\n- Levers [paper] (<https://g.example/1>)\n\nwrapped prose line\n\nTools\n"
        "- Cogs [repo] (<https://g.example/2>)\n- Springs [repo] (<https://g.example/3>)\n\nSee you soon\n",
    )
    assert [(i.title, i.section) for i in issue.items] == [
        ("Levers", None),
        ("Cogs", "Tools"),
        ("Springs", "Tools"),
    ]
    assert "wrapped prose line" in issue.items[0].body
    assert issue.footer == "See you soon"


def test_tags_written_as_code_stay_in_titles_and_bodies(tmp_path: Path) -> None:
    issue = parse(
        tmp_path,
        "code-tags.md",
        "# Weekly\n\n## 30 Years of `<br>` Tags\n\nText.\n\n## Releases\n\n"
        "- React-Hook-Form 7.85 - Support React `<Activity>` and <small>more</small> [notes](https://a.example)\n"
        "- Metrics - the gauge `queued{group=<group>,resource=<resource>}` now counts every queued item"
        " in each of the controller managers, which is a long first line indeed [docs](https://b.example)\n"
        "- [Unhead 3.3](https://unhead.example) - a `<head>` component\n",
    )
    titles = [item.title for item in issue.items]
    assert titles[0] == "30 Years of <br> Tags"
    assert "React-Hook-Form 7.85 - Support React <Activity> and more notes" in titles
    metrics = next(item for item in issue.items if item.title.startswith("Metrics"))
    assert "<group>" in metrics.title + metrics.body.replace("\\<", "<").replace("\\>", ">")


def test_a_first_short_section_is_an_item_when_front_matter_titles_the_issue(tmp_path: Path) -> None:
    issue = parse(
        tmp_path,
        "2019-03-17-update.md",
        "---\ntitle: Week Ending March 17, 2019\ndate: 2019-03-19 18:00:00 -0000\n---\n\n## Developer News\n\n"
        "A new channel for reviews.\n\n## Featured PRs\n\nA light week.\n\n### [#1: Scope](https://x.example/1)\n\n"
        "Scope defined.\n\n### [#2: Upgrade](https://x.example/2)\n\nUpgraded.\n",
    )
    assert issue.title == "Week Ending March 17, 2019"
    assert issue.items[0].title == "Developer News" and issue.items[0].body == "A new channel for reviews."


def test_the_library_gives_one_issue_in_several_formats_titles_a_reader_can_tell_apart(
    tmp_path: Path,
) -> None:
    from reader.core.library import load_library

    body = "## First story\n\nText of the first.\n\n## Second story\n\nText of the second.\n"
    (tmp_path / "2024.06.04.md").write_text(f"# OCaml Weekly News\n\n{body}", "utf-8")
    (tmp_path / "2024.06.04.markdown").write_text(f"# OCaml Weekly News\n\n{body}", "utf-8")
    (tmp_path / "2024.05.28.md").write_text(f"# OCaml Weekly News\n\n{body}", "utf-8")
    library = load_library([tmp_path], use_cache=False)
    assert sorted(issue.title for issue in library.issues) == [
        "OCaml Weekly News 2024-05-28",
        "OCaml Weekly News 2024-06-04 (markdown)",
        "OCaml Weekly News 2024-06-04 (md)",
    ]


def test_a_warning_is_reported_once_per_file(tmp_path: Path) -> None:
    """An impossible date read twice (the file name, then the `#+date:` line) is one problem."""
    from reader.core.library import load_library

    digest = tmp_path / "2021-06-34-relaxed.org"
    digest.write_text(
        "#+title: June 2021\n#+date: 2021-06-34\n\nIntro.\n\n* One\n\nText of one.\n\n* Two\n\nText of two.\n",
        encoding="utf-8",
    )
    warnings = [w for w in load_library([tmp_path]).warnings if "impossible date" in w]
    assert len(warnings) == 1, warnings
