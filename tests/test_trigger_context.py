"""Trigger words that are not event reports (dateline.events.trigger_context), on hand-built
sentences parsed by the real spaCy model inside the real pipeline."""

from __future__ import annotations

from dateline.events.lexicon import ALL_TRIGGERS, _lemma
from dateline.events.trigger_context import not_an_event
from dateline.language.parse import ensure_doc
from dateline.pipeline import process_text

PAGE = (
    "Headline\n\nPublished: April 10, 2007\n\n{sentence}\n\nThe investigation is continuing, "
    "a police spokesman said on Monday, and more details were expected.\n"
)


def _article(sentence: str):  # type: ignore[no-untyped-def]
    article = process_text(PAGE.format(sentence=sentence))
    assert article.rejection is None
    return article


def _reasons(sentence: str) -> dict[str, str | None]:
    """Each trigger word of the sentence → the rule that says it is no event (None: an event)."""
    article = _article(sentence)
    start = article.text.index(sentence)
    return {
        t.text: not_an_event(t, article)
        for t in ensure_doc(article)  # type: ignore[attr-defined]
        if start <= t.idx < start + len(sentence)
        and (_lemma(t) in ALL_TRIGGERS or t.lower_ in ALL_TRIGGERS)
    }


def _subs(sentence: str) -> list[str]:
    return [e.sub_event_type for e in _article(sentence).events]


def test_a_trigger_word_inside_a_name_is_no_event() -> None:
    assert _reasons("The award is named after the actor Fredric March, who won it twice.")[
        "March"
    ] == ("name")
    assert _subs("The award is named after the actor Fredric March, who won it twice.") == []
    # a lower-case trigger beside a name is still an event
    assert (
        _reasons("Islamic State militants attacked the town of Palmyra on Monday.")["attacked"]
        is None
    )


def test_a_month_is_no_march() -> None:
    reasons = _reasons(
        "Jackman leads the Oscars ceremony next March, on the March 2 broadcast, organisers said."
    )
    assert set(reasons.values()) == {"month"}
    assert _subs("He will host the ceremony on 2 March in Los Angeles, organisers said.") == []
    # the protest march of the same sentence shape stays a protest
    assert "Peaceful protest" in _subs(
        "Thousands of protesters marched through Madrid on March 15 against the cuts."
    )


def test_a_question_or_a_condition_is_not_a_fact() -> None:
    assert _reasons("Will the rebels attack the town of Homs before the talks?")["attack"] == (
        "question"
    )
    assert _reasons("The rebels said they would withdraw if the army attacked the town.")[
        "attacked"
    ] == ("conditional")
    assert _reasons("Officials fear violence if a protest is held in the capital on Monday.")[
        "protest"
    ] == ("conditional")
    # a definite noun under "whether" presupposes its event: the explosion happened
    assert (
        _reasons(
            "Police are investigating whether the explosion in Kabul on Monday was caused by a gas leak."
        )["explosion"]
        is None
    )
    assert _subs("What if the film is terrible and bombs at the box office?") == []


def test_a_trigger_modifying_a_noun_that_is_no_event_is_no_event() -> None:
    reasons = _reasons("Members of the union avoid crossing their own union's picket lines.")
    assert reasons["picket"] == "compound"
    assert _reasons("The bomb squad searched the building in Leeds on Monday.")["bomb"] == (
        "compound"
    )
    # the head is itself an event, presupposes one, or is a fired munition
    assert _reasons("A bomb attack killed three soldiers in Kabul on Monday.")["bomb"] is None
    assert (
        _reasons("The shooting victims were taken to hospital in Detroit on Monday.")["shooting"]
        is None
    )
    assert (
        _reasons("Mortar rounds hit the town of Avdiivka on Monday, killing two civilians.")[
            "Mortar"
        ]
        is None
    )


def test_a_participle_of_a_thing_is_no_event() -> None:
    # the building, the shops are the objects of an earlier deed: the sentence reports a visit
    sentence = "She was scheduled to lay flowers at the bombed embassy in Nairobi on Monday."
    assert _reasons(sentence)["bombed"] == "participle"
    assert _subs(sentence) == []
    sentence = (
        "A rescue team was previously sent to the bombed-out federal building in Oklahoma City."
    )
    assert _reasons(sentence)["bombed"] == "participle"
    assert _subs(sentence) == []
    assert _reasons("Residents returned to the looted shops in Athens on Monday.")["looted"] == (
        "participle"
    )
    # a compound modifier of a place stays no event ("the blast site")
    assert _reasons(
        "Investigators examined cotton swabs taken at the blast site in Nairobi on Monday."
    ) == {"blast": "compound"}


def test_a_participle_of_a_person_or_an_event_and_a_verb_stay_events() -> None:
    # a person: the participle may be the one report of the victims
    assert (
        _reasons("Police found the killed civilians in a ditch near Homs on Monday.")["killed"]
        is None
    )
    assert _subs("Police found the killed civilians in a ditch near Homs on Monday.") == ["Attack"]
    # an event noun: the participle says how it went, the noun is the event
    sentence = "The attempted bombing of the embassy in Nairobi on Monday was foiled by police."
    assert _reasons(sentence)["bombing"] is None
    # the verb of the same deed, and another token beside a modified noun, report it
    sentence = "Militants bombed the embassy in Nairobi on Monday, killing ten people."
    assert _reasons(sentence)["bombed"] is None
    assert _subs(sentence) == ["Remote explosive/landmine/IED"]
    sentence = (
        "A car bomb exploded outside the bombed embassy in Nairobi on Monday, killing ten people."
    )
    reasons = _reasons(sentence)
    assert reasons["bombed"] == "participle"
    assert reasons["exploded"] is None
    assert [(e.sub_event_type, e.fatalities) for e in _article(sentence).events] == [
        ("Remote explosive/landmine/IED", 10)
    ]


def test_an_indefinite_aim_of_an_infinitive_is_no_event() -> None:
    sentence = "The writers have a credible strike threat to wrest a better contract deal from the studios."
    assert _reasons(sentence)["deal"] == "intended"
    assert "Agreement" not in _subs(sentence)
    assert _reasons("The union plans to stage a protest outside the factory next week.")[
        "protest"
    ] == ("intended")
    # a definite object of a purpose clause, or the object of a deed's purpose, exists already
    assert (
        _reasons("Police used live bullets to disperse a peaceful protest in Luanda on Monday.")[
            "protest"
        ]
        is None
    )
    assert (
        _reasons("Riot police fired tear gas to disperse the protest in Athens on Monday.")[
            "protest"
        ]
        is None
    )


def test_a_work_that_bombs_is_a_flop_not_an_explosion() -> None:
    assert _reasons("The film bombed at the box office last weekend, studio executives said.")[
        "bombed"
    ] == ("figurative")
    assert _reasons("The sequel, which bombed in 2005, was his last film.")["bombed"] == (
        "figurative"
    )
    assert _subs("Warplanes bombed the town of Douma on Monday, killing five people.") == [
        "Air/drone strike"
    ]
    assert (
        _reasons("The cinema was bombed by militants on Monday, killing five people.")["bombed"]
        is None
    )


def test_a_verbless_sentence_with_an_indefinite_trigger_noun_ends() -> None:
    """spaCy makes a new Token object on every access, so ``tok.head is tok`` never holds at the
    root: a walk up the tree must compare indices.  A headline-like fragment whose root is an
    indefinite trigger noun ("A bomb attack in Kabul.") once looped forever here."""
    from dateline import limits
    from dateline.events.trigger_context import _clause_heads
    from dateline.language import nlp

    doc = nlp.load()("A bomb attack in Kabul.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.pos_ in ("NOUN", "PROPN")
    with limits.hard_deadline(10):  # a loop that never ends fails here instead of hanging
        assert _clause_heads(root) == []
    art = process_text(
        "KABUL, Afghanistan (AP) — A bomb attack in Kabul.\n\n"
        "Police said on Monday that a car bomb exploded near a market in Kabul, killing four people."
    )
    assert art.rejection is None
