"""French pages scored against a hand-written gold file (``tests/golden/french/gold.json``).

Each gold page names its text file, and holds:

* ``times`` — the date expressions of the body (not the « Publié le » line), in order, with
  their TIMEX values.  A predicted DATE/TIME expression matches a gold one when their spans
  overlap; the value is right when the date parts are equal (``2015-11-13TEV`` = ``2015-11-13``).
  Durations and sets are not in the gold and not scored.  Reported: span P/R/F1, value
  accuracy on the matched pairs, value F1 (span and value right).
* ``quotes`` — content text (without quotation marks) and the acceptable speaker strings.  A
  predicted quote matches when its content overlaps the gold content by at least half of the
  shorter of the two; its speaker is right when the predicted speaker text or name and one
  gold speaker string contain each other (case and accents kept, determiners dropped).
  Reported: content P/R/F1 and full P/R/F1 (content and speaker).
* ``event`` — the page's main event: date, ACLED sub-event type, place (name, aliases,
  coordinates and a tolerance in km) and a fatalities range.  The predicted main event is the
  first event that is not background.  Reported: found (any non-background event), sub-event
  type accuracy, date accuracy, place accuracy (within the tolerance or named) and
  fatalities accuracy (within the range), each over all gold pages; and how often some
  predicted event of the page has the gold sub-event type.
"""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from dateline.errors import EvalDataError
from dateline.pipeline import process_text
from dateline.records import Article

log = logging.getLogger(__name__)

_DET = re.compile(r"^(?:(?:les|le|la|une|un|des|du|de|son|sa|ses)\s+|[ld]['’]\s*)", re.I)


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalDataError(f"cannot read the French gold file {path}: {e}") from e
    if not isinstance(gold, dict) or not isinstance(gold.get("pages"), list):
        raise EvalDataError(f"{path}: expected an object with a 'pages' list")
    return gold


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gold_spans(text: str, items: list[dict[str, Any]], start: int) -> list[tuple[int, int]]:
    """Locate each gold string in order of appearance from ``start``."""
    spans = []
    pos = start
    for item in items:
        i = text.find(item["text"], pos)
        if i < 0:
            i = text.find(item["text"])
        if i < 0:
            raise EvalDataError(f"gold text not in the page: {item['text']!r}")
        spans.append((i, i + len(item["text"])))
        pos = i + len(item["text"])
    return spans


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s.strip().lower().replace("’", "'"))
    return _DET.sub("", s).strip(" ,.-")


def speaker_ok(gold: list[str], pred: list[str | None]) -> bool:
    cands = [_norm(p) for p in pred if p and _norm(p) not in ("", "il", "elle", "ils", "elles")]
    for g in (_norm(x) for x in gold):
        if any(g and c and (g in c or c in g) for c in cands):
            return True
    return False


def _date_part(value: str) -> str:
    return value.split("T")[0]


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def score_page(art: Article, page: dict[str, Any]) -> dict[str, Any]:
    """Counts for one page (see the module docstring)."""
    text = art.text
    pub = text.find("Publié le")
    body = text.find("\n", pub) if pub >= 0 else 0
    out: dict[str, Any] = {"file": page["file"]}

    # times
    gold_t = _gold_spans(text, page["times"], max(body, 0))
    pred_t = [t for t in art.times if t.type in ("DATE", "TIME") and t.start >= body]
    used: set[int] = set()
    matched = right = 0
    for (gs, ge), g in zip(gold_t, page["times"], strict=True):
        k = next(
            (
                i
                for i, t in enumerate(pred_t)
                if i not in used and _overlap((gs, ge), (t.start, t.end))
            ),
            None,
        )
        if k is None:
            continue
        used.add(k)
        matched += 1
        right += _date_part(pred_t[k].value) == _date_part(g["value"])
    out["times"] = {"gold": len(gold_t), "pred": len(pred_t), "matched": matched, "right": right}

    # quotes
    gold_q = _gold_spans(text, page["quotes"], 0)
    used = set()
    q_match = q_full = 0
    for (gs, ge), g in zip(gold_q, page["quotes"], strict=True):
        best = None
        for i, q in enumerate(art.quotes):
            if i in used:
                continue
            ov = _overlap((gs, ge), (q.content.start, q.content.end))
            shorter = min(ge - gs, q.content.end - q.content.start)
            if ov and ov >= 0.5 * shorter:
                best = i
                break
        if best is None:
            continue
        used.add(best)
        q_match += 1
        q = art.quotes[best]
        q_full += speaker_ok(g["speaker"], [q.speaker_text, q.speaker_name])
    out["quotes"] = {
        "gold": len(gold_q),
        "pred": len(art.quotes),
        "matched": q_match,
        "speaker_right": q_full,
    }

    # the main event
    ge_ = page["event"]
    told = [e for e in art.events if not e.background]
    main = told[0] if told else None
    ev: dict[str, Any] = {"found": main is not None, "any_sub_type": False}
    ev["any_sub_type"] = any(e.sub_event_type == ge_["sub_event_type"] for e in art.events)
    if main is not None:
        ev["sub_type"] = main.sub_event_type == ge_["sub_event_type"]
        ev["date"] = main.event_date == ge_["date"]
        names = {_norm(n) for n in [ge_["place"], *ge_.get("aliases", [])]}
        near = (
            main.latitude is not None
            and main.longitude is not None
            and _haversine((main.latitude, main.longitude), (ge_["latitude"], ge_["longitude"]))
            <= ge_.get("tolerance_km", 30)
        )
        ev["place"] = bool(near or (main.location and _norm(main.location) in names))
        lo, hi = ge_["fatalities"]
        ev["fatalities"] = lo <= main.fatalities <= hi
        ev["predicted"] = {
            "sub_event_type": main.sub_event_type,
            "event_date": main.event_date,
            "location": main.location,
            "fatalities": main.fatalities,
        }
    out["event"] = ev
    return out


def aggregate(pages: list[dict[str, Any]]) -> dict[str, Any]:
    t = {k: sum(p["times"][k] for p in pages) for k in ("gold", "pred", "matched", "right")}
    q = {
        k: sum(p["quotes"][k] for p in pages) for k in ("gold", "pred", "matched", "speaker_right")
    }
    n = len(pages)

    def share(key: str) -> float:
        return round(sum(bool(p["event"].get(key)) for p in pages) / n, 3) if n else 0.0

    return {
        "pages": n,
        "time_span": _prf(t["matched"], t["pred"], t["gold"]),
        "time_value_accuracy": round(t["right"] / t["matched"], 3) if t["matched"] else 0.0,
        "time_value": _prf(t["right"], t["pred"], t["gold"]),
        "time_counts": t,
        "quote_content": _prf(q["matched"], q["pred"], q["gold"]),
        "quote_full": _prf(q["speaker_right"], q["pred"], q["gold"]),
        "quote_counts": q,
        "event_found": share("found"),
        "event_sub_type_accuracy": share("sub_type"),
        "event_any_sub_type": share("any_sub_type"),
        "event_date_accuracy": share("date"),
        "event_place_accuracy": share("place"),
        "event_fatalities_accuracy": share("fatalities"),
    }


def run(
    folder: Path,
    *,
    gold: Path | None = None,
    predictions: Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Process every gold page of ``folder`` with the default pipeline and score it."""
    gold_path = gold or folder / "gold.json"
    data = load_gold(gold_path)
    pages = data["pages"][:limit] if limit else data["pages"]
    scored = []
    preds = []
    for page in pages:
        path = folder / page["file"]
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as e:
            raise EvalDataError(f"gold page not readable: {path}: {e}") from e
        art = process_text(raw, uri=str(path))
        if art.rejection is not None:
            log.warning("%s rejected: %s", path, art.rejection.reason)
        scored.append(score_page(art, page))
        preds.append(
            {
                "file": page["file"],
                "language": art.language,
                "times": [t.model_dump() for t in art.times],
                "quotes": [q.model_dump() for q in art.quotes],
                "events": [e.model_dump() for e in art.events],
            }
        )
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as fh:
            for row in preds:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"task": "french", "n": len(scored), "metrics": aggregate(scored), "per_page": scored}
