"""dateline.entities.v1 — name and group mentions merged into actors with canonical names and roles.

What it does, in order:

1. **Name mentions** from spaCy's NER (PERSON, ORG, NORP, GPE, LOC, FAC, EVENT), corrected
   by the gazetteer (a span the places stage geocoded is a place, whatever NER said) and
   by one-label-per-discourse (a surface form takes the label most of its mentions have;
   a multi-word name seen once is tagged everywhere it occurs, which also repairs split
   names like "Islamic" NORP + "State" ORG).
2. **Acronyms** defined in the text ("Islamic State (IS)") become aliases, and every later
   occurrence of the acronym is a mention of the same entity.
3. **Group mentions**: noun phrases headed by an actor noun (militants, troops, forces,
   activists, officials, group, government, regime, …).  A phrase containing a name
   ("IS militants") is a mention of that name's entity; a definite description without
   a name ("the extremist group", "the militants") refers to the most recent armed
   group; state forces ("government troops", "Syrian troops", "the army") become the
   military of the country they belong to (named, or the article's main country).
4. **Persons** are merged by name containment ("Talal Barazi" … "Barazi"); titles come
   from pre-modifiers ("Homs Province Governor Talal Barazi") and appositions
   ("Rami Abdurrahman, the head of … Observatory …").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dateline.language import actors
from dateline.language.lexicons import (
    ARMED_ADJECTIVES,
    ARMED_GROUP_HINTS,
    ARMED_GROUP_NOUNS,
    COLLECTIVE_ACTORS,
    DEMONYMS,
    GROUP_HEADS,
    STATE_FORCE_NOUNS,
    TITLE_WORDS,
    office_holder,
)
from dateline.language.parse import ensure_doc
from dateline.records import Article, Entity, Mention, Role
from dateline.registry import register

NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"}
_TITLE_CHAIN = re.compile(
    r"((?:[A-Z][\w'’\-]*)(?:\s+(?:(?:of|for|the|and|in|de|al|el)\s+)*[A-Z][\w'’\-]*)*)\s*\($"
)
_ACRONYM = re.compile(
    r"(?P<name>(?:[A-Z][\w'’\-]*\s+){0,6}[A-Z][\w'’\-]*)\s*\((?P<acr>[A-Z][A-Z.\-]{1,7})\)"
)


@dataclass
class _Cand:
    start: int
    end: int
    text: str
    label: str
    sentence: int
    key: str  # grouping key before merging
    kind: str | None = None
    canonical: str | None = None
    roles: list[Role] = field(default_factory=list)


def _norm(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(), flags=re.I)
    s = re.sub(r"[’']s$", "", s)
    return re.sub(r"\s+", " ", s).strip(' ,.;:"“”')


def dateline_end(article: Article) -> int:
    """End offset of the dateline ("BEIRUT (AP) —") at the start of the text, else 0.

    The dateline says where the reporter files from, not what the story is about."""
    if article.dateline and article.text.startswith(article.dateline[:10]):
        return len(article.dateline) + 1
    return 0


_NAME_CHAR = re.compile(r"[\w-]")


def _occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    """The spans ``re.finditer(rf"(?<![\\w-]){re.escape(name)}(?![\\w-])", text)`` gives, found
    with ``str.find`` (a regex with a look-behind scans the whole text char by char in
    Python's ``re``, once per name: the stage grew with names x length)."""
    n, pos = len(name), text.find(name) if name else -1
    while pos >= 0:
        end = pos + n
        if (pos == 0 or not _NAME_CHAR.match(text, pos - 1)) and (
            end == len(text) or not _NAME_CHAR.match(text, end)
        ):
            yield pos, end
            pos = text.find(name, end)
        else:
            pos = text.find(name, pos + 1)


def _ending_before_paren(text: str, at: int, ends: dict[int, list[int]]) -> list[int]:
    """Indexes (in order) of the mentions, given by end offset in ``ends``, that end right
    before "(" and the offset ``at`` (``text[end:at].strip() == "("``), without a slice of
    the text per mention."""
    j = at
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0 or text[j - 1] != "(":
        return []
    paren = i = j - 1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return sorted(k for e in range(i, paren + 1) for k in ends.get(e, ()))


def focus_country(article: Article) -> str | None:
    """The country the article is mostly about (places first, then demonyms)."""
    votes: Counter[str] = Counter()
    skip = dateline_end(article)
    for p in article.places:
        if p.country and p.start >= skip:
            votes[p.country] += 2 if p.feature == "city" else 1
    if not votes and article.doc is not None:
        for ent in article.doc.ents:
            if ent.label_ == "NORP" and ent.text in DEMONYMS:
                votes[DEMONYMS[ent.text]] += 1
    return votes.most_common(1)[0][0] if votes else None


@register(
    "dateline.entities.v1",
    requires=("text", "sentences", "doc", "places"),
    assigns=("mentions", "entities"),
)
class Entities:
    """Named and group mentions merged into entities with canonical names, aliases and roles."""

    def __call__(self, article: Article) -> Article:
        doc: Any = ensure_doc(article)
        text = article.text
        place_spans = [(p.start, p.end) for p in article.places]

        def is_place(s: int, e: int) -> bool:
            return any(ps <= s and e <= pe for ps, pe in place_spans)

        # 1. name mentions with corrected labels ------------------------------------
        raw: list[tuple[int, int, str]] = []
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            s, e = ent.start_char, ent.end_char
            t = text[s:e]
            lead = re.match(r"(?:the|The)\s+", t)
            if lead:
                s += lead.end()
            if t.endswith(("'s", "’s")):
                e -= 2
            if s < e and not text[s:e].islower():
                raw.append((s, e, ent.label_))
        # merge adjacent fragments "Islamic"(NORP) + "State"(ORG)
        merged: list[tuple[int, int, str]] = []
        for s, e, lab in sorted(raw):
            if (
                merged
                and s - merged[-1][1] == 1
                and text[merged[-1][1]] == " "
                and (merged[-1][2] == "NORP" and lab == "ORG")
            ):
                merged[-1] = (merged[-1][0], e, "ORG")
            else:
                merged.append((s, e, lab))
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        for s, e, lab in merged:
            labels[text[s:e]][("GPE" if is_place(s, e) else lab)] += 1
        # a person's surname alone refers to the person ("Talal Barazi" ... "Barazi")
        for name, cnt in list(labels.items()):
            toks = name.split()
            if cnt.most_common(1)[0][0] == "PERSON" and len(toks) >= 2 and len(toks[-1]) >= 3:
                labels.setdefault(toks[-1], Counter({"PERSON": 1}))
        # propagate multi-word and known names to every occurrence
        spans: dict[tuple[int, int], str] = {}
        for name, cnt in labels.items():
            lab = cnt.most_common(1)[0][0]
            if len(name) < 2:
                continue
            for ms, me in _occurrences(text, name):
                spans.setdefault((ms, me), lab)
        for s, e, _lab in merged:
            spans.setdefault((s, e), labels[text[s:e]].most_common(1)[0][0])
        for s, e in place_spans:
            spans[(s, e)] = "GPE"
        # drop spans nested inside longer ones
        ordered = sorted(spans.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0])))
        names: list[tuple[int, int, str]] = []
        last_end = -1
        for (s, e), lab in ordered:
            if s >= last_end:
                names.append((s, e, lab))
                last_end = e

        # 2. acronyms ---------------------------------------------------------------
        acronyms: dict[str, str] = {}
        ends: dict[int, list[int]] = defaultdict(list)  # end offset -> indexes in merged
        for k, n in enumerate(merged):
            ends[n[1]].append(k)
        for m in _ACRONYM.finditer(text):
            before = [merged[k] for k in _ending_before_paren(text, m.start("acr"), ends)]
            title = _TITLE_CHAIN.search(text[max(0, m.start("acr") - 160) : m.start("acr")])
            if before and before[-1][2] in ("ORG", "NORP", "FAC", "GPE"):
                # "Revolutionary Armed Forces of Colombia (FARC)": the name NER found,
                # extended to the whole title-case name when NER only caught its tail
                full = text[before[-1][0] : before[-1][1]]
                if title and len(title.group(1)) > len(full) and title.group(1).endswith(full):
                    full = title.group(1)
                acronyms[m.group("acr")] = re.sub(r"^(?:the|The)\s+", "", full)
                continue
            acr = m.group("acr").replace(".", "")
            name_tokens = m.group("name").split()
            initials = "".join(w[0] for w in name_tokens if w[0].isupper())
            for k in range(len(name_tokens)):
                cand = " ".join(name_tokens[k:])
                ini = "".join(w[0] for w in name_tokens[k:] if w[0].isupper())
                if ini == acr or (initials.endswith(acr) and ini.startswith(acr[0])):
                    acronyms[m.group("acr")] = cand
                    break
        for acr, full in acronyms.items():
            lab = labels.get(full, Counter({"ORG": 1})).most_common(1)[0][0]
            for ms, me in _occurrences(text, acr):
                if not any(s <= ms < e for s, e, _ in names):
                    names.append((ms, me, lab))
        names.sort()

        cands: list[_Cand] = []
        focus = focus_country(article)
        for s, e, lab in names:
            sent = article.sentence_at(s)
            if sent is None:
                continue
            key = acronyms.get(text[s:e], text[s:e])
            known = _known_group(key, text[s:e], lab, is_place(s, e))
            if known is not None:
                # "ISIL", "Daesh", "Islamic State of Iraq and Syria": one canonical name
                cands.append(_Cand(s, e, text[s:e], "ORG", sent, key=known.name, kind=known.kind))
                continue
            if lab == "ORG" and _POLICE_ORG.match(key):
                # "NYPD", "Staunton Police Department": a police force named by its country
                country = _place_country(article, s, e) or focus
                if country:
                    name = actors.police_forces(country)
                    cands.append(_Cand(s, e, text[s:e], "GROUP", sent, key=name, kind="police"))
                    continue
            cands.append(_Cand(s, e, text[s:e], lab, sent, key=key))

        # 3. group mentions ------------------------------------------------------------
        cands.extend(self._group_mentions(article, doc, cands, acronyms, focus))
        cands.sort(key=lambda c: (c.start, c.end))

        # 4. titles / roles for persons ---------------------------------------------------
        ents = doc.ents  # built once: each doc.ents walks every token
        for c in cands:
            if c.label == "PERSON":
                c.roles = self._roles(doc, c, ents)

        article.mentions, article.entities = self._merge(cands, acronyms)
        return article

    # -----------------------------------------------------------------------------------
    def _group_mentions(
        self,
        article: Article,
        doc: Any,
        names: list[_Cand],
        acronyms: dict[str, str],
        focus: str | None,
    ) -> list[_Cand]:
        text = article.text
        out: list[_Cand] = []
        name_at = {(c.start, c.end): c for c in names}
        armed_seen: list[str] = [c.key for c in names if c.label == "ORG" and _is_armed_name(c.key)]
        # armed-group keys in text order, for definite descriptions
        order: list[tuple[int, str]] = [(c.start, c.key) for c in names if c.key in armed_seen]
        state_seen: list[str] = []  # countries of the state forces mentioned so far
        for chunk in doc.noun_chunks:
            head = chunk.root
            lemma = head.lemma_.lower()
            if lemma not in GROUP_HEADS or (
                head.pos_ == "PROPN" and any(cs <= head.idx < ce for (cs, ce) in name_at)
            ):
                continue
            s, e = chunk.start_char, chunk.end_char
            t = text[s:e]
            det = re.match(r"(?:the|The|a|A|an|An|some|Some|its|their|Its|Their)\s+", t)
            if det:
                s += det.end()
            sent = article.sentence_at(s)
            if sent is None:
                continue
            inner = [c for (cs, ce), c in name_at.items() if s <= cs and ce <= e]
            if not inner and lemma in ARMED_GROUP_NOUNS:
                # "IS militants" split by a bad parse: a name right before the phrase
                prev = [
                    c for (cs, ce), c in name_at.items() if 0 < s - ce <= 1 and c.label == "ORG"
                ]
                if prev:
                    inner = prev
            org = next((c for c in inner if c.label == "ORG"), None)
            norp = next((c for c in inner if c.label in ("NORP", "GPE")), None)
            mention_text = text[s:e]
            if org is None and lemma in ARMED_GROUP_NOUNS | {"group"}:
                # "Islamic State extremists" NER missed, "fighters of the Islamic State"
                of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
                hit = actors.lookup(mention_text) or next(
                    (
                        h
                        for c in of
                        for g in c.children
                        if g.dep_ == "pobj"
                        for h in [actors.lookup(text[g.left_edge.idx : g.idx + len(g)])]
                        if h is not None
                    ),
                    None,
                )
                if hit is not None:
                    armed_seen.append(hit.name)
                    order.append((s, hit.name))
                    out.append(_Cand(s, e, mention_text, "ORG", sent, key=hit.name, kind=hit.kind))
                    continue
            if org is not None and lemma in ARMED_GROUP_NOUNS | {"group"}:
                key = org.key
                armed_seen.append(key)
                order.append((s, key))
                if any(c.start == s and c.end == e for c in names):
                    continue
                out.append(_Cand(s, e, mention_text, "ORG", sent, key=key, kind="armed_group"))
                # the name inside is already a mention; the group phrase adds the kind only
                continue
            demonym = next((t.text for t in chunk if t.i < head.i and t.text in DEMONYMS), None)
            collective = COLLECTIVE_ACTORS.get(lemma)
            if lemma in ("officer", "officers") and office_holder(head):
                continue  # "the chief executive officer", "a press officer": no police
            if collective is not None and org is None:
                country = DEMONYMS.get(norp.text) if norp is not None else None
                country = (
                    country
                    or (DEMONYMS.get(demonym) if demonym else None)
                    or (_gpe_country(article, norp) if norp is not None else None)
                    or focus
                )
                kind = {"Police Forces": "police"}.get(collective, collective.lower())
                key = _collective_name(collective, country)
                out.append(_Cand(s, e, mention_text, "GROUP", sent, key=key, kind=kind))
                continue
            demonym = next((t.text for t in chunk if t.i < head.i and t.text in DEMONYMS), None)
            if lemma in STATE_FORCE_NOUNS or (lemma in {"government", "regime"}):
                country = None
                if norp is not None:
                    country = DEMONYMS.get(norp.text) or _gpe_country(article, norp)
                elif demonym is not None:
                    country = DEMONYMS[demonym]
                elif re.search(
                    r"\b(?:government|regime|army|pro-government|state)\b", mention_text, re.I
                ):
                    country = focus
                elif lemma not in {"government", "regime"}:
                    # "troops", "the soldiers", "its forces": the state forces last named, else
                    # (not for a bare "forces") the forces of the article's country
                    country = _state_referent(chunk, head, state_seen, focus)
                if lemma in {"government", "regime"}:
                    key = f"Government of {country}" if country else "the government"
                    kind = "government"
                else:
                    key = actors.military_forces(country) if country else _norm(mention_text)
                    kind = "state_forces" if country else "group"
                    if country:
                        state_seen.append(country)
                if norp is not None and len(inner) > 1 and " and " in mention_text:
                    # "Syrian and Russian forces": one mention per country
                    for c in inner:
                        cc = DEMONYMS.get(c.text)
                        if cc:
                            state_seen.append(cc)
                            out.append(
                                _Cand(
                                    s,
                                    e,
                                    mention_text,
                                    "GROUP",
                                    sent,
                                    key=actors.military_forces(cc),
                                    kind="state_forces",
                                )
                            )
                    continue
                out.append(_Cand(s, e, mention_text, "GROUP", sent, key=key, kind=kind))
                continue
            mods = [t for t in chunk if t.i < head.i and t.dep_ not in ("det", "poss")]
            generic = all(t.lower_ in ARMED_ADJECTIVES for t in mods)
            if not inner and generic and lemma in ARMED_GROUP_NOUNS | {"group"}:
                # definite description: the most recent armed group before it
                prior = [k for (st, k) in sorted(order) if st < s]
                if prior and det is not None and det.group(0).lower().strip() == "the":
                    out.append(
                        _Cand(s, e, mention_text, "ORG", sent, key=prior[-1], kind="armed_group")
                    )
                    continue
            if lemma in ARMED_GROUP_NOUNS:
                # "Militants attacked ...": the armed group last named; "Jihadi fighters",
                # "gunmen": an armed group whose name is not given; "some 40,000 fighters": a
                # count of fighters, often of a side the sentence names ("the government and
                # its allies mobilised ..."), kept as written, never called unidentified
                prior = [k for (st, k) in sorted(order) if st < s]
                counted = any(t.like_num for t in chunk)
                bare = det is None and not counted
                if prior and bare and generic and lemma in _ANAPHORIC_ARMED:
                    key = prior[-1]
                elif counted:
                    key = _norm(mention_text)
                else:
                    cc = DEMONYMS.get(demonym) if demonym else None
                    cc = cc or (DEMONYMS.get(norp.text) if norp is not None else None) or focus
                    key = actors.unidentified_armed_group(cc) if cc else _norm(mention_text)
                out.append(_Cand(s, e, mention_text, "GROUP", sent, key=key, kind="armed_group"))
                continue
            out.append(
                _Cand(s, e, mention_text, "GROUP", sent, key=_norm(mention_text), kind="group")
            )
        return out

    @staticmethod
    def _roles(doc: Any, c: _Cand, ents: Any = None) -> list[Role]:
        roles: list[Role] = []
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            return roles
        # pre-modifier title: capitalised compound tokens directly before the name
        i = span.start - 1
        toks: list[Any] = []
        while (
            i >= 0
            and doc[i].head.i in range(span.start, span.end)
            or (i >= 0 and toks and doc[i].head.i == toks[-1].i)
        ):
            if doc[i].dep_ not in ("compound", "amod", "nmod", "nn", "punct") or doc[i].text in {
                ",",
                '"',
            }:
                break
            toks.append(doc[i])
            i -= 1
        toks.reverse()
        if toks and any(
            t.lemma_.lower() in TITLE_WORDS or t.text.lower() in TITLE_WORDS for t in toks
        ):
            title = doc[toks[0].i : span.start].text
            roles.append(
                Role(
                    title=title,
                    source="premodifier",
                    start=toks[0].idx,
                    end=toks[-1].idx + len(toks[-1]),
                )
            )
        # apposition: "Name, the head of X"
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.i >= span.end:
                sub = list(child.subtree)
                start, end = sub[0].i, sub[-1].i + 1
                while end > start and doc[end - 1].is_punct:
                    end -= 1
                app = doc[start:end]
                title = re.sub(r"^(?:the|a|an)\s+", "", app.text, flags=re.I)
                orgs = [
                    e
                    for e in (doc.ents if ents is None else ents)
                    if e.start >= start and e.end <= end and e.label_ in ("ORG", "FAC")
                ]
                org = _norm(orgs[-1].text) if orgs else None
                roles.append(
                    Role(
                        title=title,
                        organization=org,
                        source="apposition",
                        start=app.start_char,
                        end=app.end_char,
                    )
                )
        return roles

    @staticmethod
    def _merge(cands: list[_Cand], acronyms: dict[str, str]) -> tuple[list[Mention], list[Entity]]:
        # persons: a shorter name contained in a longer one is the same person
        # longest first; among names of one length, the one mentioned first (never the set's
        # iteration order, which changes from process to process)
        first_at: dict[str, int] = {}
        for c in cands:
            first_at[c.key] = min(first_at.get(c.key, c.start), c.start)
        person_keys = sorted(
            {c.key for c in cands if c.label == "PERSON"}, key=lambda k: (-len(k), first_at[k], k)
        )
        alias_of: dict[str, str] = {}
        for k in person_keys:
            toks = k.split()
            for longer in person_keys:
                if (
                    longer != k
                    and len(longer.split()) > len(toks)
                    and longer.split()[-len(toks) :] == toks
                ):
                    alias_of[k] = alias_of.get(longer, longer)
                    break
        groups: dict[str, list[_Cand]] = defaultdict(list)
        for c in cands:
            groups[alias_of.get(c.key, c.key)].append(c)
        entities: list[Entity] = []
        mentions: list[Mention] = []
        key_to_id: dict[str, int] = {}
        for key in sorted(groups, key=lambda k: min(c.start for c in groups[k])):
            members = groups[key]
            labels = Counter(c.label for c in members if c.label != "GROUP")
            label = labels.most_common(1)[0][0] if labels else "GROUP"
            kinds = Counter(c.kind for c in members if c.kind)
            kind = kinds.most_common(1)[0][0] if kinds else _kind_of(label, key)
            if label == "ORG" and _is_armed_name(key):
                kind = "armed_group"
            eid = len(entities)
            key_to_id[key] = eid
            aliases = sorted({_norm(c.text) for c in members} - {key})
            aliases += [a for a, full in acronyms.items() if full == key and a not in aliases]
            roles: list[Role] = []
            for c in members:
                for r in c.roles:
                    if all(r.title != x.title for x in roles):
                        roles.append(r)
            entities.append(
                Entity(id=eid, canonical=key, label=label, kind=kind, aliases=aliases, roles=roles)
            )
        for c in sorted(cands, key=lambda c: (c.start, c.end)):
            eid = key_to_id[alias_of.get(c.key, c.key)]
            entities[eid].mentions.append(len(mentions))
            mentions.append(
                Mention(
                    start=c.start,
                    end=c.end,
                    text=c.text,
                    label=c.label,
                    sentence=c.sentence,
                    entity=eid,
                )
            )
        return mentions, entities


# armed-group nouns that, bare ("Militants attacked ..."), refer to the group last named
_ANAPHORIC_ARMED = frozenset(
    "militant militants fighter fighters jihadist jihadists extremist extremists".split()
)
# state-force nouns that denote the military without a country word ("troops", "the army")
_MILITARY_NOUNS = frozenset("troop troops soldier soldiers army military navy airforce".split())


#: names of police forces: a city's "…PD" ("NYPD", "LAPD"), "… Police (Department|Service|
#: Force)", a constabulary, a gendarmerie, a sheriff's office
_POLICE_ORG = re.compile(
    r"^(?:[A-Z]{1,4}PD|.*\b(?:Police(?: Department| Service| Force)?|Constabulary|Gendarmerie"
    r"|Sheriff'?s? (?:Office|Department)))$"
)


def _place_country(article: Article, start: int, end: int) -> str | None:
    """The country of a resolved place inside ``[start, end)``."""
    return next((p.country for p in article.places if start <= p.start < end and p.country), None)


def _gpe_country(article: Article, name: _Cand) -> str | None:
    """The country of a place named in a group phrase: "Woodburn police" are the police of
    the country Woodburn lies in (ACLED names a city's police "Police Forces of <country>"),
    "Greek police" of Greece; a place the gazetteer could not resolve names its own text."""
    if name.label != "GPE":
        return None
    return _place_country(article, name.start, name.end) or name.text


def _collective_name(collective: str, country: str | None) -> str:
    """ACLED's name of a collective actor: "Protesters (Kenya)", "Police Forces of Kenya"."""
    if not country:
        return collective
    form = {
        "Police Forces": actors.police_forces,
        "Protesters": actors.protesters,
        "Rioters": actors.rioters,
        "Civilians": actors.civilians,
    }.get(collective)
    return form(country) if form else f"{collective} ({country})"


def _state_referent(chunk: Any, head: Any, seen: list[str], focus: str | None) -> str | None:
    """The country of unqualified state forces: the last named ones, else the article's country.

    "troops", "soldiers", "security forces" are the military of the country the story is about;
    "its troops", "their forces" refer back to the state forces last named ("Russian forces
    shelled ... its troops"); a bare "forces" ("the forces that support terrorism") is left."""
    lemma = head.lemma_.lower()
    backref = chunk[0].lower_ in ("its", "their") and chunk[0].i < head.i
    if backref and seen:
        return seen[-1]
    if lemma in _MILITARY_NOUNS or head.lower_ in _MILITARY_NOUNS:
        return focus
    mods = {t.lower_ for t in chunk if t.i < head.i and t.dep_ in ("amod", "compound")}
    if mods & {"security", "government", "armed", "state", "regime", "military"}:
        return focus
    return None


def _is_armed_name(name: str) -> bool:
    low = name.lower()
    return actors.known(name) or any(h in low for h in ARMED_GROUP_HINTS)


def _known_group(key: str, surface: str, label: str, place: bool) -> actors.KnownActor | None:
    """The known armed group a name mention denotes (not a place, not a one-word person name)."""
    if place or label in ("GPE", "LOC", "FAC"):
        return None
    hit = actors.lookup(key) or actors.lookup(surface)
    if hit is not None and label == "PERSON" and " " not in surface and not surface.isupper():
        return None  # "Wagner" the composer
    return hit


def _kind_of(label: str, key: str) -> str:
    return {
        "PERSON": "person",
        "ORG": "armed_group" if _is_armed_name(key) else "organization",
        "NORP": "nationality",
        "GPE": "place",
        "LOC": "place",
        "FAC": "facility",
        "EVENT": "event",
    }.get(label, "group")
