"""The TIMEX3 tagger/normaliser (dateline.time.timex) and the dateline.times.v1 stage."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.records import Article, Sentence
from dateline.time import timex
from dateline.time.stage import Times

DCT = date(2016, 12, 12)  # a Monday


def one(text: str, expr: str, dct: date | None = DCT):
    """The TimeExpr tagged exactly on ``expr`` (first occurrence)."""
    tags = timex.tag(text, dct)
    start = text.index(expr)
    hits = [t for t in tags if t.start == start and t.end == start + len(expr)]
    assert hits, f"{expr!r} not tagged; got {[(t.text, t.value) for t in tags]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "expr", "typ", "value"),
    [
        (
            "Militants reoccupied the city on Sunday, officials said.",
            "Sunday",
            "DATE",
            "2016-12-11",
        ),
        ("They re-entered the city on Saturday.", "Saturday", "DATE", "2016-12-10"),
        ("In this picture taken last Monday, a man walks.", "last Monday", "DATE", "2016-12-05"),
        ("They were expelled nine months ago.", "nine months ago", "DATE", "2016-03"),
        ("The militants had spent 10 months in the city.", "10 months", "DURATION", "P10M"),
        ("a major advance after a year of setbacks", "a year", "DURATION", "P1Y"),
        ("killed in the last few days.", "the last few days", "DURATION", "PXD"),
        ("By Sunday evening, there was no sign.", "Sunday evening", "TIME", "2016-12-11TEV"),
        (
            "Published: Monday | December 12, 2016 | 12:15 AM",
            "December 12, 2016",
            "DATE",
            "2016-12-12",
        ),
        (
            "Published: Monday | December 12, 2016 | 12:15 AM",
            "12:15 AM",
            "TIME",
            "2016-12-12T00:15",
        ),
        ("The takeover came hours after troops pushed.", "hours", "DURATION", "PTXH"),
        ("the regime's priority now is to finish", "now", "DATE", "PRESENT_REF"),
        ("Prices rose yesterday.", "yesterday", "DATE", "2016-12-11"),
        ("He will speak tomorrow.", "tomorrow", "DATE", "2016-12-13"),
        ("Shares fell today.", "today", "DATE", "2016-12-12"),
        ("Sales rose last year.", "last year", "DATE", "2015"),
        ("Talks resumed this week.", "this week", "DATE", "2016-W50"),
        ("Talks resumed last week.", "last week", "DATE", "2016-W49"),
        ("Earnings rose last month.", "last month", "DATE", "2016-11"),
        ("It was announced earlier this month.", "earlier this month", "DATE", "2016-12"),
        ("a decade of war", "a decade", "DURATION", "P10Y"),
        ("growth in the 1990s was fast", "the 1990s", "DATE", "199"),
        ("profit in the third quarter rose", "the third quarter", "DATE", "2016-Q3"),
        ("third-quarter profit rose", "third-quarter", "DATE", "2016-Q3"),
        ("The group meets every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The paper is published weekly.", "weekly", "SET", "P1W"),
        ("Prices are currently high.", "currently", "DATE", "PRESENT_REF"),
        ("He recently resigned.", "recently", "DATE", "PAST_REF"),
        ("plans for the future are unclear", "the future", "DATE", "FUTURE_REF"),
        ("The law took effect in 2009.", "2009", "DATE", "2009"),
        ("It was signed on Oct. 23, 1998.", "Oct. 23, 1998", "DATE", "1998-10-23"),
        ("It was signed on 5 March 2015.", "5 March 2015", "DATE", "2015-03-05"),
        ("It happened in July 1997.", "July 1997", "DATE", "1997-07"),
        ("It was released on 2015-06-30.", "2015-06-30", "DATE", "2015-06-30"),
        ("the meeting at 10:35 a.m. was brief", "10:35 a.m.", "TIME", "2016-12-12T10:35"),
        ("Results for fiscal 2015 were weak.", "fiscal 2015", "DATE", "2015"),
        ("a four-year term", "four-year", "DURATION", "P4Y"),
        ("He visited last night.", "last night", "TIME", "2016-12-11TNI"),
        ("She called this morning.", "this morning", "TIME", "2016-12-12TMO"),
        ("It happened two weeks ago.", "two weeks ago", "DATE", "2016-W48"),
        ("He left five years ago.", "five years ago", "DATE", "2011"),
        ("in the first half of 2015", "the first half of 2015", "DATE", "2015-H1"),
        ("The price is reviewed daily.", "daily", "SET", "P1D"),
        ("in the 20th century", "the 20th century", "DATE", "19"),
        ("The talks lasted 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
    ],
)
def test_required_values(text: str, expr: str, typ: str, value: str) -> None:
    t = one(text, expr)
    assert (t.type, t.value) == (typ, value)
    assert t.anchor == "2016-12-12"


def test_precision_of_values() -> None:
    assert one("They were expelled nine months ago.", "nine months ago").precision == "month"
    assert one("on Sunday, officials said", "Sunday").precision == "day"
    assert one("By Sunday evening, there", "Sunday evening").precision == "time"
    assert one("a year of setbacks", "a year").precision is None


def test_end_of_month_is_a_bound() -> None:
    text = "The regime's priority is to finish the battle before the end of the month for sure."
    t = one(text, "the end of the month")
    assert t.value == "2016-12-31"
    assert t.bound == "before"
    assert t.mod == "END"


def test_age_is_not_a_time_of_the_story() -> None:
    tags = timex.tag("Palmyra, with its towering 2,000-year-old ruins, is famous.", DCT)
    assert tags == []


def test_month_names_resolve_towards_the_past() -> None:
    # a month well after the DCT month is last year's; the next two months are upcoming
    assert one("Talks collapsed in August.", "August", date(2016, 3, 10)).value == "2015-08"
    assert one("Talks will resume in August.", "August", date(2016, 3, 10)).value == "2016-08"
    assert one("Talks began in February.", "February", date(2016, 3, 10)).value == "2016-02"
    assert one("The vote will be held in January.", "January", DCT).value == "2017-01"


def test_weekdays_future_with_cues() -> None:
    assert one("The minister will visit on Thursday.", "Thursday").value == "2016-12-15"
    assert one("The minister visited on Thursday.", "Thursday").value == "2016-12-08"
    assert one("The minister arrives next Friday.", "next Friday").value == "2016-12-16"
    # the DCT's own weekday is the DCT
    assert one("Shares fell Monday.", "Monday").value == "2016-12-12"


def test_tense_cues() -> None:
    # the verb before the expression governs it, not a later clause's modal
    text = "Clinton glossed over warnings on Thursday that strikes would do harm."
    assert one(text, "Thursday").value == "2016-12-08"
    assert one("He will travel to the United States Thursday.", "Thursday").value == "2016-12-15"
    # clause-initial expression: the verb after it decides
    assert one("On Thursday, the government paid the claims.", "Thursday").value == "2016-12-08"
    # a participle after "be" is a passive, not a past tense; names are not "-ed" verbs
    text = "Collins will be named commander for a mission in October."
    assert one(text, "October", date(2016, 3, 4)).value == "2016-10"
    # irregular past forms are past cues; "could" is not a future cue
    assert one("The bullet tore into his back Friday night.", "Friday night").value == "2016-12-09"
    assert one("He could not be found Wednesday.", "Wednesday").value == "2016-12-07"


def test_year_ago_follows_the_last_mentioned_period() -> None:
    text = (
        "Third-quarter profit rose to $5 million from $4 million a year earlier. "
        "For the nine months, net was $9 million, up from $8 million a year earlier."
    )
    tags = [t for t in timex.tag(text, DCT) if t.text == "a year earlier"]
    assert [t.value for t in tags] == ["2015-Q3", "2015"]


def test_anaphoric_periods_follow_the_last_mentioned_date() -> None:
    text = (
        "He fled in June 1998 and returned later that year. On May 22, 1995, he was promoted, "
        "and the following year he moved. Imports in 1988 totaled $1.5 billion that year."
    )
    got = {t.text: t.value for t in timex.tag(text, DCT)}
    assert got["later that year"] == "1998"
    assert got["the following year"] == "1996"
    assert got["that year"] == "1988"
    # nothing mentioned before: the DCT
    assert one("The following month, it sold.", "The following month").value == "2017-01"
    assert [t.text for t in timex.tag("He said that year-end results fell.", DCT)] == ["year-end"]


def test_the_year() -> None:
    assert one("For the year, volume was flat.", "the year").value == "2016"
    t = one("Revenue was $7 million for the year ended March 31.", "the year")
    assert (t.type, t.value) == ("DURATION", "P1Y")


def test_no_dct_keeps_values_unresolved() -> None:
    assert one("on Sunday, officials said", "Sunday", None).value == "XXXX-WXX-7"
    assert one("Prices rose yesterday.", "yesterday", None).value == "XXXX-XX-XX"
    assert one("He recently resigned.", "recently", None).value == "PAST_REF"
    assert one("It happened in July 1997.", "July 1997", None).value == "1997-07"
    assert one("a year of setbacks", "a year", None).value == "P1Y"


def test_not_time_expressions() -> None:
    for text in (
        "May I come in?",
        "Protesters joined the March for Life.",
        "The company declared a quarterly dividend.",
        "He has a 6-year-old son.",
        "Iraq imports about three-quarters of its food.",
        "It sold 1,999 cars.",
        "Sales should rise 8.5% annually.",
        "The plant would produce 10,000 units annually.",
    ):
        assert timex.tag(text, DCT) == [], text


def test_extents_exclude_signals() -> None:
    assert one("It fell on Sunday.", "Sunday").text == "Sunday"
    t = one("killed in the past two months", "the past two months")
    assert (t.type, t.value) == ("DURATION", "P2M")


def test_stage_sets_sentences_and_anchor() -> None:
    text = "Militants took the city on Sunday.\n\nThey had left nine months ago."
    art = Article(
        text=text,
        published_date="2016-12-12",
        sentences=[Sentence(start=0, end=34), Sentence(start=36, end=len(text))],
    )
    art = Times(use_doc=False)(art)
    got = [(t.text, t.value, t.sentence, t.anchor) for t in art.times]
    assert got == [
        ("Sunday", "2016-12-11", 0, "2016-12-12"),
        ("nine months ago", "2016-03", 1, "2016-12-12"),
    ]


def test_stage_without_published_date() -> None:
    art = Article(text="Militants took the city on Sunday.", sentences=[Sentence(start=0, end=34)])
    art = Times(use_doc=False)(art)
    assert [(t.value, t.anchor) for t in art.times] == [("XXXX-WXX-7", None)]


def test_stage_is_registered() -> None:
    from dateline import registry

    spec = registry.get("dateline.times.v1")
    assert spec.requires == ("text", "sentences")
    assert spec.assigns == ("times",)


def test_stage_is_picklable() -> None:
    import pickle

    stage = pickle.loads(pickle.dumps(Times()))
    assert isinstance(stage, Times)


def test_seed_page(seed_path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    values = {(t.text, t.value) for t in timex.tag(text, DCT)}
    for expected in [
        ("Sunday", "2016-12-11"),
        ("Saturday", "2016-12-10"),
        ("last Monday", "2016-12-05"),
        ("nine months ago", "2016-03"),
        ("10 months", "P10M"),
        ("Sunday evening", "2016-12-11TEV"),
        ("the end of the month", "2016-12-31"),
        ("December 12, 2016", "2016-12-12"),
    ]:
        assert expected in values
    assert not any("2,000" in t for t, _ in values)


_WORDS = st.sampled_from(
    [
        "on",
        "Sunday",
        "last",
        "Monday",
        "nine",
        "months",
        "ago",
        "the",
        "end",
        "of",
        "month",
        "a",
        "year",
        "10",
        "hours",
        "today",
        "December",
        "12,",
        "2016",
        "12:15",
        "AM",
        "said",
        "will",
        "next",
        "week",
        "in",
        "1990s",
        "third-quarter",
        "every",
        "daily",
        "now",
        ".",
        "\n",
        "early",
        "May",
        "fiscal",
        "2,000-year-old",
        "-",
        "two-year",
        "1/2",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.sampled_from([DCT, None, date(1989, 10, 27)]))
def test_property_offsets(words: list[str], dct: date | None) -> None:
    text = " ".join(words)
    tags = timex.tag(text, dct)
    prev_end = -1
    for t in tags:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= prev_end  # sorted, no overlaps
        prev_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value


# --- calendar words in a non-date reading (issue 17) -----------------------


def _tagged(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in timex.tag(text, DCT)]


@pytest.mark.parametrize(
    "text",
    [
        # "fall" the event noun: a determiner and a non-temporal complement
        "The fall of the town was a blow to the rebels.",
        "After the fall of Aleppo, the rebels regrouped.",
        "The fall in oil prices hurt Russia.",
        # "March" the noun or verb
        "The March was peaceful, organisers said.",
        "The March on Washington drew thousands.",
        "He spoke at the annual March on Washington.",
        "Thousands March on the capital.",
        "They held a march through Paris.",
        # "May" the modal verb
        "May they rest in peace.",
        "Officials May announce the results.",
        "officials may announce the results",
        # a weekday quoted on its own: a title, not a day
        'The film "Friday" was a hit.',
    ],
)
def test_calendar_word_not_a_date(text: str) -> None:
    assert _tagged(text) == [], text


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The offensive began in the fall of 2015.", "the fall of 2015", "2015-FA"),
        ("Prices rose last fall.", "last fall", "2015-FA"),
        ("The talks will resume in the fall.", "the fall", "2016-FA"),
        ("the winter of nineteen ninety-four", "the winter of nineteen ninety-four", "1994-WI"),
        ("Apply in the spring of your junior year.", "the spring", "2016-SP"),
        ("The attack happened on March 29.", "March 29", "2016-03-29"),
        ("The attack happened in March.", "March", "2016-03"),
        ("The march began in March.", "March", "2016-03"),
        ("The March accession was approved.", "March", "2016-03"),
        ("The park is open June through September.", "June", "2017-06"),
        ("With January around the corner, plans firmed up.", "January", "2017-01"),
        ("His campaign began March with $8 million.", "March", "2016-03"),
        ("Elections were held in May.", "May", "2016-05"),
        ("He has lived there since May 2015.", "May 2015", "2015-05"),
        ("The vote was on May 5.", "May 5", "2016-05-05"),
        ("Friday's attack killed 12 people.", "Friday", "2016-12-09"),
        ("Tuesday's meeting was cancelled.", "Tuesday", "2016-12-06"),
        ('"I came on Friday," he said.', "Friday", "2016-12-09"),
        ("Shoppers crowded stores on Black Friday.", "Black Friday", "2016-11-25"),
        ("Christians marked Good Friday.", "Good Friday", "2016-03-25"),
    ],
)
def test_calendar_word_still_a_date(text: str, expr: str, value: str) -> None:
    assert one(text, expr).value == value


def test_the_fall_of_the_town_beside_a_true_season() -> None:
    text = "In the fall of 2015 the town fell; the fall of the town shocked the rebels."
    assert _tagged(text) == [("the fall of 2015", "2015-FA")]


def _staged(text: str, use_doc: bool = False) -> list[tuple[str, str]]:
    from dateline.language.parse import ensure_doc

    art = Article(text=text, published_date=DCT.isoformat())
    ensure_doc(art)
    art = Times(use_doc=use_doc)(art)
    return [(t.text, t.value) for t in art.times]


def test_stage_reads_the_parse_for_names_and_modals() -> None:
    # the parse (always given to the tagger by the stage) rejects what the raw text cannot:
    # a weekday inside an organisation's name, a month name inside a person's name
    assert timex.tag("He told the Sunday Times that he would resign.", DCT) != []
    assert _staged("He told the Sunday Times that he would resign.") == []
    assert _staged("Prime Minister May met officials on Friday.") == [("Friday", "2016-12-09")]
    assert _staged("May they rest in peace, he said on Friday.") == [("Friday", "2016-12-09")]
    assert _staged("The group Black September claimed it.") == []
    # the true dates next to them are kept, with and without the parse's tense
    for use_doc in (False, True):
        assert _staged("The talks resumed in May after the fall of Aleppo.", use_doc) == [
            ("May", "2016-05")
        ]


def test_events_are_not_dated_by_a_non_date_reading() -> None:
    from dateline.pipeline import Pipeline

    text = (
        "Rebels seize town in northern Syria\n\nPublished: Monday | December 12, 2016\n\n"
        "Rebels killed 12 soldiers in Idlib after the fall of the town, a Syrian official said. "
        "The government did not comment on the fighting in the province.\n\n"
        "Police arrested 30 protesters in Paris at the March on Washington, organisers said. "
        "The demonstrators had gathered near the city hall to denounce the war in Syria.\n"
    )
    art = Pipeline()(Article.from_raw(text, fmt="text", uri="mem://t17"))
    assert art.published_date == "2016-12-12"
    assert [t.text for t in art.times] == []
    assert art.events
    for ev in art.events:
        # dated by the publication day, not by "the fall" (2016-FA) or "March" (2016-03)
        assert ev.time_expr is None and ev.event_date == "2016-12-12", ev


def test_a_clock_time_takes_the_weekday_named_right_after_it() -> None:
    """ "at about 10:35 a.m. (0735 GMT) Friday" in a Saturday paper is Friday's 10:35."""
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building."
    assert one(text, "about 10:35 a.m.", date(1998, 8, 8)).value == "1998-08-07T10:35"
    text = "Gunmen attacked a checkpoint at 9 p.m. on Thursday, killing two soldiers."
    assert one(text, "9 p.m.", date(1998, 8, 8)).value == "1998-08-06T21:00"
    text = "Gunmen attacked a checkpoint at 9 p.m., killing two soldiers."
    assert one(text, "9 p.m.", date(1998, 8, 8)).value == "1998-08-08T21:00"
