"""Quote attribution on PolNeAR (brat standoff): content, source, cue and attribution scores.

Layout: ``<data>/text/<doc>.txt`` and ``<data>/attributions/<doc>_<annotator>.ann``.  Each
attribution (``E`` line) links a Content (plus optional ``Content2``), a Cue and a Source
(absent for ``Attribution-no-source``); spans may be discontinuous (``s e;s e``).  When an
article has several annotator files, the one agreeing best with the others (mean
content-overlap F1) is the gold.

Scoring follows ``../shared/docs/evaluation.md``; the P/R/F1 arithmetic mirrors BBC
citron's ``citron.metrics.get_exact_scores`` (micro counts over the corpus), while the
matching is one-to-one (citron counts any overlap): a predicted and a gold content match
*exactly* when their character sets are equal and *by overlap* when they share at least half
of the longer one, both after trimming whitespace and punctuation from each piece.  Pairs
are matched greedily, best overlap first.  ``source_f1`` and ``cue_f1`` are computed on the
content-matched pairs (precision over pairs where the system gave one, recall over pairs
where the gold has one); ``attribution_f1`` counts a prediction correct when its content and
its source both match (a missing source matches a gold attribution without source).
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.errors import EvalDataError
from dateline.records import Article, Paragraph, Section

log = logging.getLogger(__name__)

TASK = "quotes"
DEFAULT_SUBDIR = Path("quotes") / "polnear" / "dev"
_PUNCT = " \t\r\n.,;:!?\"'“”‘’«»()[]{}—–-…"

Pieces = list[tuple[int, int]]


@dataclass
class Attribution:
    content: Pieces
    source: Pieces | None = None
    cue: Pieces | None = None


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    annotator: str | None = None


# --- reading PolNeAR --------------------------------------------------------------------


def _parse_offsets(field_: str) -> Pieces:
    pieces: Pieces = []
    for part in field_.split(";"):
        s, e = part.split()
        pieces.append((int(s), int(e)))
    return pieces


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat ``.ann`` file."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offs = cols[1].partition(" ")
            try:
                spans[cols[0]] = (label, _parse_offsets(offs))
            except ValueError as e:
                raise EvalDataError(f"{path.name}: bad span line {line!r}", code="DL401") from e
        elif line.startswith("E") and len(cols) >= 2:
            events.append(cols[1].split())
    out: list[Attribution] = []
    for args in events:
        roles: dict[str, Pieces] = {}
        for arg in args:
            role, _, ref = arg.partition(":")
            if ref not in spans:
                continue
            roles.setdefault(role, [])
            roles[role] = roles[role] + spans[ref][1]
        content = roles.get("Content", []) + roles.get("Content2", [])
        if not content:
            continue
        out.append(
            Attribution(
                content=sorted(content),
                source=sorted(roles["Source"]) if "Source" in roles else None,
                cue=sorted(roles["Cue"]) if "Cue" in roles else None,
            )
        )
    return out


def load_gold(data: Path, limit: int | None = None) -> list[GoldDoc]:
    """Documents with their chosen annotator's attributions, in file-name order."""
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalDataError(f"PolNeAR layout (text/, attributions/) not found under {data}")
    anns: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        m = re.match(r"(.+)_([0-9a-f]+)\.ann$", p.name)
        if m:
            anns.setdefault(m.group(1), []).append(p)
    docs: list[GoldDoc] = []
    for tp in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(docs) >= limit:
            break
        files = anns.get(tp.stem)
        if not files:
            log.warning("no annotation for %s", tp.name)
            continue
        text = tp.read_text(encoding="utf-8")
        versions = [read_ann(f) for f in files]
        best = _most_agreeing(text, versions)
        docs.append(
            GoldDoc(
                name=tp.name,
                text=text,
                attributions=versions[best],
                annotator=files[best].stem.rsplit("_", 1)[1],
            )
        )
    return docs


def _most_agreeing(text: str, versions: list[list[Attribution]]) -> int:
    if len(versions) == 1:
        return 0
    best, best_score = 0, -1.0
    for i, vi in enumerate(versions):
        score = 0.0
        for j, vj in enumerate(versions):
            if i != j:
                counts = score_doc(text, vi, vj)
                score += _f1(counts["overlap_tp"], len(vi), len(vj))
        if score > best_score:
            best, best_score = i, score
    return best


# --- matching -----------------------------------------------------------------------------


def _charset(text: str, pieces: Pieces | None) -> frozenset[int]:
    chars: set[int] = set()
    for s, e in pieces or []:
        s, e = max(s, 0), min(e, len(text))
        while s < e and text[s] in _PUNCT:
            s += 1
        while e > s and text[e - 1] in _PUNCT:
            e -= 1
        chars.update(i for i in range(s, e) if not text[i].isspace())
    return frozenset(chars)


def _overlaps(a: frozenset[int], b: frozenset[int]) -> bool:
    if not a or not b:
        return False
    return len(a & b) >= 0.5 * max(len(a), len(b))


def _match(
    text: str, gold: Sequence[Pieces], pred: Sequence[Pieces]
) -> tuple[list[tuple[int, int]], int]:
    """One-to-one overlap matching (greedy, best ratio first); also the exact-match count."""
    g = [_charset(text, x) for x in gold]
    p = [_charset(text, x) for x in pred]
    scored: list[tuple[float, int, int]] = []
    for i, gi in enumerate(g):
        for j, pj in enumerate(p):
            if _overlaps(gi, pj):
                scored.append((len(gi & pj) / max(len(gi), len(pj)), i, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    exact_pool = [x for x in p if x]
    exact = 0
    for gi in g:
        if gi and gi in exact_pool:
            exact_pool.remove(gi)
            exact += 1
    return pairs, exact


def score_doc(text: str, gold: list[Attribution], pred: list[Attribution]) -> dict[str, int]:
    pairs, exact = _match(text, [a.content for a in gold], [a.content for a in pred])
    c: dict[str, int] = {
        "gold": len(gold),
        "pred": len(pred),
        "exact_tp": exact,
        "overlap_tp": len(pairs),
        "source_tp": 0,
        "source_pred": 0,
        "source_gold": 0,
        "cue_tp": 0,
        "cue_pred": 0,
        "cue_gold": 0,
        "attribution_tp": 0,
    }
    for i, j in pairs:
        g, p = gold[i], pred[j]
        for role in ("source", "cue"):
            gs, ps = getattr(g, role), getattr(p, role)
            c[f"{role}_gold"] += gs is not None
            c[f"{role}_pred"] += ps is not None
            if gs is not None and ps is not None:
                c[f"{role}_tp"] += _overlaps(_charset(text, gs), _charset(text, ps))
        if g.source is None and p.source is None:
            c["attribution_tp"] += 1
        elif g.source is not None and p.source is not None:
            c["attribution_tp"] += _overlaps(_charset(text, g.source), _charset(text, p.source))
    return c


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _f1(tp: int, npred: int, ngold: int) -> float:
    return _prf(tp, npred, ngold)[2]


def metrics_from_counts(c: dict[str, int]) -> dict[str, float]:
    m: dict[str, float] = {}
    for key, tp in (("content", "exact_tp"), ("content_overlap", "overlap_tp")):
        p, r, f = _prf(c[tp], c["pred"], c["gold"])
        m[f"{key}_precision"], m[f"{key}_recall"], m[f"{key}_f1"] = p, r, f
    for role in ("source", "cue"):
        p, r, f = _prf(c[f"{role}_tp"], c[f"{role}_pred"], c[f"{role}_gold"])
        m[f"{role}_precision"], m[f"{role}_recall"], m[f"{role}_f1"] = p, r, f
    p, r, f = _prf(c["attribution_tp"], c["pred"], c["gold"])
    m["attribution_precision"], m["attribution_recall"], m["attribution_f1"] = p, r, f
    return {k: round(v, 4) for k, v in m.items()}


# --- systems --------------------------------------------------------------------------------


def build_article(text: str, name: str = "") -> Article:
    """An Article over the raw text file: one body section, paragraphs split at blank lines."""
    paragraphs = [
        Paragraph(start=m.start(), end=m.end(), section=0)
        for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", text, flags=re.S)
    ]
    return Article(
        id=name,
        source=name,
        text=text,
        sections=[Section(start=0, end=len(text), kind="body")],
        paragraphs=paragraphs,
    )


def _split_out(content: tuple[int, int], holes: Iterable[tuple[int, int] | None]) -> Pieces:
    """The content minus the cue and speaker spans inside it ('A, he said, B' → A, B)."""
    pieces: Pieces = [content]
    for h in holes:
        if h is None:
            continue
        nxt: Pieces = []
        for s, e in pieces:
            if h[0] >= e or h[1] <= s:
                nxt.append((s, e))
                continue
            if h[0] > s:
                nxt.append((s, h[0]))
            if h[1] < e:
                nxt.append((h[1], e))
        pieces = nxt
    return [p for p in pieces if p[1] > p[0]]


def dateline_predictions(
    articles: list[Article],
    *,
    entities: bool = True,
    batch_size: int = 16,
    mode: str = "combined",
    prefer: str | None = None,
) -> list[list[Attribution]]:
    """Run parse (batched), entities (when available) and quotes over prebuilt Articles."""
    from dateline.language import nlp
    from dateline.language.parse import Parse
    from dateline.quotes.stage import Quotes

    model = nlp.load()
    for art, doc in zip(
        articles, model.pipe((a.text for a in articles), batch_size=batch_size), strict=True
    ):
        art.doc = doc
    parse, quotes = Parse(), Quotes(mode=mode, prefer=prefer)
    ent_stage = _entities_stage() if entities else None
    out: list[list[Attribution]] = []
    for art in articles:
        art = parse(art)
        if ent_stage is not None:
            art = ent_stage(art)
        art = quotes(art)
        out.append(quotes_to_attributions(art))
    return out


def quotes_to_attributions(art: Article, *, merge_continuations: bool = True) -> list[Attribution]:
    """PolNeAR attributions from Article.quotes.

    A cue or speaker inside the content is cut out ('A, he said, B' → [A, B]); a direct
    quote continuing the previous speaker in the same paragraph (no cue of its own) joins
    the previous attribution as one more content piece, as PolNeAR annotates it.
    """
    preds: list[Attribution] = []
    para_starts = [p.start for p in art.paragraphs]
    last_para: int | None = None
    for q in art.quotes:
        content = (q.content.start, q.content.end)
        speaker = (q.speaker.start, q.speaker.end) if q.speaker else None
        cue = (q.cue.start, q.cue.end) if q.cue else None
        para = bisect.bisect_right(para_starts, content[0]) - 1
        if q.cue is None:
            if merge_continuations and preds and para == last_para:
                preds[-1].content = sorted(preds[-1].content + [content])
                continue
            speaker = None  # a continuation: PolNeAR marks no source of its own
        preds.append(
            Attribution(
                content=_split_out(content, [cue, speaker]),
                source=[speaker] if speaker else None,
                cue=[cue] if cue else None,
            )
        )
        last_para = bisect.bisect_right(para_starts, content[1] - 1) - 1
    return preds


def _entities_stage() -> Any | None:
    from dateline import registry
    from dateline.errors import PipelineError

    try:
        spec = registry.get("dateline.entities.v1")
    except (PipelineError, ImportError) as e:
        log.info("entities stage unavailable, skipped: %s", e)
        return None
    return spec.factory()


_SAY = re.compile(r"\b(said|says|say|saying|told|tells|added|asked|wrote)\b", re.I)
_QUOTE_RUN = re.compile(r"[“\"]([^“”\"\n]{3,}?)[”\"]")


def baseline_predictions(docs: list[GoldDoc]) -> list[list[Attribution]]:
    """Quotation marks + the nearest "said": content = the quoted text, cue = that verb,
    source = the capitalised word or pronoun next to it (the side away from the quote)."""
    out: list[list[Attribution]] = []
    for d in docs:
        text = d.text
        preds: list[Attribution] = []
        for m in _QUOTE_RUN.finditer(text):
            if len(m.group(1).split()) < 3:
                continue
            lo = text.rfind("\n", 0, m.start()) + 1
            hi = text.find("\n", m.end())
            hi = len(text) if hi < 0 else hi
            best: re.Match[str] | None = None
            for s in _SAY.finditer(text, lo, hi):
                if m.start() <= s.start() < m.end():
                    continue
                if best is None or _dist(s, m) < _dist(best, m):
                    best = s
            cue = [(best.start(), best.end())] if best else None
            source = None
            if best is not None:
                src = _neighbour_name(text, best, after=best.start() >= m.end())
                source = [src] if src else None
            preds.append(Attribution(content=[m.span(1)], source=source, cue=cue))
        out.append(preds)
    return out


def _dist(s: re.Match[str], m: re.Match[str]) -> int:
    return min(abs(s.start() - m.end()), abs(m.start() - s.end()))


def _neighbour_name(text: str, cue: re.Match[str], *, after: bool) -> tuple[int, int] | None:
    if after:  # '“…,” said X' or '“…,” X said': try both sides of the cue
        m = re.match(r"\s+((?:[A-Z][\w.’'-]*\s?){1,4})", text[cue.end() :])
        if m:
            return cue.end() + m.start(1), cue.end() + m.end(1)
    window = text[max(0, cue.start() - 60) : cue.start()]
    m = re.search(r"((?:[A-Z][\w.’'-]*\s){1,4}|\b(?:he|she|they)\s)$", window, flags=re.I)
    if m:
        base = cue.start() - len(window)
        return base + m.start(1), base + m.end(1) - 1
    return None


# --- entry point ------------------------------------------------------------------------------


def _pieces_json(p: Pieces | None) -> Any:
    if not p:
        return None
    return list(p[0]) if len(p) == 1 else [list(x) for x in p]


def write_predictions(path: Path, docs: list[GoldDoc], preds: list[list[Attribution]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d, ps in zip(docs, preds, strict=True):
            row = {
                "doc": d.name,
                "quotes": [
                    {
                        "source": _pieces_json(p.source),
                        "cue": _pieces_json(p.cue),
                        "content": _pieces_json(p.content),
                    }
                    for p in ps
                ],
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def evaluate(docs: list[GoldDoc], preds: list[list[Attribution]]) -> dict[str, float]:
    total: dict[str, int] = {}
    for d, ps in zip(docs, preds, strict=True):
        for k, v in score_doc(d.text, d.attributions, ps).items():
            total[k] = total.get(k, 0) + v
    if not total:
        raise EvalDataError("no PolNeAR documents to score")
    return metrics_from_counts(total)


def resolve_data(data: Path) -> Path:
    """Accept the PolNeAR dev folder itself or the eval data root above it."""
    if (data / "text").is_dir():
        return data
    if (data / DEFAULT_SUBDIR / "text").is_dir():
        return data / DEFAULT_SUBDIR
    raise EvalDataError(f"PolNeAR dev data not found under {data}")


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    entities: bool = True,
    mode: str = "combined",
    prefer: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Score dateline.quotes.v1 (and the quotation-mark baseline) on PolNeAR dev.

    ``mode``: ``rules``, ``model`` or ``combined`` (the stage's default), ``prefer``: which
    side wins where rules and model overlap (see :func:`dateline.quotes.stage.combine`).
    """
    if options:
        log.debug("ignored options: %s", sorted(options))
    folder = resolve_data(Path(data))
    docs = load_gold(folder, limit=limit)
    t0 = time.perf_counter()
    articles = [build_article(d.text, d.name) for d in docs]
    preds = dateline_predictions(articles, entities=entities, mode=mode, prefer=prefer)
    elapsed = time.perf_counter() - t0
    if predictions is not None:
        write_predictions(Path(predictions), docs, preds)
    metrics = evaluate(docs, preds)
    baseline = evaluate(docs, baseline_predictions(docs))
    log.info("quotes eval: %d docs in %.1fs", len(docs), elapsed)
    return {
        "task": TASK,
        "n": len(docs),
        "metrics": metrics,
        "baseline": baseline,
    }
