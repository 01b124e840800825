"""Geoparsing on Gritta et al.'s XML corpora (GeoWebNews, TR-News, LGL/GeoVirus layouts).

Mirrors the geocoding statistics of Gritta et al.'s released code
(``print_stats`` in milangritta/Geocoding-with-Map-Vector ``preprocessing.py``, also used
by "A Pragmatic Guide to Geoparsing Evaluation"): error = great-circle km; mean and median
km; ``acc_161km`` = share of errors under 161 km; ``auc`` = trapezoidal area under the
sorted curve of ``log(error + 1)``, divided by ``log(20039) * (n - 1)`` (lower is better).
These are reported on the recognised gold toponyms (those matched by a system span) and
on all gold toponyms with coordinates (``*_all``; a miss counts 20 039 km).

Recognition: precision/recall/F1 with exact offsets, and with overlap (one-to-one: each
gold toponym in document order takes the leftmost unmatched overlapping system span).

GeoWebNews gold toponyms are its toponym types (literal and associative, including
adjectival modifiers such as "Syrian"); ``Literal_Expression``, ``Non_Lit_Expression`` and
``Non_Toponym`` annotations are location *expressions*, not toponyms, and are left out.

Gold spans are first aligned to the surface form they label (``span_align``): real files
carry offsets shifted by a few characters; a span whose label is not found near its offsets
is left out of the scoring (``n_gold_unaligned``) rather than scored as a failure, and the
moved ones are counted (``n_gold_realigned``).

The baseline is the population heuristic over the same gazetteer and the same spans.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.errors import EvalDataError
from dateline.evaluation.span_align import WINDOW, align_spans
from dateline.places.gazetteer import distance_km

log = logging.getLogger(__name__)

TASK = "geo"
MISS_KM = 20039.0
NOT_TOPONYMS = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    type: str | None = None


@dataclass
class GeoDoc:
    id: str
    text: str
    published: str | None
    gold: list[GoldToponym] = field(default_factory=list)
    #: how the gold spans were aligned to their labels (see :mod:`span_align`)
    alignment: Counter[str] = field(default_factory=Counter)
    #: gold spans whose label is not near their offsets: left out of the scoring
    unaligned: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SysToponym:
    start: int
    end: int
    lat: float | None
    lon: float | None


def _float(s: str | None) -> float | None:
    if s is None or not s.strip():
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _int(s: str | None) -> int | None:
    if s is None or not s.strip():
        return None
    return int(s.strip())


def load(data: Path, limit: int | None = None, *, window: int = WINDOW) -> list[GeoDoc]:
    """Read a Gritta et al. XML file in any of its three toponym layouts.

    Each gold span is aligned to its label (``<name>``, ``<phrase>``, ``<extractedName>``)
    within ``window`` characters (:func:`dateline.evaluation.span_align.align_spans`);
    spans that cannot be aligned are left out of ``gold`` and listed in ``unaligned``.
    """
    path = Path(data)
    if path.is_dir():
        for name in ("GeoWebNews.xml", "TR-News.xml"):
            if (path / name).exists():
                path = path / name
                break
        else:
            found = sorted(path.glob("*.xml"))
            if not found:
                raise EvalDataError(f"no geoparsing XML file in {data}", code="DL400")
            path = found[0]
    if not path.exists():
        raise EvalDataError(f"geoparsing data not found: {path}", code="DL400")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise EvalDataError(f"malformed XML {path}: {e}", code="DL401") from e
    docs: list[GeoDoc] = []
    for idx, art in enumerate(root.iter("article")):
        if limit is not None and len(docs) >= limit:
            break
        text = art.findtext("text") or ""
        doc_id = art.get("docid") or art.get("file") or str(idx)
        published = (art.findtext("dltime") or art.findtext("pubDate") or "").strip() or None
        # (start, end, label, lat, lon, type) as the file gives them, before alignment
        raw: list[tuple[int, int, str | None, float | None, float | None, str | None]] = []
        for t in art.iter("toponym"):
            start, end = _int(t.findtext("start")), _int(t.findtext("end"))
            if start is None or end is None:
                raise EvalDataError(f"toponym without offsets in {doc_id}", code="DL401")
            ttype = t.findtext("type")
            if ttype in NOT_TOPONYMS:
                continue
            gaz = t.find("gaztag")
            if gaz is not None:
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
            else:
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            label = t.findtext("phrase") or t.findtext("extractedName")
            raw.append((start, end, label, lat, lon, ttype))
        for loc in art.iter("location"):
            start, end = _int(loc.findtext("start")), _int(loc.findtext("end"))
            if start is None or end is None:
                raise EvalDataError(f"location without offsets in {doc_id}", code="DL401")
            lat, lon = _float(loc.findtext("lat")), _float(loc.findtext("lon"))
            raw.append((start, end, loc.findtext("name"), lat, lon, None))
        gold: list[GoldToponym] = []
        alignment: Counter[str] = Counter()
        unaligned: list[dict[str, Any]] = []
        spans = [(r[0], r[1], r[2]) for r in raw]
        for r, a in zip(raw, align_spans(text, spans, window=window), strict=True):
            alignment[a.status] += 1
            if a.start is None or a.end is None:
                unaligned.append({"doc": doc_id, "start": r[0], "end": r[1], "label": r[2]})
                continue
            gold.append(GoldToponym(a.start, a.end, text[a.start : a.end], r[3], r[4], r[5]))
        gold.sort(key=lambda g: (g.start, g.end))
        docs.append(GeoDoc(doc_id, text, published, gold, alignment, unaligned))
    if sum(len(d.unaligned) for d in docs):
        log.info(
            "%d gold spans not found near their offsets (left out)",
            sum(len(d.unaligned) for d in docs),
        )
    return docs


# ---------------------------------------------------------------------------
# scoring


def match_overlap(gold: Sequence[GoldToponym], system: Sequence[SysToponym]) -> dict[int, int]:
    """One-to-one overlap matching: gold index → system index."""
    used: set[int] = set()
    out: dict[int, int] = {}
    order = sorted(range(len(system)), key=lambda j: (system[j].start, system[j].end))
    for gi, g in enumerate(gold):
        exact = [
            j
            for j in order
            if j not in used
            and (system[j].start, system[j].end)
            == (
                g.start,
                g.end,
            )
        ]
        if exact:
            out[gi] = exact[0]
            used.add(exact[0])
    for gi, g in enumerate(gold):
        if gi in out:
            continue
        for j in order:
            s = system[j]
            if j not in used and s.start < g.end and g.start < s.end:
                out[gi] = j
                used.add(j)
                break
    return out


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def geo_stats(errors: Sequence[float]) -> dict[str, float]:
    """Gritta et al.'s ``print_stats``: mean/median km, acc@161 km, AUC of log error."""
    if not errors:
        return {"acc_161km": 0.0, "mean_km": 0.0, "median_km": 0.0, "auc": 1.0}
    logs = sorted(math.log(e + 1) for e in errors)
    k = math.log(161)
    acc = sum(1.0 for x in logs if x < k) / len(logs)
    if len(logs) > 1:
        trapz = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
        auc = trapz / (math.log(MISS_KM) * (len(logs) - 1))
    else:
        auc = logs[0] / math.log(MISS_KM)
    return {
        "acc_161km": acc,
        "mean_km": float(statistics.fmean(errors)),
        "median_km": float(statistics.median(errors)),
        "auc": auc,
    }


def score(
    pairs: Sequence[tuple[Sequence[GoldToponym], Sequence[SysToponym]]],
    *,
    recognition: bool = True,
) -> dict[str, Any]:
    n_gold = n_sys = tp_exact = tp_overlap = 0
    err_rec: list[float] = []
    err_all: list[float] = []
    for gold, system in pairs:
        n_gold += len(gold)
        n_sys += len(system)
        gold_spans = [(g.start, g.end) for g in gold]
        sys_spans = {(s.start, s.end) for s in system}
        tp_exact += sum(1 for sp in gold_spans if sp in sys_spans)
        m = match_overlap(gold, system)
        tp_overlap += len(m)
        for gi, g in enumerate(gold):
            if g.lat is None or g.lon is None:
                continue
            j = m.get(gi)
            s = system[j] if j is not None else None
            if s is not None and s.lat is not None and s.lon is not None:
                e = distance_km(g.lat, g.lon, s.lat, s.lon)
                err_rec.append(e)
                err_all.append(e)
            else:
                if s is not None:
                    err_rec.append(MISS_KM)
                err_all.append(MISS_KM)
    metrics: dict[str, Any] = {}
    if recognition:
        p, r, f = _prf(tp_exact, n_sys, n_gold)
        po, ro, fo = _prf(tp_overlap, n_sys, n_gold)
        metrics.update(
            precision=p,
            recall=r,
            f1=f,
            overlap_precision=po,
            overlap_recall=ro,
            overlap_f1=fo,
        )
    metrics.update(geo_stats(err_rec))
    all_stats = geo_stats(err_all)
    metrics.update({f"{k}_all": v for k, v in all_stats.items()})
    metrics.update(
        n_gold=n_gold,
        n_system=n_sys,
        n_geocoded_gold=len(err_all),
        n_geocoded_recognised=len(err_rec),
    )
    return metrics


# ---------------------------------------------------------------------------
# systems


def _to_sys(places: Sequence[Any]) -> list[SysToponym]:
    out = []
    for p in places:
        if p is None:
            continue
        out.append(SysToponym(p.start, p.end, p.latitude, p.longitude))
    return out


def _run_gold(docs: list[GeoDoc], strategy: str) -> list[list[SysToponym]]:
    from dateline.places.stage import GeoContext, Toponym, resolve

    out: list[list[SysToponym]] = []
    for d in docs:
        tops = [Toponym(g.start, g.end, g.text) for g in d.gold]
        ctx = GeoContext.build(d.text, tops, strategy=strategy)
        places = resolve(tops, ctx, fallback_to_focus=strategy != "population")
        out.append(
            [
                SysToponym(t.start, t.end, p.latitude if p else None, p.longitude if p else None)
                for t, p in zip(tops, places, strict=True)
            ]
        )
    return out


def _run_end_to_end(
    docs: list[GeoDoc], *, demonyms: bool, fallback_to_focus: bool
) -> tuple[list[list[SysToponym]], list[list[SysToponym]]]:
    """The real dateline parts (parse + places) on each text; also the population baseline."""
    from dateline.language.parse import Parse
    from dateline.places.stage import GeoContext, Places, Toponym, resolve
    from dateline.records import Article

    parse = Parse()
    places = Places(demonyms=demonyms, fallback_to_focus=fallback_to_focus, embedded=demonyms)
    system: list[list[SysToponym]] = []
    baseline: list[list[SysToponym]] = []
    for d in docs:
        art = Article(id=d.id, text=d.text, published_date=(d.published or "")[:10] or None)
        art = places(parse(art))
        system.append(_to_sys(art.places))
        tops = [Toponym(p.start, p.end, p.text) for p in art.places]
        ctx = GeoContext.build(d.text, tops, strategy="population")
        base = resolve(tops, ctx)
        baseline.append(
            [
                SysToponym(t.start, t.end, b.latitude if b else None, b.longitude if b else None)
                for t, b in zip(tops, base, strict=True)
            ]
        )
    return system, baseline


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    gold_toponyms: bool = False,
    demonyms: bool = True,
    fallback_to_focus: bool = True,
    **_: Any,
) -> dict[str, Any]:
    """Score dateline's geoparsing on a Gritta et al. XML file.

    ``gold_toponyms=True`` geocodes the gold spans (resolution only).  ``demonyms``
    (default on, the benchmarks annotate "Syrian" as a toponym) and ``fallback_to_focus``
    configure ``dateline.places.v1`` for the end-to-end run.
    """
    t0 = time.perf_counter()
    docs = load(Path(data), limit)
    if gold_toponyms:
        system = _run_gold(docs, "context")
        base = _run_gold(docs, "population")
    else:
        system, base = _run_end_to_end(docs, demonyms=demonyms, fallback_to_focus=fallback_to_focus)
    golds = [d.gold for d in docs]
    metrics = score(list(zip(golds, system, strict=True)), recognition=not gold_toponyms)
    baseline = score(list(zip(golds, base, strict=True)), recognition=not gold_toponyms)
    alignment = alignment_summary(docs)
    metrics["n_gold_realigned"] = alignment["realigned"]
    metrics["n_gold_unaligned"] = alignment["unaligned"]
    metrics["seconds"] = round(time.perf_counter() - t0, 2)
    if predictions is not None:
        write_predictions(Path(predictions), docs, system)
    return {
        "task": TASK,
        "n": len(docs),
        "mode": "gold_toponyms" if gold_toponyms else "end_to_end",
        "data": str(data),
        "metrics": metrics,
        "alignment": alignment,
        "baseline": {"name": "population heuristic, same gazetteer and spans", **baseline},
    }


def alignment_summary(docs: Sequence[GeoDoc], examples: int = 20) -> dict[str, Any]:
    """Counts of the gold spans kept as given, realigned to their label, and left out."""
    total: Counter[str] = Counter()
    for d in docs:
        total.update(d.alignment)
    unaligned = [u for d in docs for u in d.unaligned]
    return {
        "window": WINDOW,
        "as_given": total["as_given"] + total["no_label"],
        "realigned": total["realigned"],
        "unaligned": total["unaligned"],
        "unaligned_examples": unaligned[:examples],
    }


def write_predictions(path: Path, docs: list[GeoDoc], system: list[list[SysToponym]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for d, sys_tops in zip(docs, system, strict=True):
            row = {
                "doc": d.id,
                "toponyms": [
                    {"start": s.start, "end": s.end, "lat": s.lat, "lon": s.lon} for s in sys_tops
                ],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def errors(
    data: Path, *, limit: int | None = None, gold_toponyms: bool = True, worst: int = 50
) -> list[dict[str, Any]]:
    """Error analysis: gold toponyms geocoded > 161 km away (or missed), worst first."""
    docs = load(Path(data), limit)
    if gold_toponyms:
        system = _run_gold(docs, "context")
    else:
        system, _ = _run_end_to_end(docs, demonyms=True, fallback_to_focus=True)
    rows: list[dict[str, Any]] = []
    for d, sys_tops in zip(docs, system, strict=True):
        m = match_overlap(d.gold, sys_tops)
        for gi, g in enumerate(d.gold):
            if g.lat is None or g.lon is None:
                continue
            j = m.get(gi)
            s = sys_tops[j] if j is not None else None
            if s is None or s.lat is None or s.lon is None:
                err = MISS_KM
            else:
                err = distance_km(g.lat, g.lon, s.lat, s.lon)
            if err >= 161:
                rows.append(
                    {
                        "doc": d.id,
                        "text": g.text,
                        "type": g.type,
                        "gold": (g.lat, g.lon),
                        "system": (s.lat, s.lon) if s else None,
                        "km": round(err),
                    }
                )
    rows.sort(key=lambda r: -r["km"])
    return rows[: worst if worst else None]
