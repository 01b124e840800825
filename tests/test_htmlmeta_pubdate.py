"""The publication day from the page's own date line and the markup, in pubdate's order of trust."""

from __future__ import annotations

from datetime import date

from dateline.pages import htmlmeta, pubdate
from dateline.pages.htmlpage import HtmlPage
from dateline.records import Article, RawInput

BODY = (
    "<p>The council voted on Tuesday to close the old bridge to heavy traffic after "
    "engineers found cracks in two of its supporting piers during a routine check.</p>"
    "<p>Repairs are expected to take most of the year, and a temporary crossing will be "
    "built downstream for buses and delivery lorries in the meantime, officials said.</p>"
)


def _page(date_line: str, ld_date: str = "2024-04-10T08:00:00+00:00") -> str:
    return f"""<html><head><title>Council closes old bridge - Town Post</title>
<script type="application/ld+json">
{{"@type": "NewsArticle", "headline": "Council closes old bridge",
  "datePublished": "{ld_date}"}}
</script></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Council closes old bridge</h1>
<div class="meta">{date_line}</div>
{BODY}</article>
<footer>Copyright 2019 Town Post</footer></body></html>"""


def _visible(html: str) -> list[pubdate.VisibleDate]:
    tree = htmlmeta.parse_html(html)
    assert tree is not None
    return pubdate.visible_dates(tree, "Council closes old bridge")


def _published(html: str) -> str | None:
    art = Article(id="t", raw=RawInput(content=html, format="html", uri=None))
    return HtmlPage(min_body_words=0)(art).published_date


def test_labels_of_visible_dates() -> None:
    found = _visible(_page("Published March 9, 2025 · Updated 2 April 2025"))
    assert [(v.day, v.label) for v in found] == [
        (date(2025, 3, 9), "published"),
        (date(2025, 4, 2), "updated"),
    ]
    assert [(v.day, v.label) for v in _visible(_page("By Ann Lee | Sep. 4, 2025"))] == [
        (date(2025, 9, 4), "none")
    ]


def test_all_number_dates_and_far_dates_are_not_read() -> None:
    assert _visible(_page("03.09.2025")) == []
    # the footer's year and dates far below the headline are outside the window
    far = _page("").replace(
        "</article>", "<p>" + "word " * 200 + "</p><p>May 1, 2020</p></article>"
    )
    assert _visible(far) == []


def test_published_wins_over_updated_and_the_markup() -> None:
    html = _page("Published March 9, 2025 · Updated April 2, 2025")
    assert _published(html) == "2025-03-09"


def test_unlabelled_date_line_wins_over_a_different_markup_date() -> None:
    assert _published(_page("By Ann Lee | September 4, 2025")) == "2025-09-04"


def test_date_line_a_day_from_the_markup_leaves_the_markup() -> None:
    # 23:30 in New York is the next day in UTC: the markup's day stays
    html = _page("April 9, 2024", ld_date="2024-04-10T03:30:00+00:00")
    assert _published(html) == "2024-04-10"


def test_updated_date_alone_does_not_replace_the_markup() -> None:
    assert _published(_page("Last updated: December 17, 2025")) == "2024-04-10"


def test_choose_day_order() -> None:
    pub = pubdate.VisibleDate(date(2025, 3, 9), "published", "March 9, 2025")
    plain = pubdate.VisibleDate(date(2025, 5, 1), "none", "May 1, 2025")
    upd = pubdate.VisibleDate(date(2025, 6, 1), "updated", "June 1, 2025")
    assert pubdate.choose_day([upd, plain, pub], date(2024, 1, 1)) == pub
    assert pubdate.choose_day([upd, plain], date(2024, 1, 1)) == plain
    assert pubdate.choose_day([upd], date(2024, 1, 1)) is None
    assert pubdate.choose_day([plain], date(2025, 4, 30)) is None
    assert pubdate.choose_day([plain], None) == plain
