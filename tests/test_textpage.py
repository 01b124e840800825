"""Page structuring of plain-text scraped pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import RejectedDocument
from dateline.pages.textpage import (
    TextPage,
    is_date_only,
    parse_datetime,
    relatedness,
    repair_glued,
)
from dateline.records import Article

STORY = (
    "Rebel fighters seized the town of Kidal on Tuesday after two days of clashes with "
    "government soldiers, a local official said. The rebels later raised their flag over the "
    "town hall.\n\nThe army said it would retake the town within days, and residents fled "
    "toward the border as fighting continued in the surrounding hills."
)


def run(page: str, **cfg: object) -> Article:
    return TextPage(**cfg)(Article.from_raw(page))  # type: ignore[arg-type]


def test_seed_structure(seed_path):
    a = run(seed_path.read_text())
    assert a.published == "2016-12-12T00:15"
    assert a.published_date == "2016-12-12"
    assert a.timezone is None and not a.timezone_known
    assert any("time zone unknown" in w for w in a.warnings)
    assert a.headline is None and "no headline" in (a.headline_reason or "")
    assert "Dottin" not in a.text
    assert "Jul 16, 2018" not in a.text and "Published" not in a.text
    kinds = {c.kind for c in a.chrome}
    assert {"date_stamp", "unrelated_headline", "publication"} <= kinds
    # caption separated from the body, kept as its own section
    assert len(a.captions) == 1 and a.captions[0].startswith("In this picture taken last Monday")
    assert "In this picture" not in a.body
    assert a.body.startswith("Islamic State (IS) militants reoccupied")
    # glued sentences repaired, paragraphs kept
    assert "campaign. The militants" in a.text
    assert len([p for p in a.paragraphs if p.section == 0]) == 9


def test_related_headline_is_kept_and_byline_parsed():
    page = (
        "Sports | News | Business\n\nRebels seize Kidal after clashes with soldiers\n\nBy Jane Doe and John Roe\n\n"
        + STORY
    )
    a = run(page)
    assert a.headline == "Rebels seize Kidal after clashes with soldiers"
    assert a.byline == ["Jane Doe", "John Roe"]
    assert a.text.startswith("Rebel fighters seized")
    assert "Sports" not in a.text


def test_unrelated_ticker_is_not_the_headline():
    a = run("Lakers edge Celtics in overtime thriller\n\n" + STORY)
    assert a.headline is None
    assert a.chrome[0].kind == "unrelated_headline"


def test_timezone_configured_and_published_with_offset():
    page = "Published: March 3, 2020 at 9:30 pm\n\n" + STORY
    a = run(page, timezone="Africa/Bamako")
    assert a.published == "2020-03-03T21:30+00:00" and a.timezone_known
    b = run("Posted 2020-03-03T21:30:00+02:00\n\n" + STORY)
    assert b.published == "2020-03-03T21:30+02:00" and b.timezone_known
    c = run("Published: March 3, 2020\n\n" + STORY)
    assert c.published == "2020-03-03" and c.published_precision == "day"


def test_date_stamp_is_only_a_fallback():
    a = run("Tue | Mar 3, 2020\n\n" + STORY)
    assert a.published_date == "2020-03-03"
    assert any("unlabelled date stamp" in w for w in a.warnings)


def test_hard_wrapped_paragraph_rejoined():
    wrapped = (
        "Rebel fighters seized the town of Kidal on Tuesday after two days of\n"
        "clashes with government soldiers, a local official said on Wednesday in\n"
        "a statement to reporters gathered in the capital city of the region.\n"
    )
    a = run(wrapped + "\n" + STORY)
    assert len(a.paragraphs) == 3
    assert "days of clashes" in a.text


def test_caption_by_photo_credit():
    page = STORY + "\n\nSoldiers patrol a street in Kidal, Mali. (AP Photo/Baba Ahmed)"
    a = run(page)
    assert a.captions == ["Soldiers patrol a street in Kidal, Mali. (AP Photo/Baba Ahmed)"]
    assert "AP Photo" not in a.body


@pytest.mark.parametrize(
    "page,code", [("", "DL102"), ("   \n\n ", "DL102"), ("Home\n\nShare", "DL110")]
)
def test_rejections(page, code):
    with pytest.raises(RejectedDocument) as ei:
        run(page)
    assert ei.value.code == code


def test_helpers():
    assert is_date_only("Mon | Jul 16, 2018")
    assert not is_date_only("Dottin powers Heat to exciting victory")
    assert parse_datetime("Monday | December 12, 2016 | 12:15 AM")[1] == "minute"  # type: ignore[index]
    assert repair_glued("the campaign.The militants")[0] == "the campaign. The militants"
    assert repair_glued("the U.S.A. and 3.5 km")[1] == 0
    assert relatedness("Rebels seize Kidal", STORY) == 1.0
    assert relatedness("Lakers edge Celtics", STORY) == 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=8)
)
def test_offsets_always_inside_text(parts):
    page = "\n\n".join(parts + [STORY])
    a = run(page)
    for span in [*a.sections, *a.paragraphs]:
        assert 0 <= span.start <= span.end <= len(a.text)
    assert a.body.strip() and a.text[a.paragraphs[0].start : a.paragraphs[0].end].strip()


def test_a_date_followed_by_its_update_label_is_a_publication_line():
    from dateline.pipeline import process_text

    art = process_text(
        "Man charged over supermarket fire\n\n22 July 2013 Last updated at 17:50 GMT\n\n"
        "A man has been charged after a fire at a supermarket in the town on Sunday, police "
        "said. Crews were called just after six in the morning and the roof collapsed.\n"
    )
    assert art.published_date == "2013-07-22"
