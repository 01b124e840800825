"""French events: ACLED-typed events from a French trigger lexicon over the French parse.

The English triggers, circumstance rules and the learned typer (trained on English CASE
snippets) do not read French; for a French page the event stage calls :func:`extract`.

* **Triggers** by lemma (verbs and nouns of French news: attentat, explosion, frappe,
  bombardement, tuer, manifestation, émeute, affrontement, enlever, interpeller, incendier …;
  « abattre » counts the dead but is no trigger: an assailant « abattu par la police » ends an
  event already told), each mapped to an ACLED sub-event type or to a family that the
  actors decide (a killing of civilians is an *Attack*, of soldiers an *Armed clash*; an
  « affrontement » between youths or protesters and the police a *Violent demonstration*).
  Negated (« ne … pas »), conditional and future triggers did not happen and are skipped.
* **Actors** from the parse (subject, passive agent « par X », object) and the entities:
  a named group keeps its name, generic nouns take ACLED's generic forms (« des hommes
  armés » → Unidentified Armed Group (country), « les policiers » → Police Forces of …).
* **Fatalities** from French numerals (« trois morts », « au moins 12 personnes ont été
  tuées », « tuant 16 civils et trois militaires », « une vingtaine de personnes »), also from a
  toll sentence of the same paragraph (« Le bilan s'élève à 31 morts »); the lowest figure.
* **Dates** from the French time stage's expressions of the sentence (nearest the trigger),
  else the narrative date, else the publication date (week precision); pluperfect triggers
  (« avait été visé ») and dates over a month old are background.
* **Places** from the places stage (the sentence's, a town before a country), else the
  narrative place, else the article's first town.

One event per sentence (the sub-event type of highest ACLED rank among its triggers); events
of one day, place and family merge, as in the English stage.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from dateline.events import acled
from dateline.language import actors
from dateline.records import Article, Event, Place, Plover, Span

log = logging.getLogger(__name__)

KILL = "KILL"  # civilians → Attack; armed victims → Armed clash
ATTACK = "ATTACK"  # against a military target → Armed clash, else Attack
CLASH = "CLASH"  # armed clash, or a riot when a crowd fights the police

#: trigger lemmas → sub-event type (or a family decided by the actors)
TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        "tuer assassiner massacrer exécuter égorger décapiter poignarder fusiller mitrailler"
        " tuerie massacre fusillade assassinat meurtre".split(),
        KILL,
    ),
    **dict.fromkeys("attaque attaquer assaut attentat agression".split(), ATTACK),
    **dict.fromkeys(
        "affrontement affronter combat combattre accrochage embuscade".split(),
        CLASH,
    ),
    **dict.fromkeys("frappe bombardement bombarder raid drone".split(), "Air/drone strike"),
    **dict.fromkeys(
        "obus pilonnage pilonner roquette missile mortier artillerie".split(),
        "Shelling/artillery/missile attack",
    ),
    **dict.fromkeys(
        "explosion exploser bombe mine engin piéger".split(), "Remote explosive/landmine/IED"
    ),
    **dict.fromkeys("kamikaze attentat-suicide".split(), "Suicide bomb"),
    "grenade": "Grenade",
    **dict.fromkeys(
        "enlever enlèvement kidnapper kidnapping rapt ravisseur otage".split(),
        "Abduction/forced disappearance",
    ),
    **dict.fromkeys("viol violer".split(), "Sexual violence"),
    **dict.fromkeys(
        "manifester manifestation manifestant défiler défilé marche rassemblement"
        " rassembler cortège grève protestation sit-in".split(),
        "Peaceful protest",
    ),
    **dict.fromkeys("émeute émeutier saccager piller pillage".split(), "Violent demonstration"),
    **dict.fromkeys(
        "arrêter interpeller interpellation arrestation appréhender écrouer".split(), "Arrests"
    ),
    **dict.fromkeys("incendier vandaliser détruire".split(), "Looting/property destruction"),
    **dict.fromkeys("cessez-le-feu trêve".split(), "Agreement"),
    **dict.fromkeys("désamorcer intercepter".split(), "Disrupted weapons use"),
}
#: a noun that makes the trigger word's sense ("frappe" alone is ambiguous: « frappe aérienne »)
_SUICIDE = re.compile(
    r"\b(?:kamikazes?|attentats?-suicides?|s'est fait exploser|se sont fait exploser|se faire exploser|ceinture d'explosifs)\b",
    re.I,
)
_CHEMICAL = re.compile(r"\b(?:chimiques?|sarin|chlore|neurotoxique)\b", re.I)

#: generic actor nouns (lemmas) → ACLED kind
STATE = frozenset("soldat militaire armée force gendarme gendarmerie policier police crs".split())
POLICE = frozenset("gendarme gendarmerie policier police crs".split())
ARMED = frozenset(
    "assaillant jihadiste djihadiste terroriste kamikaze commando insurgé rebelle milicien"
    " combattant ravisseur tireur islamiste agresseur".split()
)
PROTESTERS = frozenset("manifestant protestataire gréviste".split())
RIOTERS = frozenset("émeutier casseur jeune".split())
CIVILIANS = frozenset(
    "civil habitant personne passant touriste enfant femme villageois spectateur fidèle"
    " journaliste otage prêtre professeur victime baigneur client employé élève".split()
)
_MILITARY_TARGET = re.compile(
    r"\b(?:camp|base|caserne|poste|convoi|patrouille)s?\s+(?:militaire|de l'armée)|\bsoldats?\b|\bmilitaires\b",
    re.I,
)

_NUM_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100,
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "centaine": 100,
}  # fmt: skip
_NUM = (
    r"(?:\d[\d  ]*|(?:une\s+)?(?:"
    + "|".join(sorted(_NUM_WORDS, key=len, reverse=True))
    + r")(?:-\w+)?)"
)
_QUAL = r"(?:au moins |plus d[e'] ?|près d[e'] ?|environ |quelque |au total |des )?"
_DEAD = r"(?:morts?|tués?|tuées?|décès|victimes)"
#: « trois morts », « 12 personnes ont été tuées », « 71 soldats tués »
_FATAL_BEFORE = re.compile(
    rf"\b{_QUAL}(?P<n>{_NUM})\s+(?:de\s+)?(?:(?!ont\b)\w+\s+){{0,2}}?(?:(?:ont été|sont|avaient été|étaient)\s+)?{_DEAD}\b",
    re.I,
)
#: « tuant au moins 89 personnes », « a tué une vingtaine de personnes »
_FATAL_AFTER = re.compile(
    rf"\b(?:tuant|tué|tue|tuer|faisant|fait|coûté la vie à)\s+(?:\w+\s+)?{_QUAL}(?P<n>{_NUM})\s+(?:de\s+)?(?P<who>\w+)(?P<more>\s+et\s+{_NUM}\s+\w+)?",
    re.I,
)
_NOT_DEAD = re.compile(
    r"^(?:blessés?|blessées?|otages?|clients?|kilomètres?|ans|jours?|heures?|mois)$", re.I
)


def number(text: str) -> int | None:
    """A French numeral: digits (« 806 000 »), words (« trois », « vingt-deux »), approximate
    nouns (« une vingtaine » → 20, « des dizaines » → 12 under ACLED's rule for « dozens »)."""
    t = text.lower().strip()
    digits = re.match(r"\d[\d  ]*", t)
    if digits:
        return int(re.sub(r"\D", "", digits.group(0)))
    if re.match(r"des\s+dizaines", t):
        return 12
    t = re.sub(r"^une\s+", "", t)
    parts = t.split("-")
    if parts[0] in _NUM_WORDS:
        total = _NUM_WORDS[parts[0]]
        if len(parts) > 1 and parts[1] in _NUM_WORDS and _NUM_WORDS[parts[1]] < 20:
            total += _NUM_WORDS[parts[1]]
        return total
    return None


def fatalities(sentence: str) -> int:
    """The fatalities a French sentence reports (the lowest reading; 0 when none)."""
    found: list[int] = []
    for m in _FATAL_AFTER.finditer(sentence):
        if _NOT_DEAD.match(m.group("who")):
            continue
        n = number(m.group("n"))
        if n is not None:
            more = m.group("more")
            extra = (
                number(more.split()[1]) if more and not _NOT_DEAD.match(more.split()[-1]) else None
            )
            found.append(n + (extra or 0))
    for m in _FATAL_BEFORE.finditer(sentence):
        n = number(m.group("n"))
        if n is not None:
            found.append(n)
    if not found and re.search(
        r"\b(?:a|avait) été (?:tuée?|abattue?|assassinée?|poignardée?|décapitée?)\b", sentence
    ):
        found.append(1)
    return max(found) if found else 0


#: verbs whose patient (object, passive subject) or subject (« mourir ») is the dead
_DEATH_VERBS = frozenset("tuer assassiner massacrer exécuter abattre égorger décapiter".split())
_DIE_VERBS = frozenset("mourir périr décéder succomber".split())
#: nouns counted with a number that are not people (an age: « 85 ans »)
_NOT_PEOPLE = frozenset("an année mois jour heure kilomètre mètre camp convoi véhicule".split())


def parsed_fatalities(span: Any) -> int:
    """The dead counted on the parse: the number of the patient of a killing verb (« au moins
    72 personnes, dont des enfants, ont été tuées », « tuant 16 civils et trois militaires »),
    one for a single named or singular patient (« ont tué le père Jacques Hamel »)."""
    best = 0
    for tok in span:
        lemma = tok.lemma_.lower()
        if lemma not in _DEATH_VERBS and lemma not in _DIE_VERBS:
            continue
        if _negated(tok) or _unreal(tok):
            continue
        deps = ("nsubj",) if lemma in _DIE_VERBS else ("obj", "nsubj:pass")
        patients = [c for c in tok.children if c.dep_ in deps]
        if not patients and any(c.dep_ == "aux:pass" for c in tok.children):
            # « Au moins 72 personnes, dont des enfants, ont été tuées »: the parser may leave
            # the passive subject unlabelled when an incise separates it from the verb
            patients = [c for c in tok.children if c.i < tok.i and c.pos_ == "NOUN"][:1]
        total = 0
        for c in patients:
            if c.pos_ not in ("NOUN", "PROPN", "NUM") or c.lemma_.lower() in _NOT_PEOPLE:
                continue
            conj = [
                x for x in c.children if x.dep_ == "conj" and x.lemma_.lower() not in _NOT_PEOPLE
            ]
            for noun in (c, *conj):
                nums = [x for x in noun.children if x.dep_ == "nummod"]
                if noun.pos_ == "NUM":
                    total += number(noun.text) or 0
                elif nums:
                    total += number(nums[0].text) or 0
                elif noun.lemma_.lower() in _NUM_WORDS:  # « une vingtaine de personnes »
                    total += _NUM_WORDS[noun.lemma_.lower()]
                elif "Sing" in noun.morph.get("Number") or noun.pos_ == "PROPN":
                    total += 1
        best = max(best, total)
    return best


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity") for c in tok.children)


def _unreal(tok: Any) -> bool:
    """Conditional or future: the trigger is reported as not (yet) having happened."""
    forms = [tok, *(c for c in tok.children if c.pos_ == "AUX")]
    return any("Cnd" in t.morph.get("Mood") or "Fut" in t.morph.get("Tense") for t in forms)


def _pluperfect(tok: Any) -> bool:
    aux = [c for c in tok.children if c.dep_.startswith("aux")]
    return any(a.lemma_ in ("avoir", "être") and "Imp" in a.morph.get("Tense") for a in aux) and (
        "Part" in tok.morph.get("VerbForm")
    )


def _trigger_type(tok: Any) -> str | None:
    lemma = tok.lemma_.lower()
    sub = TRIGGERS.get(lemma) or TRIGGERS.get(tok.lower_)
    if sub is None:
        return None
    if lemma == "feu" or tok.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
        return None
    if lemma in ("engin", "mine") and not any(
        c.lemma_ in ("explosif", "piégé", "antipersonnel") for c in tok.children
    ):
        return None
    if lemma in ("marche",) and tok.pos_ != "NOUN":
        return None
    if lemma in ("arrêter",) and any(c.dep_ == "obj" and c.pos_ == "VERB" for c in tok.children):
        return None
    return sub


def _open_fire(tok: Any) -> bool:
    """« ouvrir le feu » is a shooting, « faire trois morts » / « coûter la vie » a killing:
    killing-family triggers."""
    if tok.lemma_ == "ouvrir":
        return any(c.lemma_ == "feu" for c in tok.children)
    if tok.lemma_ in ("faire", "coûter"):
        return any(c.dep_ == "obj" and c.lemma_ in ("mort", "victime", "vie") for c in tok.children)
    return False


def _definite_noun(tok: Any) -> bool:
    """« l'attaque », « les frappes »: a definite nominal trigger names an event already told."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and "Def" in c.morph.get("Definite") for c in tok.children
    )


def _clause_verb(tok: Any) -> Any:
    """The finite verb a participle clause (« tuant trois soldats ») hangs from."""
    t = tok
    for _ in range(4):
        if t.dep_ not in ("acl", "advcl", "conj", "xcomp") or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in t.children):
            return t
    return tok.head


Actor = tuple[str | None, str | None]  # (kind, name when the entity has one)


def _kind_of(tok: Any, article: Article) -> Actor:
    """(kind, named actor) of an actor head token: a named organisation from the entities, else
    the kind of its noun."""
    for m in article.mentions:
        if m.start <= tok.idx < m.end and m.entity is not None and m.label in ("ORG", "GROUP"):
            ent = article.entities[m.entity]
            return ent.kind or "armed_group", ent.canonical
    lemma = tok.lemma_.lower()
    if lemma == "homme" and any(c.lemma_ in ("armé", "armer") for c in tok.children):
        return "armed_group", None
    if lemma in ARMED:
        return "armed_group", None
    if lemma in POLICE or (lemma == "force" and any(c.lemma_ == "ordre" for c in tok.subtree)):
        return "police", None
    if lemma in STATE:
        return "state_forces", None
    if lemma in PROTESTERS:
        return "protesters", None
    if lemma in RIOTERS:
        return "rioters", None
    if lemma in CIVILIANS or tok.ent_type_ == "PER":
        return "civilians", None
    return None, None


def _actors(tok: Any, article: Article) -> tuple[list[Actor], list[Actor]]:
    """Agents and patients of a trigger from the parse: subject, « par X », objects, « de X »
    of a nominal trigger; a participle clause (« tuant … ») takes the main verb's subject."""
    agents: list[Actor] = []
    patients: list[Actor] = []
    heads = [tok] + ([_clause_verb(tok)] if tok.dep_ in ("acl", "advcl", "conj", "xcomp") else [])
    for h in heads:
        for c in h.children:
            kind = _kind_of(c, article)
            if kind[0] is None and c.dep_ == "obj":
                # « un camp de l'armée »: the target's owner
                owner = next((g for g in c.children if g.dep_ == "nmod"), None)
                kind = _kind_of(owner, article) if owner is not None else kind
            if kind[0] is None:
                continue
            if c.dep_ in ("nsubj",) or c.dep_ == "obl:agent":
                (agents if h is tok or not agents else agents).append(kind)
            elif c.dep_ in ("obj", "nsubj:pass") and h is tok:
                patients.append(kind)
            elif c.dep_ == "nmod" and tok.pos_ == "NOUN":
                (
                    agents if kind[0] in ("armed_group", "protesters", "rioters") else patients
                ).append(kind)
    return agents, patients


def _name(kind: str | None, named: str | None, country: str | None) -> str | None:
    if named:
        return named
    if kind is None or not country:
        return None
    return {
        "armed_group": actors.unidentified_armed_group,
        "state_forces": actors.military_forces,
        "police": actors.police_forces,
        "protesters": actors.protesters,
        "rioters": actors.rioters,
        "civilians": actors.civilians,
    }.get(kind, lambda c: None)(country)


class _Extractor:
    def __init__(self, article: Article, doc: Any) -> None:
        self.article = article
        self.doc = doc
        self.anchor = date.fromisoformat(article.published_date) if article.published_date else None
        towns = [p for p in article.places if p.feature == "city"]
        self.first_place: Place | None = (towns or article.places)[0] if article.places else None

    def place_for(self, si: int, trig: Any) -> Place | None:
        here = [p for p in self.article.places if p.sentence == si]
        if not here:
            return None
        towns = [p for p in here if p.feature == "city"] or here
        return min(towns, key=lambda p: abs(p.start - trig.idx))

    def time_for(self, si: int, trig: Any) -> int | None:
        here = [
            (abs(t.start - trig.idx), i)
            for i, t in enumerate(self.article.times)
            if t.sentence == si and t.type == "DATE"
        ]
        return min(here)[1] if here else None

    def sub_type(
        self,
        base: str,
        trig: Any,
        sentence: str,
        agents: list[Actor],
        patients: list[Actor],
        paragraph: str = "",
    ) -> str:
        """The ACLED sub-event type of a trigger (``paragraph``: where the police's intervention
        in a demonstration may be told, « La police a dispersé la foule »)."""
        kinds = {k for k, _ in agents + patients}
        if _SUICIDE.search(sentence) and base in (ATTACK, "Remote explosive/landmine/IED", KILL):
            return "Suicide bomb"
        if _CHEMICAL.search(sentence) and base in (ATTACK, KILL):
            return "Chemical weapon"
        if base == KILL:
            victims = {k for k, _ in patients}
            if victims & {"state_forces", "police", "armed_group"} and "civilians" not in victims:
                return "Armed clash"
            return "Attack"
        if base == ATTACK:
            target = " ".join(t.text for t in trig.subtree) if trig.pos_ == "NOUN" else sentence
            return "Armed clash" if _MILITARY_TARGET.search(target) else "Attack"
        if base == CLASH:
            crowd = kinds & {"protesters", "rioters"} or re.search(
                r"\b(?:manifestants?|jeunes|émeutiers?|casseurs?)\b", sentence, re.I
            )
            return "Violent demonstration" if crowd else "Armed clash"
        if base == "Peaceful protest" and re.search(
            r"\b(?:dispers\w+|gaz lacrymogènes?|canons? à eau|charg\w+ les manifestants)\b",
            paragraph or sentence,
            re.I,
        ):
            return "Protest with intervention"
        if base == "Looting/property destruction" and kinds & {"protesters", "rioters"}:
            return "Violent demonstration"
        return base

    def run(self) -> list[Event]:
        art, doc = self.article, self.doc
        events: list[Event] = []
        narrative: tuple[str | None, int | None] = (None, None)
        narrative_place: Place | None = None
        last_by_para: dict[int | None, Event] = {}
        for si, sent in enumerate(art.sentences):
            if sent.section_kind != "body":
                continue
            span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
            if span is None:
                continue
            text = art.text[sent.start : sent.end]
            dead = max(fatalities(text), parsed_fatalities(span))
            para = (
                art.paragraphs[sent.paragraph]
                if sent.paragraph is not None and sent.paragraph < len(art.paragraphs)
                else sent
            )
            para_text = art.text[para.start : para.end]
            best: tuple[int, str, Any, list, list] | None = None
            found = [
                (tok, KILL if _open_fire(tok) else _trigger_type(tok))
                for tok in span
                if not _negated(tok) and not _unreal(tok)
            ]
            triggers: list[tuple[Any, str]] = [(t, b) for t, b in found if b is not None]
            verbal = any(tok.pos_ == "VERB" or base == KILL for tok, base in triggers)
            for tok, base in triggers:
                if verbal and tok.pos_ == "NOUN" and tok.dep_ == "nmod":
                    # « le dernier membre des commandos des attentats de Paris »: an event
                    # named inside a noun phrase is a reference, the verb tells the news
                    continue
                agents, patients = _actors(tok, art)
                sub = self.sub_type(base, tok, text, agents, patients, para_text)
                rank = acled.MERGE_RANK[sub]
                if best is None or rank < best[0]:
                    best = (rank, sub, tok, agents, patients)
            if best is None:
                prev = last_by_para.get(sent.paragraph)
                if dead and prev is not None and prev.sub_event_type not in ("Peaceful protest",):
                    prev.fatalities = max(prev.fatalities, dead)  # « Le bilan s'élève à … »
                continue
            _, sub, tok, agents, patients = best
            for other, _base in triggers:  # the sentence's other triggers add their actors
                more_agents, more_patients = _actors(other, art)
                agents += [a for a in more_agents if a not in agents and a not in patients]
                patients += [p for p in more_patients if p not in patients and p not in agents]
            told = [e for e in events if not e.background]
            if _definite_noun(tok) and told:
                told[-1].fatalities = max(told[-1].fatalities, dead)  # the same event again
                continue
            ev = self.event(si, sub, tok, agents, patients, dead, narrative, narrative_place)
            events.append(ev)
            last_by_para[sent.paragraph] = ev
            if not ev.background:
                narrative = (ev.event_date, ev.time_precision)
                if ev.place is not None:
                    narrative_place = art.places[ev.place]
        return self.merge(events)

    def event(
        self,
        si: int,
        sub: str,
        tok: Any,
        agents: list,
        patients: list,
        dead: int,
        narrative: tuple[str | None, int | None],
        narrative_place: Place | None,
    ) -> Event:
        art = self.article
        sent = art.sentences[si]
        evidence = art.text[sent.start : sent.end]
        inferred: list[str] = []
        ti = self.time_for(si, tok)
        event_date, tp = (None, None)
        background = _pluperfect(tok)
        if ti is not None:
            event_date, tp = acled.acled_date(art.times[ti].value, self.anchor)
            if (
                event_date
                and self.anchor
                and (self.anchor - date.fromisoformat(event_date)).days > 31
            ):
                background = True
        if event_date is None and not background and narrative[0]:
            event_date, tp = narrative
            inferred.append("date from the narrative context")
        if event_date is None and self.anchor is not None and not background:
            event_date, tp = self.anchor.isoformat(), 2
            inferred.append("date from the publication date")
        if event_date and self.anchor and event_date > self.anchor.isoformat():
            event_date, tp = self.anchor.isoformat(), 2
        place = self.place_for(si, tok)
        geo = 1
        if place is None and narrative_place is not None:
            place, geo = narrative_place, 2
            inferred.append("place from the narrative context")
        if place is None and self.first_place is not None:
            place, geo = self.first_place, 2
            inferred.append("place from the article's first place")
        if place is not None and place.feature != "city":
            geo = 3
        country = place.country if place else None
        a1: Actor = agents[0] if agents else (patients[0] if patients else (None, None))
        a2: Actor = patients[0] if agents and patients else (None, None)
        if sub in ("Peaceful protest", "Protest with intervention", "Violent demonstration"):
            a1 = ("rioters" if sub == "Violent demonstration" else "protesters", None)
            a2 = (None, None) if sub == "Peaceful protest" else ("police", None)
        name1, name2 = _name(*a1, country), _name(*a2, country)
        if name1 == name2:
            name2 = None
        inter = {
            "state_forces": 1,
            "police": 1,
            "armed_group": 3,
            "protesters": 6,
            "rioters": 5,
            "civilians": 7,
        }
        inter1 = inter.get(a1[0] or "") if name1 else None
        inter2 = inter.get(a2[0] or "") if name2 else None
        event_type = acled.SUB_EVENT_TYPES[sub]
        counted = event_type in (
            "Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"
        ) or sub == "Excessive force against protesters"  # fmt: skip
        cat, mode = acled.PLOVER[sub]
        notes = f"On {event_date}: {evidence}" if event_date else evidence
        notes += " [French rules" + "".join(f"; {x}" for x in inferred) + "]"
        pidx = art.places.index(place) if place is not None else None
        return Event(
            event_id="",
            event_date=event_date,
            year=int(event_date[:4]) if event_date else None,
            time_precision=tp,
            disorder_type=acled.disorder_type(event_type, sub),
            event_type=event_type,
            sub_event_type=sub,
            actor1=name1,
            inter1=inter1,
            actor2=name2,
            inter2=inter2,
            interaction=acled.interaction(inter1, inter2),
            civilian_targeting="Civilians targeted"
            if sub in ("Attack", "Sexual violence", "Abduction/forced disappearance")
            else None,
            iso=place.iso_numeric if place else None,
            country=country,
            admin1=place.admin1 if place else None,
            location=(place.text if place.feature == "city" else place.name) if place else None,
            latitude=round(place.latitude, 4) if place and place.latitude is not None else None,
            longitude=round(place.longitude, 4) if place and place.longitude is not None else None,
            geo_precision=geo if place else None,
            source=art.site or art.source,
            fatalities=dead if counted else 0,
            notes=notes,
            plover=Plover(category=cat, mode=mode, dead=dead if counted and dead else None),
            trigger=Span(start=tok.idx, end=tok.idx + len(tok.text)),
            trigger_text=tok.text,
            evidence=Span(start=sent.start, end=sent.end),
            evidence_text=evidence,
            sentence=si,
            time_expr=None if ti is None else ti,
            place=pidx,
            background=background,
        )

    def merge(self, events: list[Event]) -> list[Event]:
        merged: list[Event] = []
        for ev in events:
            twin = next(
                (
                    m
                    for m in merged
                    if acled.family(m.sub_event_type) == acled.family(ev.sub_event_type)
                    and m.event_date == ev.event_date
                    and m.background == ev.background
                    and (m.location == ev.location or None in (m.location, ev.location))
                ),
                None,
            )
            if twin is None:
                merged.append(ev)
                continue
            keep, drop = (
                (ev, twin)
                if acled.MERGE_RANK[ev.sub_event_type] < acled.MERGE_RANK[twin.sub_event_type]
                else (twin, ev)
            )
            keep.fatalities = max(keep.fatalities, drop.fatalities)
            keep.notes += f" | also: {drop.evidence_text}"
            merged[merged.index(twin)] = keep
        for i, ev in enumerate(merged):
            ev.event_id = f"{self.article.id}-{i + 1}"
        return merged


def extract(article: Article, doc: Any) -> list[Event]:
    """The ACLED events of a French article parsed with the French pipeline."""
    return _Extractor(article, doc).run()
