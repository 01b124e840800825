"""When, where, how many dead and who says so: the date, place, fatalities and claim of a trigger."""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from dateline.events import acled, death_count, place_anaphora, subsets
from dateline.events.coordinated import phrase_head
from dateline.events.lexicon import (
    _ACCORDING,
    _CITY_ANAPHORA,
    _CLAIM_TAIL,
    _FATALITY,
    _FATALITY_AFTER,
    _Trigger,
)
from dateline.events.triggers import TriggerRules
from dateline.language.entities import dateline_end
from dateline.places.distance import distance_km
from dateline.records import Place, TimeExpr
from dateline.time.vocab import _TOD, _TZ

log = logging.getLogger(__name__)


#: a place the actors move toward ("withdrawing toward the border with Burkina Faso",
#: "fled towards Syria") is where they went, not where the event happened
_TOWARD = re.compile(r"\btowards?\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:with\s+)?$", re.I)


#: a time of day that names no day ("shortly after 06:00 BST"): the tagger gives it the
#: page's date, but a story goes on at the day it last named
_BARE_CLOCK = re.compile(
    rf"(?:(?:at|around|about|approximately|roughly|shortly|just|soon)\s+)*"
    rf"(?:(?:after|before)\s+)?{_TOD}{_TZ}?",
    re.I,
)
#: how many sentences back a bare time of day looks for the day the story named
CLOCK_LOOKBACK = 2


class CircumstanceRules(TriggerRules):
    """Date, place, fatalities and claim of a trigger."""

    # ------------------------------------------------------------------ date / place
    def _time_for(self, trig: _Trigger, si: int) -> TimeExpr | None:
        t = self._own_time(trig, si)
        if t is None or t.type != "TIME" or not _BARE_CLOCK.fullmatch(t.text.strip()):
            return t
        # "A man denied arson after a fire early on Sunday. He is accused of setting fire to
        # the store shortly after 06:00 BST": the time of day is on the day the story named
        named = [
            x
            for x in self.article.times
            if x.type == "DATE"
            and x.sentence is not None
            and si - CLOCK_LOOKBACK <= x.sentence <= si
            and x.end <= t.start
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", x.value)
        ]
        return named[-1] if named else t

    def _own_time(self, trig: _Trigger, si: int) -> TimeExpr | None:
        tok = trig.token
        times = [
            t
            for t in self.article.times
            if t.sentence == si and t.type in ("DATE", "TIME", "DURATION")
        ]
        # "operations since September": the start of a span running to the report, not the
        # time of an event within it
        times = [t for t in times if not self._since(t)]
        if not times:
            return None
        usable = [t for t in times if t.type != "DURATION" or self._is_span_duration(t)]
        heads: list[tuple[TimeExpr, set[int]]] = []
        for t in usable:
            sp = self.doc.char_span(t.start, t.end, alignment_mode="expand")
            if sp is not None:
                heads.append((t, {a.i for a in sp.root.ancestors}))
        # attached: the time's head token depends on the trigger (or its verb)
        for t, anc in heads:
            if tok.i in anc:
                return t
        # else the time of the clause the trigger depends on ("on Thursday thwarted an attack,
        # apprehending 26 pirates": the arrest is Thursday's), the nearest such clause first
        for a in tok.ancestors:
            held = [t for t, anc in heads if a.i in anc]
            if held:
                return min(held, key=lambda t: abs(t.start - tok.idx))
        if not usable:
            return None
        return min(usable, key=lambda t: min(abs(t.start - tok.idx), abs(t.end - tok.idx)))

    def _shifted(self, duration: TimeExpr, si: int) -> tuple[str | None, int | None]:
        """The date ``duration`` before the sentence's own dated event (month precision)."""
        m = re.fullmatch(r"P(\d+)([DWMY])", duration.value)
        dates = [
            t
            for t in self.article.times
            if t.sentence == si and t.type == "DATE" and re.match(r"\d{4}-\d{2}", t.value)
        ]
        if not m or not dates:
            return None, None
        v = dates[0].value
        base = date.fromisoformat(v[:7] + "-15") if len(v) == 7 else date.fromisoformat(v[:10])
        n, unit = int(m.group(1)), m.group(2)
        d = base - timedelta(days=round({"D": 1, "W": 7, "M": 30.44, "Y": 365.25}[unit] * n))
        if unit == "D" and n <= 7:
            return d.isoformat(), 2
        if unit in ("D", "W") or (unit == "M" and n <= 24):
            return f"{d.year:04d}-{d.month:02d}-15", 3
        return None, None

    @staticmethod
    def _in_pluperfect_clause(tok: Any) -> bool:
        for anc in [tok, *tok.ancestors]:
            if any(c.dep_ == "aux" and c.lower_ == "had" for c in anc.children):
                return True
            if anc.dep_ == "relcl" and any(
                c.dep_ == "aux" and c.lower_ == "had" for c in anc.head.head.children
            ):
                return True
        return False

    def _since(self, t: TimeExpr) -> bool:
        """A time introduced by "since" ("since September", "ever since 2011")."""
        before = self.article.text[max(0, t.start - 12) : t.start].lower()
        return bool(re.search(r"\bsince\s*$", before) or re.match(r"since\b", t.text, re.I))

    @staticmethod
    def _is_span_duration(t: TimeExpr) -> bool:
        return bool(re.match(r"(?:the\s+)?(?:last|past)\b", t.text, re.I))

    def _place_for(
        self, trig: _Trigger, si: int, narrative_place: int | None
    ) -> tuple[int | None, int]:
        """(index into article.places, geo_precision)."""
        tok = trig.token
        art = self.article
        sent = art.sentences[si]
        # the dateline ("BAMAKO, Mali (AP) —") says where the reporter is, not where it happened
        dl_end = (
            len(art.dateline) + 1 if art.dateline and art.text.startswith(art.dateline[:10]) else 0
        )
        in_sent = [
            i
            for i, p in enumerate(art.places)
            if p.sentence == si
            and p.latitude is not None
            and p.start >= dl_end
            and not _TOWARD.search(art.text[max(sent.start, p.start - 40) : p.start])
        ]
        # a modifier's phrase is its head noun's ("cruise missile strikes against camps in X")
        subtree = list(phrase_head(tok).subtree)
        lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
        rank = {"city": 0, "admin1": 1, "region": 2, "country": 3, "continent": 4, "other": 2}

        def precision(p: Place, near: bool) -> int:
            if p.feature in ("admin1", "region"):
                return 3
            if p.feature in ("country", "continent"):
                return 3
            return 2 if near else 1

        def is_near(p: Place) -> bool:
            before = art.text[max(sent.start, p.start - 30) : p.start].lower()
            return bool(
                re.search(
                    r"\b(?:around|near|outside|close to|outskirts of|nearby|vicinity of|suburban|suburbs? of|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? of|miles from|km from|kilometres from|kilometers from)\s+(?:the\s+)?$",
                    before,
                )
            )

        nested = [t for t in subtree if t.i != tok.i and t.i in self._trigger_ids]
        excluded = [
            (min(x.idx for x in n.subtree), max(x.idx + len(x) for x in n.subtree)) for n in nested
        ]
        attached = [
            i
            for i in in_sent
            if lo <= art.places[i].start < hi
            and not any(a <= art.places[i].start < b for a, b in excluded)
        ]
        if (
            not attached
            and narrative_place is not None
            and self._same_thread(trig)
            and any(
                art.places[i].geonameid == art.places[narrative_place].geonameid for i in in_sent
            )
        ):
            same = [
                i
                for i in in_sent
                if art.places[i].geonameid == art.places[narrative_place].geonameid
            ]
            return same[0], 1
        for group in (attached, in_sent):
            if group:
                best = min(
                    group,
                    key=lambda i: (
                        rank.get(art.places[i].feature, 2),
                        abs(art.places[i].start - tok.idx),
                    ),
                )
                near = is_near(art.places[best])
                town = self._named_town_near(best) if near else None
                if town is not None:
                    trig.inferred.append(
                        f"near {art.places[best].text}: the article's town "
                        f"{art.places[town].text} there"
                    )
                    return town, 2
                return best, precision(art.places[best], near)
        # anaphor: "the city" → the last city mentioned before
        sent_text = art.text[sent.start : sent.end]
        anaphor = _CITY_ANAPHORA.search(sent_text)
        if anaphor:
            # "the region", "the province" → the last province, region or country named
            # ("in the troubled region" after "Kosovo province"), not the last town
            wide = anaphor.group(0).split()[-1].lower() in ("province", "region")
            named = self._named_antecedent_place(trig, anaphor.group(0), sent.start, dl_end)
            if named is not None:
                return named
            kinds = ("admin1", "region", "country") if wide else ("city",)
            before = [
                i
                for i, p in enumerate(art.places)
                if p.end <= sent.start
                and p.feature in kinds
                and p.latitude is not None
                and p.start >= dl_end
            ]
            if before:
                return before[-1], 3 if wide else 1
        return None, 0

    def _named_antecedent_place(
        self, trig: _Trigger, anaphor: str, before: int, skip: int
    ) -> tuple[int, int] | None:
        """(place index, geo_precision) of the place an anaphor ("the village") refers to when
        the article introduced it by name ("the village of Klishchiivka south of Bakhmut"):
        that place when the gazetteer knows it, else the town named right after the name (near
        it, precision 2); None when there is no such introduction (see
        :mod:`dateline.events.place_anaphora`)."""
        kind = place_anaphora.kind_of(anaphor)
        art = self.article
        if kind is None:
            return None
        ante = place_anaphora.named_antecedent(art.text[skip:before], kind)
        if ante is None:
            return None
        start, end = skip + ante.start, skip + ante.end
        usable = [i for i, p in enumerate(art.places) if p.latitude is not None and p.end <= before]
        same = [i for i in usable if art.places[i].start == start]
        if same:
            return same[-1], 1
        sentence = next((x for x in art.sentences if x.start <= start < x.end), None)
        after = [
            i
            for i in usable
            if art.places[i].feature == "city"
            and end <= art.places[i].start <= end + 40
            and (sentence is None or art.places[i].start < sentence.end)
        ]
        if not after:
            return None
        trig.inferred.append(place_anaphora.note(anaphor, ante, art.places[after[0]].text))
        return after[0], 2

    def _place_country_for(self, trig: _Trigger, si: int) -> str | None:
        pidx, _ = self._place_for(trig, si, None)
        return self.article.places[pidx].country if pidx is not None else self.country

    def _fallback_place(self, si: int) -> tuple[int | None, int, str | None]:
        """A place for an event whose sentence names none: its paragraph's, else the article's.

        The paragraph's nearest town before the sentence (then after it), else the article's
        main place: its most-mentioned town in the event country, else that country.  The
        precision says how much is known (2 for a town of the paragraph or article, 3 for a
        region or country), and the note says where the place came from.
        """
        art = self.article
        skip = dateline_end(art)
        para = art.sentences[si].paragraph
        usable = [
            i
            for i, p in enumerate(art.places)
            if p.latitude is not None
            and p.start >= skip
            and p.sentence is not None
            and art.sentences[p.sentence].section_kind == "body"
            and (self.country is None or p.country in (None, self.country))
        ]
        if para is not None:
            near = [
                i for i in usable if art.sentences[art.places[i].sentence or 0].paragraph == para
            ]
            in_para = [i for i in near if art.places[i].feature == "city"]
            before = [i for i in in_para if (art.places[i].sentence or 0) < si]
            pick = before[-1] if before else (in_para[0] if in_para else None)
            if pick is not None:
                return pick, 2, "place from the paragraph"
        towns: Counter[int | None] = Counter(
            art.places[i].geonameid for i in usable if art.places[i].feature == "city"
        )
        if towns:
            top = max(towns.values())
            main = next(
                i
                for i in usable
                if art.places[i].feature == "city" and towns[art.places[i].geonameid] == top
            )
            return main, 2, "place from the article's main place"
        wide = [i for i in usable if art.places[i].feature in ("admin1", "region", "country")]
        if wide:
            rank = {"admin1": 0, "region": 1, "country": 2}
            best = min(wide, key=lambda i: (rank[art.places[i].feature], i))
            return best, 3, "place from the article's main region"
        return None, 0, None

    def _named_town_near(self, pidx: int, km: float = 40.0) -> int | None:
        """Another town the article names within ``km`` of town ``pidx`` (its most-mentioned,
        the first named of equals), for an event told as "near"/"outside"/"in suburban" that
        town: "a suburban Detroit office building" in a report out of "Troy, a suburb of
        Detroit" is in Troy.  None when the article names no such town."""
        art = self.article
        ref = art.places[pidx]
        if ref.feature != "city" or ref.latitude is None or ref.longitude is None:
            return None
        skip = dateline_end(art)
        towns = [
            i
            for i, p in enumerate(art.places)
            if p.feature == "city"
            and p.geonameid != ref.geonameid
            and p.latitude is not None
            and p.longitude is not None
            and p.start >= skip
            and distance_km(ref.latitude, ref.longitude, p.latitude, p.longitude) <= km
        ]
        if not towns:
            return None
        count = Counter(art.places[i].geonameid for i in towns)
        top = max(count.values())
        return next(i for i in towns if count[art.places[i].geonameid] == top)

    def _town_within(self, pidx: int, si: int) -> int | None:
        """The town of an event whose sentence names only its country or province.

        A report says "riots in Greece" and tells elsewhere that they were in Athens: the
        event is coded at the town of that country (province) the sentence's paragraph names,
        the nearest before it first, else at the article's most-mentioned town there (the
        first named of equals), with the region's precision (ACLED's geo_precision 3).  None
        when the article names no such town.
        """
        art = self.article
        wide = art.places[pidx]
        skip = dateline_end(art)
        towns = [
            i
            for i, p in enumerate(art.places)
            if p.feature == "city"
            and p.latitude is not None
            and p.start >= skip
            and p.sentence is not None
            and art.sentences[p.sentence].section_kind == "body"
            and p.country is not None
            and p.country == wide.country
            and (wide.feature != "admin1" or p.admin1 == wide.admin1)
        ]
        if not towns:
            return None
        para = art.sentences[si].paragraph
        before = [
            i
            for i in towns
            if art.sentences[art.places[i].sentence or 0].paragraph == para
            and (art.places[i].sentence or 0) <= si
        ]
        if para is not None and before:
            return before[-1]
        count = Counter(art.places[i].geonameid for i in towns)
        top = max(count.values())
        return next(i for i in towns if count[art.places[i].geonameid] == top)

    # ------------------------------------------------------------------ other fields
    def _fatalities(self, offset: int, sent_text: str) -> tuple[int, tuple[str, str] | None]:
        """The sentence's toll, and how it counts only a subset of the victims (else None):
        the lowest figure, a subset's only where no other is given (:mod:`.subsets`)."""
        figures: list[tuple[int, Any]] = []
        for m in (*_FATALITY.finditer(sent_text), *_FATALITY_AFTER.finditer(sent_text)):
            n = acled.parse_quantity(m.group("num"))
            if n is not None and not self._label_number(offset + m.start("num"), m.group("num")):
                figures.append((n, self._token_at(offset + m.start("num"), m.group("num"))))
        doc = getattr(self, "doc", None)
        span = (
            doc.char_span(offset, offset + len(sent_text), alignment_mode="expand") if doc else None
        )
        if span is None:
            return min((n for n, _ in figures), default=0), None
        return subsets.choose(figures, span)

    def _token_at(self, start: int, text: str) -> Any | None:
        doc = getattr(self, "doc", None)
        span = doc.char_span(start, start + len(text), alignment_mode="expand") if doc else None
        return span[-1] if span is not None and len(span) else None

    def _label_number(self, start: int, text: str) -> bool:
        """Whether the figure at ``start`` dates or labels something ("the Aug. 7 blasts
        killed 257", "Flight 209 … killed 150"): see :func:`death_count.not_a_count`."""
        doc = getattr(self, "doc", None)
        span = doc.char_span(start, start + len(text), alignment_mode="expand") if doc else None
        if span is None or not len(span):
            return False
        return death_count.not_a_count(span[-1])

    @staticmethod
    def _counted_dead(span: Any) -> int:
        """The dead a sentence counts by its syntax, where it gives no figure.

        "killed a police officer and a bomb technician" (2), "Capt. Tennant and Trooper Hakim
        died" (2), "a woman was killed" (1), "a deputy was fatally shot" (1): the victims of a death
        verb (or of one "fatally"/"mortally" done) — the object of an active "kill", the subject
        of a passive one or of "die" — each coordinated person counted once:
        a singular noun with "a"/"an"/"one"/"the"/a possessive, or a person's name; a number
        modifying the noun counts as that number.  Plural nouns without a number (a vague
        toll) and negated verbs count nothing.
        """
        total = 0
        for tok in span:
            if not death_count.deadly(tok) or any(c.dep_ == "neg" for c in tok.children):
                continue
            count = 0
            for v in death_count.victims(tok):
                num = next((c for c in v.children if c.dep_ == "nummod"), None)
                if num is not None:
                    count += acled.parse_quantity(num.text) or 0
                elif v.tag_ == "NNP" and v.ent_type_ == "PERSON":
                    count += 1
                elif v.tag_ == "NN" and any(
                    c.dep_ in ("det", "poss") and c.lower_ not in ("no", "any", "every", "each")
                    for c in v.children
                ):
                    count += 1
            total += count
        return total

    def _claim(self, si: int, start: int, end: int, at: int | None = None) -> str | None:
        """Who says so: the speaker of the quote whose content holds the trigger, else the
        sentence's own attribution (", X said." / "according to X"), else None."""
        for q in self.article.quotes:
            if at is not None and q.content.start <= at < q.content.end:
                return (
                    q.speaker_name
                    if q.speaker_kind == "person" and q.speaker_name
                    else q.speaker_text
                )
        text = self.article.text[start:end]
        m = _CLAIM_TAIL.search(text)
        if m:
            return m.group("src").strip()
        m = _ACCORDING.search(text)
        if m:
            return m.group("src").strip()
        if re.search(r"\breportedly\b|\bwere reported\b|\bwas reported\b", text):
            return "unattributed report"
        return None
