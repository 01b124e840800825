"""French pages: language detection, the French spaCy pipeline, French time expressions, and
the stages that do not read French yet (quotes, events) skipping with a warning."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.language import detect, nlp
from dateline.pipeline import Pipeline, process_text
from dateline.records import Article
from dateline.registry import DEFAULT_STAGES
from dateline.time import french

# a page written for this test (no real outlet's wording)
FRENCH_PAGE = """\
Mali : une attaque contre un camp de l'armée fait trois morts près de Tombouctou

Publié le 12 décembre 2016

BAMAKO, Mali — Des hommes armés ont attaqué hier un camp de l'armée malienne près de \
Tombouctou, tuant trois soldats, a annoncé le ministère de la Défense dans un communiqué.

Le ministre de la Défense, Tiéna Coulibaly, s'est rendu lundi à Tombouctou pour rencontrer \
les blessés. « Nous ne céderons pas face aux terroristes », a-t-il déclaré devant la presse.

Selon la Mission des Nations unies au Mali (MINUSMA), l'attaque n'a pas été revendiquée. Le \
2 décembre, un convoi de l'organisation avait déjà été visé par un engin explosif dans la \
région de Gao.

La semaine dernière, des centaines de personnes avaient manifesté à Bamako pour réclamer \
davantage de sécurité dans le nord du pays.
"""

GERMAN_PAGE = """\
Bundeswehr verlängert Einsatz in Mali

Veröffentlicht am 12. Dezember 2016

BERLIN — Der Bundestag hat am Montag beschlossen, den Einsatz der Bundeswehr in Mali um ein \
weiteres Jahr zu verlängern. Die Soldaten sollen die Mission der Vereinten Nationen im Norden \
des Landes weiter unterstützen, sagte die Verteidigungsministerin vor den Abgeordneten.

Nach Angaben der Regierung sind derzeit mehr als fünfhundert deutsche Soldaten in Gao \
stationiert.
"""


@pytest.fixture(scope="module")
def fr_article() -> Article:
    return process_text(FRENCH_PAGE, uri="bamako-fr.txt")


def test_french_page_detected_and_dated(fr_article: Article) -> None:
    assert fr_article.rejection is None
    assert (fr_article.language, fr_article.language_source) == ("fr", "text")
    assert fr_article.published_date == "2016-12-12"
    assert fr_article.published_source == "line"
    assert not any("not supported: analysed with the English" in w for w in fr_article.warnings)


def test_french_sentences_and_entities(fr_article: Article) -> None:
    text = fr_article.text
    sents = [text[s.start : s.end] for s in fr_article.sentences]
    assert len(sents) >= 6
    assert any(s.startswith("Le ministre de la Défense, Tiéna Coulibaly") for s in sents)
    by_label = {(e.canonical, e.label) for e in fr_article.entities}
    assert ("Tiéna Coulibaly", "PERSON") in by_label
    assert ("MINUSMA", "ORG") in by_label
    # the French NER labels never reach the stages
    assert not {e.label for e in fr_article.entities} & {"PER", "MISC"}


def test_french_places_geocoded_to_mali(fr_article: Article) -> None:
    names = {(p.name, p.country_code) for p in fr_article.places}
    assert {("Bamako", "ML"), ("Mali", "ML"), ("Gao", "ML")} <= names
    # the French exonym "Tombouctou" is the gazetteer's Timbuktu
    assert ("Timbuktu", "ML") in names


def test_french_times_resolved_against_the_publication_date(fr_article: Article) -> None:
    got = {t.text: t.value for t in fr_article.times}
    assert got["hier"] == "2016-12-11"
    assert got["lundi"] == "2016-12-12"  # the publication day is a Monday
    assert got["2 décembre"] == "2016-12-02"
    assert got["La semaine dernière"] == "2016-W49"
    for t in fr_article.times:
        assert fr_article.text[t.start : t.end] == t.text
        assert t.sentence is not None


def test_french_quotes_with_speakers(fr_article: Article) -> None:
    assert not any("French is not supported" in w for w in fr_article.warnings)
    got = {(q.kind, q.content_text, q.speaker_name) for q in fr_article.quotes}
    # « … », a-t-il déclaré: the pronoun takes the person named before
    assert ("direct", "Nous ne céderons pas face aux terroristes", "Tiéna Coulibaly") in got
    # « selon X, … » and the incise « …, a annoncé le ministère »
    selon = next(q for q in fr_article.quotes if q.cue_text == "Selon")
    assert selon.content_text == "l'attaque n'a pas été revendiquée"
    assert selon.speaker_text == "la Mission des Nations unies au Mali (MINUSMA)"
    incise = next(q for q in fr_article.quotes if q.cue_text == "annoncé")
    assert incise.speaker_text == "le ministère de la Défense"
    assert incise.speaker_kind == "organization"
    assert incise.content_text.startswith("Des hommes armés ont attaqué hier un camp")


def test_french_events_typed_into_acled(fr_article: Article) -> None:
    main = fr_article.events[0]
    # an attack on an army camp that kills soldiers is a battle (ACLED), dated by « hier »
    assert (main.sub_event_type, main.event_type) == ("Armed clash", "Battles")
    assert main.event_date == "2016-12-11" and main.time_precision == 1
    assert main.fatalities == 3
    assert main.location == "Tombouctou" and main.country == "Mali"
    assert main.actor1 == "Unidentified Armed Group (Mali)"
    assert main.actor2 == "Military Forces of Mali"
    assert "French rules" in main.notes
    # the pluperfect demonstration of last week is background
    demo = next(e for e in fr_article.events if e.sub_event_type == "Peaceful protest")
    assert demo.background and demo.location == "Bamako"


def test_german_page_rejected_not_silently_english() -> None:
    art = process_text(GERMAN_PAGE, uri="mali-de.txt")
    assert (art.language, art.language_source) == ("de", "text")
    assert art.rejection is not None and art.rejection.code == "DL113", art.rejection
    assert art.rejection.reason.startswith("not analysed: language 'de'")
    assert art.rejection.stage == "dateline.parse.v1"
    assert not art.events and not art.quotes


def test_german_page_forced_through_a_model_is_analysed() -> None:
    pipe = Pipeline(config={"dateline.parse.v1": {"model": nlp.DEFAULT_MODEL}})
    art = pipe(Article.from_raw(GERMAN_PAGE, fmt="text", uri="mali-de.txt"))
    assert art.rejection is None and art.sentences


def test_english_seed_detected_as_english(seed_path) -> None:
    art = process_text(seed_path.read_text(), uri=str(seed_path))
    assert (art.language, art.language_source) == ("en", "text")
    assert not any("not supported" in w for w in art.warnings)
    assert art.events


def test_html_language_from_markup_wins() -> None:
    paras = "".join(f"<p>{p}</p>" for p in FRENCH_PAGE.split("\n\n")[2:])
    html = (
        '<html lang="fr-FR"><head><title>Attaque au Mali</title></head><body><article>'
        f"<h1>Mali : une attaque contre un camp de l'armée</h1>{paras}</article></body></html>"
    )
    pipe = Pipeline(("dateline.htmlpage.v1", *DEFAULT_STAGES[1:]))
    art = pipe(Article.from_raw(html, fmt="html", uri="https://example.org/fr/mali"))
    assert art.rejection is None, art.rejection
    assert (art.language, art.language_source) == ("fr", "meta")
    assert any(p.name == "Bamako" for p in art.places)


def test_short_text_keeps_the_default() -> None:
    art = Article(text="Le Mali.")
    assert detect.ensure_language(art) == "en"
    assert art.language_source == "default"
    given = Article(text="Short.", language="fr")
    assert detect.ensure_language(given) == "fr" and given.language_source == "given"


def test_model_choice() -> None:
    assert nlp.model_for("fr-FR") == "fr_core_news_sm"
    assert nlp.model_for("en") == nlp.DEFAULT_MODEL
    assert nlp.model_for("de") == nlp.DEFAULT_MODEL and not nlp.supported("de")


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("le 11 décembre", "2016-12-11", "day"),
        ("lundi dernier", "2016-12-05", "day"),
        ("dimanche", "2016-12-11", "day"),
        ("avant-hier", "2016-12-10", "day"),
        ("il y a neuf mois", "2016-03", "month"),
        ("il y a deux semaines", "2016-W48", "week"),
        ("l'an dernier", "2015", "year"),
        ("en mars 2015", "2015-03", "month"),
        ("le mois prochain", "2017-01", "month"),
    ],
)
def test_french_time_values(phrase: str, value: str, precision: str) -> None:
    [t] = french.tag(f"Il l'a dit {phrase}.", date(2016, 12, 12))
    assert (t.value, t.precision) == (value, precision)


def test_french_future_weekday_and_no_anchor() -> None:
    text = "Le ministre se rendra mardi à Gao."
    doc = nlp.load(nlp.FRENCH_MODEL)(text)
    [t] = french.tag(text, date(2016, 12, 12), doc=doc)
    assert t.value == "2016-12-13"
    [u] = french.tag("Il est arrivé hier.", None)
    assert u.value == "XXXX-XX-XX" and u.anchor is None
    assert french.parse_date("lundi 12 décembre 2016 à 14h30").hour == 14  # type: ignore[union-attr]
    assert french.parse_date("12 December 2016") is None
