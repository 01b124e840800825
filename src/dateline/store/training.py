"""The analyst's reviews as labelled rows to retrain on (``dateline export --format training``).

Two files in one directory:

- ``typing.tsv``: CASE 2021 task 2 style (``id``, ``EventSnippet``, ``SubType``): one row per
  report of every accepted or type-corrected event, the report's evidence sentence and the
  event's (corrected) sub-type as the typer's code (``dateline/data/event_typer/labels.json``);
  ``id`` is the report's stable source key.  Rejected events are not typing rows.
- ``corrections.jsonl``: one line per report of every reviewed event: its article, the
  character spans of its evidence and trigger, the event's status, the corrected fields with
  the machine's values before them, and the analysts' reasons (from ``review_log``).
"""

from __future__ import annotations

import csv
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from dateline.errors import InputError
from dateline.records import Article
from dateline.store import review

TYPING_FILE = "typing.tsv"
SPANS_FILE = "corrections.jsonl"


@functools.cache
def sub_type_codes() -> dict[str, str]:
    """ACLED sub-event type name -> the typer's label code (``ARMED_CLASH``)."""
    text = (resources.files("dateline") / "data" / "event_typer" / "labels.json").read_text("utf-8")
    return {x["name"]: x["code"] for x in json.loads(text)["labels"]}


def _code(sub_event_type: str) -> str:
    return sub_type_codes().get(sub_event_type) or sub_event_type.upper().replace(" ", "_")


def rows(con: duckdb.DuckDBPyConnection) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """The typing rows (``[id, snippet, code]``) and the span records of the reviewed events."""
    if not review.has_tables(con, "review_events"):
        return [], []
    typing: list[list[str]] = []
    spans: list[dict[str, Any]] = []
    events = con.execute(
        "SELECT key, status, fields, merged_json FROM review_events ORDER BY key"
    ).fetchall()
    articles: dict[str, Article] = {}
    for key, status, fields_json, doc in events:
        fields = json.loads(fields_json)
        m = review.MergedEvent.model_validate_json(doc)
        members = [(s.article_id, s.idx) for s in m.sources]
        keys = review.keys_of(con, members)
        log_rows = review.history(con, keys.values())
        reasons = [r["reason"] for r in log_rows if r["reason"]]
        typed = status == "accepted" or {"event_type", "sub_event_type"} & set(fields)
        for aid, idx in members:
            if aid not in articles:
                found = con.execute("SELECT article_json FROM articles WHERE id = ?", [aid])
                articles[aid] = Article.model_validate_json(found.fetchall()[0][0])
            e = articles[aid].events[idx]
            sk = keys.get((aid, idx), "")
            if typed and status != "rejected":
                typing.append(
                    [sk, " ".join(e.evidence_text.split()), _code(m.event.sub_event_type)]
                )
            spans.append(
                {
                    "id": sk,
                    "event_key": key,
                    "article_id": aid,
                    "idx": idx,
                    "status": status,
                    "text": e.evidence_text,
                    "evidence": [e.evidence.start, e.evidence.end],
                    "trigger": [e.trigger.start, e.trigger.end, e.trigger_text]
                    if e.trigger
                    else None,
                    "machine": {f: getattr(e, f, None) for f in fields},  # the report's own
                    "corrected": {f: getattr(m.event, f) for f in fields},
                    "event_type": m.event.event_type,
                    "sub_event_type": m.event.sub_event_type,
                    "reasons": reasons,
                }
            )
    return typing, spans


def write(con: duckdb.DuckDBPyConnection, outdir: Path) -> tuple[int, int]:
    """Write ``typing.tsv`` and ``corrections.jsonl`` into ``outdir``; returns their row counts."""
    typing, spans = rows(con)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        with (outdir / TYPING_FILE).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(["id", "EventSnippet", "SubType"])
            w.writerows(typing)
        with (outdir / SPANS_FILE).open("w", encoding="utf-8") as fh:
            for rec in spans:
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    except OSError as e:
        raise InputError(f"cannot write the training files to {outdir}: {e}") from e
    return len(typing), len(spans)
