"""Stress runs behind ``make stress``: hostile corpus, kill -9 crash safety, fuzzing.

    python scripts/stress.py hostile --n 1000 [--workers 2] [--out results.json]
    python scripts/stress.py crash --kills 20
    python scripts/stress.py fuzz --seconds 120

Each prints its figures as JSON (and appends them to ``--out`` when given); each exits
non-zero when an invariant is broken.  See RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import hostile_corpus  # noqa: E402

from dateline.errors import CATALOGUE  # noqa: E402
from dateline.pages import readers  # noqa: E402
from dateline.records import Article  # noqa: E402

# --- hostile corpus ------------------------------------------------------------------------


def _key(item: readers.Item) -> tuple[str, str | None]:
    if isinstance(item, readers.Rejected):
        return (item.uri, item.content_hash)
    return (item.source or "", item.id)


def ingest_corpus(
    corpus: Path,
    db: Path,
    *,
    executor: Any = None,
    pipeline_for: Callable[[Article], Callable[[Article], Article]] | None = None,
) -> dict[str, Any]:
    """Ingest every file of a hostile corpus; returns per-file outcomes and figures."""
    from dateline.store import Store, ingest

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    files = [corpus / m["file"] for m in manifest]
    owner: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    outcomes: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def items() -> Iterator[readers.Item]:
        for f in files:
            for item in readers.read_file(f):
                owner[_key(item)].append(f.name)
                yield item

    def on_result(item: readers.Item, outcome: str) -> None:
        key = _key(item)
        name = owner[key].pop(0)
        rej = item.rejection
        outcomes[name].append(
            {
                "uri": key[0],
                "id": key[1],
                "outcome": outcome,
                "code": rej.code if rej else None,
                "reason": rej.reason if rej else None,
            }
        )

    t0 = time.perf_counter()
    with Store.open(db) as store:
        result = ingest(
            store,
            items(),
            pipeline_for or readers.pipeline_for,
            paths=[str(corpus)],
            on_result=on_result,
            executor=executor,
        )
        stats = store.stats()
    seconds = time.perf_counter() - t0
    return {
        "manifest": manifest,
        "outcomes": dict(outcomes),
        "counts": dict(result.counts),
        "stats": stats,
        "seconds": seconds,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "max_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def reference_articles() -> dict[str, Article]:
    """The example pages analysed directly (what their copies in the corpus must give)."""
    out = {}
    for _, text in hostile_corpus.examples():
        a = Article.from_raw(text, fmt="text")
        out[a.id] = readers.pipeline_for(a)(a)
    return out


def check_hostile(report: dict[str, Any], db: Path) -> list[str]:
    """Every invariant of a hostile ingest; returns the problems (empty when all hold)."""
    from dateline.store import Store

    problems: list[str] = []
    outcomes = report["outcomes"]
    for m in report["manifest"]:
        got = outcomes.get(m["file"], [])
        if not got:
            problems.append(f"{m['file']}: no outcome")
            continue
        for o in got:
            if o["outcome"] == "rejected":
                if o["code"] not in CATALOGUE or not o["reason"]:
                    problems.append(f"{m['file']}: rejection without a catalogued code: {o}")
        kinds = {o["outcome"] for o in got}
        if m["expect"] == "rejected" and kinds != {"rejected"}:
            problems.append(f"{m['file']} ({m['kind']}) should be rejected: {got}")
        if m["expect"] == "stored" and not kinds <= {"stored", "duplicate"}:
            problems.append(f"{m['file']} ({m['kind']}) should be stored: {got}")
        for uri in m["good_uris"]:
            if not any(o["uri"] == uri and o["outcome"] in ("stored", "duplicate") for o in got):
                problems.append(f"{m['file']}: good document {uri} not stored: {got}")
    with Store.open(db, read_only=True) as store:
        for aid, ref in reference_articles().items():
            if ref.rejection is not None:
                problems.append(f"reference example {ref.source} rejected: {ref.rejection}")
                continue
            try:
                got_a = store.get_article(aid)
            except Exception as e:  # NotFound: the good page was lost
                problems.append(f"good page {aid} not stored: {e}")
                continue
            if got_a.text != ref.text or got_a.headline != ref.headline:
                problems.append(f"good page {aid} stored with another text or headline")
            if [e.event_type for e in got_a.events] != [e.event_type for e in ref.events]:
                problems.append(f"good page {aid} stored with other events")
            n_rows = store.con.execute(
                "SELECT count(*) FROM events WHERE article_id = ?", [aid]
            ).fetchone()
            if not n_rows or n_rows[0] != len(ref.events):
                problems.append(f"good page {aid}: {n_rows} event rows, {len(ref.events)} events")
        runs = store.runs()
        if not runs or runs[-1]["finished_at"] is None:
            problems.append("the run was not recorded as finished")
    return problems


def summary(report: dict[str, Any]) -> dict[str, Any]:
    by_code: dict[str, int] = defaultdict(int)
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kind_of = {m["file"]: m["kind"] for m in report["manifest"]}
    for name, got in report["outcomes"].items():
        for o in got:
            by_code[o["code"] or o["outcome"]] += 1
            by_kind[kind_of[name]][o["code"] or o["outcome"]] += 1
    return {
        "files": len(report["manifest"]),
        "bytes_on_disk": sum(m["bytes"] for m in report["manifest"]),
        "documents": sum(len(v) for v in report["outcomes"].values()),
        "counts": report["counts"],
        "by_code": dict(sorted(by_code.items())),
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "seconds": round(report["seconds"], 1),
        "max_rss_mb": round(report["max_rss_mb"]),
        "max_rss_workers_mb": round(report["max_rss_children_mb"]),
        "articles": report["stats"]["articles"],
        "events": report["stats"]["events"],
    }


def cmd_hostile(args: argparse.Namespace) -> int:
    from dateline.executors import make_executor

    work = Path(tempfile.mkdtemp(prefix="dateline-hostile-"))
    corpus = work / "corpus"
    t0 = time.perf_counter()
    hostile_corpus.generate(corpus, args.n, seed=args.seed, huge_mb=args.huge_mb)
    gen_s = time.perf_counter() - t0
    db = work / "hostile.duckdb"
    kind = "multiprocessing" if args.workers > 1 else "inprocess"
    executor = make_executor(kind, workers=args.workers)
    try:
        report = ingest_corpus(corpus, db, executor=executor)
    finally:
        executor.close()
    problems = check_hostile(report, db)
    out = {"test": "hostile", "generate_seconds": round(gen_s, 1), "workers": args.workers}
    out |= summary(report)
    out["problems"] = problems[:50]
    out["n_problems"] = len(problems)
    _emit(out, args.out)
    return 1 if problems else 0


# --- crash safety --------------------------------------------------------------------------


def crash_corpus(out: Path, n_good: int, seed: int) -> None:
    """Good pages (distinct: each example with a numbered closing line) and some bad ones."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    exs = hostile_corpus.examples()
    for i in range(n_good):
        name, text = exs[i % len(exs)]
        extra = f"\n\nThe report, number {i + 1}, was compiled by staff in the newsroom.\n"
        (out / f"{i:04d}-{name}.txt").write_text(text + extra, encoding="utf-8")
    for i in range(max(3, n_good // 5)):
        (out / f"bad-{i:03d}.txt").write_bytes(rng.randbytes(rng.randint(0, 3000)))


def db_invariants(db: Path) -> tuple[dict[str, Any], list[str]]:
    """Open the database (it must open cleanly) and check it is consistent."""
    from dateline.store import Store

    problems: list[str] = []
    with Store.open(db) as store:  # read-write: replays the WAL like the next run would
        con = store.con
        n_articles, n_distinct = con.execute(
            "SELECT count(*), count(DISTINCT id) FROM articles"
        ).fetchone()
        if n_articles != n_distinct:
            problems.append(f"duplicated articles: {n_articles} rows, {n_distinct} ids")
        for table in ("events", "mentions", "quotes", "times", "places", "entities"):
            rows, keys = con.execute(
                f"SELECT count(*), count(DISTINCT (article_id, idx)) FROM {table}"
            ).fetchone()
            if rows != keys:
                problems.append(f"duplicated {table} rows: {rows} rows, {keys} keys")
            orphans = con.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.id = t.article_id)"
            ).fetchone()[0]
            if orphans:
                problems.append(f"{orphans} {table} rows without their article")
        for aid, doc, n_ev in con.execute(
            "SELECT a.id, a.article_json, (SELECT count(*) FROM events e WHERE e.article_id = a.id)"
            " FROM articles a"
        ).fetchall():
            want = len(json.loads(doc).get("events", []))
            if want != n_ev:
                problems.append(f"article {aid}: {n_ev} event rows, {want} in its JSON")
        dup_rej = con.execute(
            "SELECT count(*) FROM (SELECT content_hash FROM rejections WHERE content_hash IS NOT"
            " NULL GROUP BY content_hash HAVING count(*) > 1)"
        ).fetchone()[0]
        if dup_rej:
            problems.append(f"{dup_rej} documents rejected twice")
        dup_rej_uri = con.execute(
            "SELECT count(*) FROM (SELECT uri FROM rejections WHERE content_hash IS NULL"
            " GROUP BY uri HAVING count(*) > 1)"
        ).fetchone()[0]
        if dup_rej_uri:
            problems.append(f"{dup_rej_uri} files rejected twice")
        both = con.execute(
            "SELECT count(*) FROM rejections r JOIN articles a ON a.id = r.content_hash"
        ).fetchone()[0]
        if both:
            problems.append(f"{both} documents both stored and rejected")
        stats = store.stats()
    return stats, problems


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    exe = Path(sys.executable).parent / "dateline"
    return [str(exe), "ingest", str(corpus), "--db", str(db)]


def _wal_size(db: Path) -> int:
    try:
        return db.with_name(db.name + ".wal").stat().st_size
    except OSError:
        return -1


def _wait_and_kill(
    proc: subprocess.Popen[bytes],
    db: Path,
    target: tuple[str, float],
    rng: random.Random,
    timeout: float,
) -> bool:
    """SIGKILL ``proc`` at ``target`` (a time, or a number of WAL growths); True if it ended."""
    kind, value = target
    t0 = time.perf_counter()
    grown, last = 0, _wal_size(db)
    while proc.poll() is None and time.perf_counter() - t0 < timeout:
        if kind == "time" and time.perf_counter() - t0 >= value:
            break
        size = _wal_size(db)
        if size != last:
            grown += 1
            last = size
            if kind == "commits" and grown >= value:
                time.sleep(rng.uniform(0, 0.3))  # somewhere in the next document
                break
        time.sleep(0.005)
    if proc.poll() is not None:
        return True
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return False


def cmd_crash(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="dateline-crash-"))
    corpus = work / "corpus"
    crash_corpus(corpus, args.good, args.seed)
    env = dict(os.environ, DATELINE_LOG_LEVEL="error")
    # the reference: one run nobody interrupts
    ref_db = work / "reference.duckdb"
    t0 = time.perf_counter()
    subprocess.run(_ingest_cmd(corpus, ref_db), check=True, env=env, capture_output=True)
    ref_seconds = time.perf_counter() - t0
    ref_stats, ref_problems = db_invariants(ref_db)
    db = work / "crash.duckdb"
    kills: list[dict[str, Any]] = []
    problems = [f"reference: {p}" for p in ref_problems]
    while sum(1 for k in kills if not k["finished"]) < args.kills and len(kills) < 3 * args.kills:
        proc = subprocess.Popen(
            _ingest_cmd(corpus, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        t_start = time.perf_counter()
        if rng.random() < 0.2:
            # anywhere, often while the models load
            target = ("time", rng.uniform(0.3, max(1.0, ref_seconds)))
        else:
            # while writing: after the database's write-ahead log grew k times (k commits)
            target = ("commits", rng.randint(1, max(2, args.good // 2)))
        finished = _wait_and_kill(proc, db, target, rng, timeout=ref_seconds * 3 + 60)
        delay = time.perf_counter() - t_start
        if not db.exists():
            kills.append(
                {"after_s": round(delay, 2), "at": target, "finished": finished, "articles": 0}
            )
            continue
        stats, found = db_invariants(db)
        problems += [f"after kill {len(kills) + 1}: {p}" for p in found]
        kills.append(
            {
                "after_s": round(delay, 2),
                "at": target,
                "finished": finished,
                "articles": stats["articles"],
                "events": stats["events"],
            }
        )
        if finished:  # everything stored already: start again from an empty database
            db.unlink()
            db.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    # the last run, not interrupted, must give exactly the reference
    subprocess.run(_ingest_cmd(corpus, db), check=True, env=env, capture_output=True)
    final_stats, found = db_invariants(db)
    problems += [f"final: {p}" for p in found]
    for key in ("articles", "events", "mentions", "quotes", "times", "places", "rejections"):
        if final_stats[key] != ref_stats[key]:
            problems.append(f"final {key}: {final_stats[key]}, reference {ref_stats[key]}")
    from dateline.store import Store

    with Store.open(db, read_only=True) as a, Store.open(ref_db, read_only=True) as b:
        if set(a.article_ids()) != set(b.article_ids()):
            problems.append("final article ids differ from the reference")
        ev = "SELECT article_id, idx, event_type, event_date FROM events ORDER BY 1, 2"
        if a.con.execute(ev).fetchall() != b.con.execute(ev).fetchall():
            problems.append("final events differ from the reference")
    out = {
        "test": "crash",
        "files": len(list(corpus.iterdir())),
        "reference_seconds": round(ref_seconds, 1),
        "kills": sum(1 for k in kills if not k["finished"]),
        "runs_completed_between_kills": sum(1 for k in kills if k["finished"]),
        "kill_points": kills,
        "final": {k: final_stats[k] for k in ("articles", "events", "rejections", "runs")},
        "reference": {k: ref_stats[k] for k in ("articles", "events", "rejections", "runs")},
        "problems": problems[:50],
        "n_problems": len(problems),
    }
    _emit(out, args.out)
    return 1 if problems else 0


# --- a light ingest (for the fast crash test in make test) ---------------------------------


class ParagraphEvents:
    """A cheap stand-in for the NLP stages: one event per paragraph (picklable)."""

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause

    def __call__(self, article: Article) -> Article:
        from dateline.records import Event, Span

        time.sleep(self.pause)  # room for a kill between documents
        article.text = (article.raw.content if article.raw else "").strip()
        paras = [p for p in article.text.split("\n\n") if p.strip()]
        pos = 0
        for i, para in enumerate(paras):
            start = article.text.index(para, pos)
            pos = start + len(para)
            article.events.append(
                Event(
                    event_id=f"{article.id}-{i + 1}",
                    event_date=None,
                    event_type="Protests",
                    sub_event_type="Peaceful protest",
                    evidence=Span(start=start, end=pos),
                    evidence_text=para,
                    sentence=i,
                )
            )
        article.stages.append("stress.paragraph-events")
        return article


def light_ingest(corpus: Path, db: Path, pause: float = 0.05) -> dict[str, int]:
    """Ingest ``corpus`` into ``db`` with :class:`ParagraphEvents` (no model is loaded)."""
    from dateline.store import Store, ingest

    pipe = ParagraphEvents(pause)
    with Store.open(db) as store:
        result = ingest(store, readers.read_paths([corpus]), lambda a: pipe, paths=[str(corpus)])
    return dict(result.counts)


def cmd_light_ingest(args: argparse.Namespace) -> int:
    print(json.dumps(light_ingest(args.corpus, args.db, args.pause)))
    return 0


# --- fuzzing -------------------------------------------------------------------------------


def cmd_fuzz(args: argparse.Namespace) -> int:
    env = dict(
        os.environ,
        DATELINE_FUZZ_EXAMPLES=str(args.examples),
        DATELINE_FUZZ_SECONDS=str(args.seconds),
    )
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    out = {
        "test": "fuzz",
        "examples_per_property": args.examples,
        "seconds_per_property": args.seconds,
        "seconds": round(time.perf_counter() - t0, 1),
        "returncode": proc.returncode,
        "tail": proc.stdout.strip().splitlines()[-5:],
    }
    _emit(out, args.out)
    return proc.returncode


def _emit(out: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(out, indent=1, default=str)
    print(text)
    if path is not None:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(out, default=str) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="append the figures (JSONL) here")
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hostile", help="ingest a generated hostile corpus")
    h.add_argument("--n", type=int, default=1000)
    h.add_argument("--seed", type=int, default=7)
    h.add_argument("--huge-mb", type=float, default=50.0)
    h.add_argument("--workers", type=int, default=1)
    c = sub.add_parser("crash", help="kill -9 the ingest at random points and rerun")
    c.add_argument("--kills", type=int, default=20)
    c.add_argument("--good", type=int, default=24, help="good pages in the corpus")
    c.add_argument("--seed", type=int, default=11)
    f = sub.add_parser("fuzz", help="the property tests with many more examples")
    f.add_argument("--examples", type=int, default=3000)
    f.add_argument("--seconds", type=float, default=60.0, help="time bound per property")
    li = sub.add_parser("light-ingest", help="ingest with a cheap stand-in pipeline")
    li.add_argument("corpus", type=Path)
    li.add_argument("db", type=Path)
    li.add_argument("--pause", type=float, default=0.05)
    args = ap.parse_args()
    handler = {
        "hostile": cmd_hostile,
        "crash": cmd_crash,
        "fuzz": cmd_fuzz,
        "light-ingest": cmd_light_ingest,
    }[args.cmd]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
