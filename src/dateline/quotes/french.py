"""French quotes: « guillemets » and reported speech with their speakers, from the French parse.

The English cue lexicon and rules of :mod:`dateline.quotes.rules` do not read French; for a
French page the quote stage calls :func:`extract` instead.  Per sentence, in order:

1. **quotation runs** (« … », “ … ”, " … ") with a French speech verb outside the marks:
   after them, in the inverted incise (« … », a déclaré le ministre / « … », a-t-il ajouté /
   « … », estime X), or before them (X a déclaré : « … »);
2. **« selon X »** (also « d'après X ») — the rest of the sentence is the content, X the speaker;
   X must be someone (a person, group or organisation), not a document (« selon un bilan »);
3. **clausal reports**: a speech verb with a « que » clause (X a affirmé que …) or an
   infinitive (X a dit vouloir …, X a assuré avoir …), the subject being the speaker (the noun
   a relative « qui » stands for);
4. **incises without marks**: « …, a annoncé l'armée. », « …, ont indiqué les autorités. »,
   « …, a-t-on appris de sources sécuritaires. » — the clause before the comma is the content.

Speakers: the subject of the verb, or the inverted subject after it (the noun phrase that
follows the verb; the French model often labels it ``obj``).  Pronouns (« a-t-il déclaré »,
« il a ajouté ») take the previous person speaker, else the most recent person named before.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from dateline.quotes.cues import MIN_QUOTE_WORDS, QuoteRun, _trim, _word_count, find_quote_runs
from dateline.records import Article, Quote, Span

log = logging.getLogger(__name__)

#: French reporting verbs (lemmas): speech, statement, testimony
CUES: frozenset[str] = frozenset(
    """
    déclarer affirmer indiquer annoncer ajouter expliquer raconter assurer estimer confier
    témoigner souligner préciser rapporter lancer confirmer démentir dire écrire reconnaître
    admettre prévenir répondre soutenir marteler insister dénoncer promettre menacer avertir
    juger penser croire espérer craindre regretter nier révéler déplorer commenter résumer
    rappeler noter observer conclure poursuivre répéter détailler tweeter accuser plaider
    certifier jurer relater signaler réagir s'exclamer exclamer lâcher glisser admettre
    annoncer clamer proclamer avouer protester mettre_en_garde interroger demander
    """.split()
)
#: verbs too vague to be a cue without quotation marks or a « que » clause
WEAK: frozenset[str] = frozenset("penser croire apprendre savoir établir montrer juger".split())
#: verbs whose infinitive complement is a content (« a dit vouloir », « a assuré avoir »)
INFINITIVE_CUES: frozenset[str] = frozenset(
    "dire affirmer assurer déclarer promettre menacer espérer estimer reconnaître nier".split()
)
#: irregular participles and forms the lemmatiser may miss
_IRREGULAR = {
    "dit": "dire",
    "dits": "dire",
    "dite": "dire",
    "disent": "dire",
    "écrit": "écrire",
    "promis": "promettre",
    "reconnu": "reconnaître",
    "reconnaît": "reconnaître",
    "admis": "admettre",
    "conclu": "conclure",
    "répondu": "répondre",
    "soutenu": "soutenir",
    "averti": "avertir",
    "prévenu": "prévenir",
    "craint": "craindre",
    "cru": "croire",
    "appris": "apprendre",
    "su": "savoir",
    "établi": "établir",
    "démenti": "démentir",
}
_ER_ENDINGS = ("ées", "és", "ée", "é", "ent", "aient", "ait", "era", "ont", "es", "e")
#: nouns that name a document or a figure, not a speaker (« selon un bilan »)
NOT_SPEAKERS: frozenset[str] = frozenset(
    "bilan chiffre estimation décompte résultat image vidéo photo document".split()
)
#: nouns naming an organisation (speaker kind)
ORG_NOUNS: frozenset[str] = frozenset(
    """
    ministère gouvernement armée police préfecture parquet observatoire télévision radio agence
    état-major association groupe organisation mission présidence mairie commission comité
    tribunal parti syndicat entreprise journal quotidien hebdomadaire chaîne conseil ambassade
    """.split()
)
PERSON_PRONOUNS = {"il": "person", "elle": "person", "ils": "group", "elles": "group"}
_SELON = re.compile(r"\b(?:selon|d'après|d’après)\s+", re.I)
_CLOSE = re.compile(r"[.!?…]+[»”\"]?\s*$")


def cue_lemma(tok: Any) -> str | None:
    """The reporting verb a token is (its lemma), or None."""
    if tok.pos_ in ("DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"):
        return None
    low = tok.lower_
    lemma = tok.lemma_.lower()
    for cand in (lemma, _IRREGULAR.get(low)):
        if cand in CUES or cand in WEAK:
            return cand
    if tok.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
        return None
    if tok.pos_ == "NOUN" and not (tok.i > 0 and tok.nbor(-1).lemma_ in ("avoir", "être")):
        # a noun tag on a verb form happens after « », : only trust it with an auxiliary or
        # in the incise position
        if not (tok.i > 0 and tok.nbor(-1).text in (",", "»", "”")):
            return None
    for ending in _ER_ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            cand = low[: -len(ending)] + "er"
            if cand in CUES or cand in WEAK:
                return cand
    return None


def _np_tokens(head: Any, limit: tuple[int, int]) -> list[Any]:
    """The noun phrase of ``head`` within the character window ``limit``: the contiguous part
    of its subtree around it, without relative clauses or edge punctuation."""
    rel = {x.i for c in head.children if c.dep_ == "acl:relcl" for x in c.subtree}
    keep = {t.i for t in head.subtree if limit[0] <= t.idx < limit[1] and t.i not in rel}
    if head.i not in keep:
        return [head]
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    run = [head.doc[i] for i in range(lo, hi + 1)]
    while run and (
        run[-1].is_punct and run[-1].text != ")" or run[-1].pos_ in ("ADP", "CCONJ", "DET")
    ):
        run.pop()
    if any(t.text == "(" for t in run) and not any(t.text == ")" for t in run):
        close = run[-1].i + 1
        if close < len(head.doc) and head.doc[close].text == ")":
            run.append(head.doc[close])
    while run and run[0].is_punct:
        run.pop(0)
    return run


def _inverted_speaker(cue: Any, end: int) -> Any | None:
    """The subject after an inverted cue verb: the first nominal after it (skipping « -t »,
    adverbs and prepositional phrases before it is not possible: the first noun wins)."""
    doc = cue.doc
    i = cue.i + 1
    while i < len(doc) and doc[i].idx < end:
        t = doc[i]
        if t.is_punct:
            return None
        if t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "PRON" and t.lower_ not in ("-t", "se")):
            return t
        if t.pos_ == "ADP" and t.lower_ not in ("de", "d'", "des", "du"):
            return None  # « a déclaré à la presse » : no inverted subject here
        i += 1
    return None


def _subject(cue: Any) -> Any | None:
    """The subject of a cue verb: its nsubj, or its head's when the cue hangs from a verb."""
    for verb in (cue, cue.head):
        for c in verb.children:
            if c.dep_ in ("nsubj", "expl:subj", "nsubj:pass") and c.i < cue.i:
                if c.lower_ in ("qui",) and verb.dep_ == "acl:relcl":
                    return verb.head
                return c
        if cue.dep_ not in ("xcomp", "conj"):
            break
    return None


def _pronoun_subject(cue: Any) -> Any | None:
    """« a-t-il déclaré », « ont-ils ajouté »: the clitic pronoun of an inverted cue."""
    doc = cue.doc
    for j in range(max(0, cue.i - 3), min(len(doc), cue.i + 3)):
        t = doc[j]
        if t.text.startswith("-") and t.lower_.lstrip("-") in (*PERSON_PRONOUNS, "on"):
            return t
    return None


class _Builder:
    def __init__(self, article: Article, doc: Any) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.quotes: list[Quote] = []

    def sentence_of(self, pos: int) -> int:
        for i, s in enumerate(self.article.sentences):
            if s.start <= pos < s.end:
                return i
        return max(0, len(self.article.sentences) - 1)

    def covered(self, start: int, end: int) -> bool:
        return any(q.content.start < end and start < q.content.end for q in self.quotes)

    def add(
        self,
        kind: str,
        content: tuple[int, int],
        cue: Any | None,
        speaker: Any | None,
        window: tuple[int, int],
    ) -> None:
        cs, ce = _trim(self.text, *content)
        while ce > cs and self.text[ce - 1] in '.»”" ':
            ce -= 1
        while cs < ce and self.text[cs] in '«“" ':
            cs += 1
        if ce - cs < 2 or self.covered(cs, ce):
            return
        name, title, kind_of, entity, span = self.describe(speaker, window)
        si = self.sentence_of(cs)
        self.quotes.append(
            Quote(
                kind=kind,  # type: ignore[arg-type]
                content=Span(start=cs, end=ce),
                content_text=self.text[cs:ce],
                cue=Span(start=cue.idx, end=cue.idx + len(cue.text)) if cue is not None else None,
                cue_text=cue.text if cue is not None else None,
                speaker=Span(start=span[0], end=span[1]) if span else None,
                speaker_text=self.text[span[0] : span[1]] if span else None,
                speaker_entity=entity,
                speaker_name=name,
                speaker_kind=kind_of,  # type: ignore[arg-type]
                speaker_title=title,
                sentence=self.sentence_of(cue.idx) if cue is not None else si,
                sentences=list(range(si, self.sentence_of(max(cs, ce - 1)) + 1)),
            )
        )

    def describe(
        self, head: Any | None, window: tuple[int, int]
    ) -> tuple[str | None, str | None, str, int | None, tuple[int, int] | None]:
        """(name, title, kind, entity, span) of the speaker whose head token is ``head``."""
        if head is None:
            return None, None, "unknown", None, None
        low = head.lower_.lstrip("-")
        if low in PERSON_PRONOUNS or head.pos_ == "PRON":
            span = (head.idx, head.idx + len(head.text))
            want = PERSON_PRONOUNS.get(low, "person")
            for q in reversed(self.quotes):
                if q.speaker_kind == want and q.speaker_name:
                    return q.speaker_name, q.speaker_title, want, q.speaker_entity, span
            if want == "person":
                for m in reversed(self.article.mentions):
                    if m.label == "PERSON" and m.end <= head.idx:
                        ent = m.entity
                        name = self._canonical(ent) or m.text
                        return name, None, "person", ent, span
            return None, None, want, None, span
        toks = _np_tokens(head, window)
        if not toks:
            return None, None, "unknown", None, None
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        person = next(
            (
                m
                for m in self.article.mentions
                if m.label == "PERSON" and s <= m.start and m.end <= e
            ),
            None,
        )
        if person is not None:
            before = self.text[s : person.start].strip(" ,")
            title = re.sub(r"^(?:(?:les|le|la|une|un)\s+|l['’]\s*)", "", before, flags=re.I) or None
            return (
                self._canonical(person.entity) or person.text,
                title,
                "person",
                person.entity,
                (s, e),
            )
        org = next(
            (m for m in self.article.mentions if m.entity is not None and s <= m.start < e),
            None,
        )
        phrase = self.text[s:e]
        name = re.sub(r"^(?:(?:les|le|la|une|un|des|du|de)\s+|[ld]['’]\s*)", "", phrase, flags=re.I)
        if org is not None and org.label in ("ORG", "GROUP"):
            return self._canonical(org.entity) or name, None, "organization", org.entity, (s, e)
        if head.lemma_.lower() in ORG_NOUNS or head.lower_ in ORG_NOUNS:
            kind = "organization"
        elif "Plur" in head.morph.get("Number"):
            kind = "group"
        else:
            kind = "person"
        return name, None, kind, None, (s, e)

    def _canonical(self, ent: int | None) -> str | None:
        if ent is None or ent >= len(self.article.entities):
            return None
        return self.article.entities[ent].canonical


def extract(article: Article, doc: Any, *, min_quote_words: int = MIN_QUOTE_WORDS) -> list[Quote]:
    """The quotes of a French article parsed with the French pipeline."""
    b = _Builder(article, doc)
    runs = find_quote_runs(article.text)
    for sent in article.sentences:
        if sent.section_kind != "body":
            continue
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        window = (sent.start, sent.end)
        here = [r for r in runs if sent.start <= r.start < sent.end and not r.used]
        for run in here:
            _quoted(b, run, span, window, min_quote_words)
        _selon(b, span, window)
        _clausal(b, span, window)
        _incise(b, span, window)
    b.quotes.sort(key=lambda q: q.content.start)
    return b.quotes


def _quoted(b: _Builder, run: QuoteRun, span: Any, window: tuple[int, int], min_words: int) -> None:
    text = b.text
    if _word_count(text[run.inner_start : run.inner_end]) < min_words:
        return
    last = b.article.sentences[b.sentence_of(max(run.start, run.end - 1))]
    end = max(window[1], last.end)
    after = [t for t in span.doc[span.start : len(span.doc)] if run.end <= t.idx < end]
    # « … », a déclaré X / « … », a-t-il ajouté / « … », estime X
    for t in after[:5]:
        if t.is_punct or t.pos_ == "AUX" or t.text.startswith("-") or t.lower_ in ("a", "ont"):
            continue
        lemma = cue_lemma(t)
        if lemma is None:
            break
        speaker = _pronoun_subject(t) or _inverted_speaker(t, end) or _subject(t)
        run.used = True
        b.add("direct", (run.inner_start, run.inner_end), t, speaker, (run.end, end))
        return
    # X a déclaré : « … »  /  X a affirmé que « … »
    before = [t for t in span if t.idx < run.start]
    for t in reversed(before[-6:]):
        lemma = cue_lemma(t)
        if lemma is None:
            continue
        speaker = _subject(t) or _pronoun_subject(t)
        run.used = True
        b.add("direct", (run.inner_start, run.inner_end), t, speaker, (window[0], run.start))
        return


def _selon(b: _Builder, span: Any, window: tuple[int, int]) -> None:
    text = b.text
    sent_text = text[window[0] : window[1]]
    for m in _SELON.finditer(sent_text):
        at = window[0] + m.end()
        head = next((t for t in span if t.idx >= at and t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if head is None or head.lemma_.lower() in NOT_SPEAKERS:
            continue
        comma = text.find(",", at, window[1])
        after = text[comma + 1 : window[1]] if comma >= 0 else ""
        name = next(
            (
                m
                for m in b.article.mentions
                if m.label == "PERSON"
                and comma < m.start <= comma + 2 + len(after) - len(after.lstrip())
            ),
            None,
        )
        if name is not None and text[name.end : name.end + 1] == ",":
            comma = name.end  # « Selon le ministre, Bernard Cazeneuve, … »: the apposition
        start_of_phrase = window[0] + m.start()
        if start_of_phrase - window[0] <= 2:  # « Selon X, content. »
            if comma < 0:
                continue
            content = (comma + 1, window[1])
            np_window = (at, comma)
        else:  # « content, selon X. »
            content = (window[0], start_of_phrase)
            np_window = (at, comma if comma > 0 else window[1])
        b.add("indirect", content, None, head, np_window)
        q = b.quotes[-1] if b.quotes else None
        if q is not None and q.cue is None and q.content.start >= content[0]:
            cue_end = start_of_phrase + len(m.group(0).rstrip())
            q.cue = Span(start=start_of_phrase, end=cue_end)
            q.cue_text = text[start_of_phrase:cue_end]


def _clausal(b: _Builder, span: Any, window: tuple[int, int]) -> None:
    doc = span.doc
    for t in span:
        lemma = cue_lemma(t)
        if lemma is None or t.i + 1 >= span.end:
            continue
        nxt = doc[t.i + 1]
        if nxt.i < span.end and nxt.pos_ == "ADV" and nxt.i + 1 < span.end:
            nxt = doc[nxt.i + 1]
        if nxt.lower_ in ("que", "qu'", "qu’"):
            start = nxt.idx + len(nxt.text)
        elif lemma in INFINITIVE_CUES and "Inf" in nxt.morph.get("VerbForm"):
            start = nxt.idx
        else:
            continue
        speaker = _subject(t) or _pronoun_subject(t)
        if speaker is None:
            continue
        b.add("indirect", (start, window[1]), t, speaker, (window[0], t.idx))


def _incise(b: _Builder, span: Any, window: tuple[int, int]) -> None:
    toks = list(span)
    for k, t in enumerate(toks):
        lemma = cue_lemma(t)
        if lemma is None or (lemma in WEAK and lemma != "apprendre") or k < 4:
            continue
        # the comma right before the (auxiliary +) verb
        j = k - 1
        while j > 0 and (toks[j].pos_ == "AUX" or toks[j].text.startswith("-")):
            j -= 1
        if toks[j].text != ",":
            continue
        if any(c.dep_ in ("ccomp", "xcomp") for c in t.children) or any(
            x.lower_ in ("que", "qu'") for x in toks[k + 1 : k + 3]
        ):
            continue
        pron = _pronoun_subject(t)
        if pron is not None and pron.lower_.lstrip("-") == "on":
            # « a-t-on appris de sources sécuritaires / auprès de X »
            de = next((x for x in toks[k + 1 :] if x.lower_ in ("de", "d'", "auprès")), None)
            speaker = next(
                (x for x in toks if de is not None and x.i > de.i and x.pos_ in ("NOUN", "PROPN")),
                None,
            )
        else:
            speaker = pron or _inverted_speaker(t, window[1])
        if speaker is None:
            continue
        b.add("indirect", (window[0], toks[j].idx), t, speaker, (t.idx + len(t.text), window[1]))
        return  # one incise per sentence
