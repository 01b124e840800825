"""dateline.htmlpage.v1 on hand-written pages: headline, byline, date, captions, dateline."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import RejectedDocument
from dateline.pages import htmlmeta
from dateline.pages.htmlpage import HtmlPage
from dateline.pages.readers import pipeline_for, read_one
from dateline.records import Article, RawInput

BODY = (
    "<p>BEIRUT (AP) — Government forces retook the northern town on Sunday after two days "
    "of heavy fighting with insurgents, according to residents and a monitoring group.</p>"
    "<p>The monitoring group said at least 14 fighters were killed in the clashes, which "
    "began on Friday when insurgents attacked army checkpoints outside the town.</p>"
    "<p>Residents said the streets were quiet by evening, though sporadic shelling could "
    "still be heard in the hills to the east of the town late into the night.</p>"
)
PAGE = f"""<!DOCTYPE html>
<html lang="en-US"><head>
<meta charset="utf-8">
<title>Army retakes northern town after clashes – Example Times</title>
<meta property="og:title" content="Army retakes northern town after clashes | Example Times">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jane Doe">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Army retakes northern town after clashes",
  "datePublished": "2016-12-11T23:15:00-05:00",
  "author": [{{"@type": "Person", "name": "Jane Doe"}}, {{"@type": "Person", "name": "John Roe"}}]}}
</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Army retakes northern town after clashes</h1>
<p class="byline">By Jane Doe and John Roe</p>
<figure><img src="a.jpg"><figcaption>Soldiers stand guard at a checkpoint outside the
town on Sunday, Dec. 11, 2016. (AP Photo)</figcaption></figure>
{BODY}
</article>
<footer><p>© 2016 Example Times. All rights reserved.</p></footer>
</body></html>"""


def _article(
    html: str, uri: str | None = "https://www.example-times.com/2016/12/11/army"
) -> Article:
    return Article(id="t", source=uri, raw=RawInput(content=html, format="html", uri=uri))


@pytest.fixture(scope="module")
def page() -> Article:
    return HtmlPage()(_article(PAGE))


def test_headline_without_site_name(page: Article) -> None:
    assert page.headline == "Army retakes northern town after clashes"


def test_bylines_from_json_ld(page: Article) -> None:
    assert page.byline == ["Jane Doe", "John Roe"]


def test_published_with_offset_is_zone_known(page: Article) -> None:
    assert page.published == "2016-12-11T23:15-05:00"
    assert page.published_date == "2016-12-11"
    assert page.timezone_known is True and page.timezone == "-05:00"
    assert page.published_precision == "minute"


def test_caption_is_its_own_section_not_body(page: Article) -> None:
    assert len(page.captions) == 1 and page.captions[0].startswith("Soldiers stand guard")
    assert "Soldiers stand guard" not in page.body
    assert [s.kind for s in page.sections] == ["body", "caption"]
    for p in page.paragraphs:
        assert page.text[p.start : p.end].strip() == page.text[p.start : p.end]


def test_body_is_the_story_only(page: Article) -> None:
    assert page.body.startswith("BEIRUT (AP) — Government forces")
    assert "fighters were killed" in page.body
    for chrome in ("Home", "All rights reserved", "By Jane Doe", "Army retakes northern"):
        assert chrome not in page.body
    assert page.body.count("\n\n") == 2  # three paragraphs


def test_dateline_and_language(page: Article) -> None:
    assert page.dateline == "BEIRUT (AP)"
    assert page.language == "en"


def test_naive_date_keeps_zone_unknown_unless_configured() -> None:
    html = PAGE.replace("2016-12-11T23:15:00-05:00", "2016-12-11T23:15:00")
    a = HtmlPage()(_article(html))
    assert a.published == "2016-12-11T23:15" and a.timezone_known is False and a.timezone is None
    b = HtmlPage(timezone="America/Jamaica")(_article(html))
    assert b.timezone_known is True and b.timezone == "America/Jamaica"
    assert b.published == "2016-12-11T23:15-05:00"


def test_visible_byline_and_url_date_when_markup_has_none() -> None:
    html = (
        "<html><head><title>Floods hit the valley - Daily Example</title></head><body><article>"
        "<h1>Floods hit the valley</h1><p>By Maria Lopez</p>" + BODY + "</article></body></html>"
    )
    a = HtmlPage(use_htmldate=False)(_article(html, "https://daily.example.org/2020/03/05/floods"))
    assert a.headline == "Floods hit the valley"
    assert a.byline == ["Maria Lopez"]
    assert a.published == "2020-03-05" and a.published_precision == "day"
    assert "Maria Lopez" not in a.body


def test_reader_hint_wins_for_the_date() -> None:
    art = _article(PAGE)
    art.published = "2016-12-12T00:15+00:00"
    a = HtmlPage()(art)
    assert a.published_date == "2016-12-12" and a.timezone == "+00:00"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Story of the day – Example Times", "Example Times", "Story of the day"),
        ("Story of the day | Example Times", None, "Story of the day"),
        ("Example Times: Story of the day here", "Example Times", "Story of the day here"),
        ("Story of the day - News - Example", None, "Story of the day"),
        ("Pros - and cons - of remote work today", None, "Pros - and cons - of remote work today"),
        ("No separator at all", None, "No separator at all"),
    ],
)
def test_strip_site_name(title: str, site: str | None, expected: str) -> None:
    assert htmlmeta.strip_site_name(title, site) == expected


def test_plain_text_content_goes_to_textpage() -> None:
    text = "Government forces retook northern town\n\n" + BODY.replace("<p>", "").replace(
        "</p>", "\n\n"
    )
    a = HtmlPage()(Article(id="x", raw=RawInput(content=text, format="jsonl")))
    assert (
        a.text.startswith("BEIRUT (AP)") and a.headline == "Government forces retook northern town"
    )


def test_page_without_story_is_rejected() -> None:
    with pytest.raises(RejectedDocument) as ei:
        HtmlPage()(_article("<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    assert ei.value.code in {"DL110", "DL111"}


def test_html_file_runs_through_the_full_pipeline(tmp_path: Path) -> None:
    p = tmp_path / "story.html"
    p.write_text(PAGE, encoding="utf-8")
    art = read_one(p)
    pipe = pipeline_for(art)
    assert pipe.stage_names[0] == "dateline.htmlpage.v1"  # type: ignore[attr-defined]
    out = pipe(art)
    assert out.rejection is None, out.rejection
    assert out.sentences and out.headline == "Army retakes northern town after clashes"
    assert all(
        s.section_kind == "caption"
        for s in out.sentences
        if "checkpoint outside" in out.text[s.start : s.end]
    )
