"""dateline benchmarks: `make bench` (results printed as Markdown and written as JSON).

Sections (each can be chosen with --only):

* ``pipeline`` — end-to-end articles/s and words/s on N real pages (WCXB dev HTML through the
  HTML stage when it is installed, else the PolNeAR/TBAQ texts), with 1 and 2 workers, beside the
  bare spaCy parse of the same texts with the same model in the same run (the floor) and
  trafilatura alone on the same HTML; peak RSS per worker; a stage-by-stage profile.
* ``store`` — DuckDB latency (p50/p95) of the REST API's queries (events with filters and total,
  deep page, histogram, facets, places, one article), called through the functions the API calls,
  over synthetic events spread over synthetic articles with their places.
* ``dedup`` — near-duplicate detection time for synthetic documents (when dateline.corpus exists).

No timing is asserted anywhere: figures go to BENCHMARKS.md by hand from this output.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared" / "data" / "eval"))


def machine() -> dict[str, object]:
    return {
        "date": date.today().isoformat(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "load_avg": os.getloadavg(),
    }


# ---------------------------------------------------------------------------------- corpus
def corpus(n: int, use_html: bool = True) -> list[tuple[str, str, str]]:
    """(uri, format, content) for n real pages: WCXB HTML first (when the HTML stage exists),
    then plain texts (PolNeAR); repeated cyclically up to n."""
    pages: list[tuple[str, str, str]] = []
    html_dir = EVAL / "extraction" / "wcxb-dev" / "html"
    if use_html and html_dir.exists():
        for p in sorted(html_dir.glob("*.html.gz")):
            with gzip.open(p, "rt", encoding="utf-8", errors="replace") as fh:
                pages.append((p.name, "html", fh.read()))
    for folder in (
        EVAL / "quotes" / "polnear" / "train" / "text",
        EVAL / "quotes" / "polnear" / "dev" / "text",
    ):
        if folder.exists():
            for p in sorted(folder.glob("*.txt")):
                pages.append((p.name, "text", p.read_text(encoding="utf-8")))
    if not pages:
        sys.exit(f"no evaluation data under {EVAL}: set DATELINE_EVAL_DATA")
    return [pages[i % len(pages)] for i in range(n)]


def html_available() -> bool:
    try:
        from dateline import registry

        return "dateline.htmlpage.v1" in registry.names()
    except Exception:  # noqa: BLE001 - optional stage
        return False


def to_articles(pages: list[tuple[str, str, str]], use_html: bool):
    from dateline.records import Article

    out = []
    for uri, fmt, content in pages:
        if fmt == "html" and not use_html:
            continue
        out.append(Article.from_raw(content, fmt=fmt, uri=uri))
    return out


def pipeline_for_format(article):
    from dateline.pipeline import DEFAULT_STAGES, Pipeline

    if article.raw is not None and article.raw.format == "html":
        return Pipeline(("dateline.htmlpage.v1",) + DEFAULT_STAGES[1:])
    return Pipeline(DEFAULT_STAGES)


def bench_pipeline(n: int, workers: list[int], dask_workers: int = 0) -> dict[str, object]:
    from dateline.executors import make_executor, peak_rss_mib
    from dateline.language import nlp

    use_html = html_available()
    pages = corpus(n, use_html)
    arts = to_articles(pages, use_html)
    res: dict[str, object] = {"pages": len(arts), "html_stage": use_html}

    # 1. every stage, in process, with the profile
    t0 = time.perf_counter()
    profile: dict[str, float] = {}
    done = []
    pipes: dict[str, object] = {}
    for a in arts:
        fmt = a.raw.format if a.raw else "text"
        if fmt not in pipes:
            pipes[fmt] = pipeline_for_format(a)
        done.append(pipes[fmt](a))  # type: ignore[operator]
    wall = time.perf_counter() - t0
    for p in pipes.values():
        for k, v in p.timings.items():  # type: ignore[attr-defined]
            profile[k] = profile.get(k, 0.0) + v
    texts = [a.text for a in done if a.rejection is None]
    words = sum(len(t.split()) for t in texts)
    res["rejected"] = sum(1 for a in done if a.rejection is not None)
    codes: dict[str, int] = {}
    for a in done:
        if a.rejection is not None:
            codes[a.rejection.code] = codes.get(a.rejection.code, 0) + 1
    res["rejection_codes"] = codes
    res["words"] = words
    res["mean_words"] = words / max(1, len(texts))
    res["profile_s"] = {k: round(v, 3) for k, v in sorted(profile.items(), key=lambda kv: -kv[1])}
    res["profile_ms_per_article"] = {
        k: round(1000 * v / len(arts), 2) for k, v in res["profile_s"].items()
    }  # type: ignore[union-attr]
    res["inprocess"] = {
        "seconds": round(wall, 2),
        "articles_per_s": round(len(arts) / wall, 2),
        "words_per_s": round(words / wall),
    }

    # 2. the floor: the bare spaCy parse of the same clean texts, same model, same run
    model = nlp.load()
    t0 = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32):
        pass
    parse = time.perf_counter() - t0
    res["bare_parse"] = {
        "seconds": round(parse, 2),
        "articles_per_s": round(len(texts) / parse, 2),
        "words_per_s": round(words / parse),
    }

    # 3. trafilatura alone on the HTML pages
    html = [c for _, f, c in pages if f == "html"]
    try:
        import trafilatura

        t0 = time.perf_counter()
        for h in html:
            trafilatura.extract(h)
        tr = time.perf_counter() - t0
        res["trafilatura"] = {
            "pages": len(html),
            "seconds": round(tr, 2),
            "pages_per_s": round(len(html) / tr, 2) if tr else None,
        }
    except ImportError:
        res["trafilatura"] = "not installed"

    # 4. executors with N > 1 workers (model load included: it is part of a real run), and
    #    Dask; every run must give the same results as the in-process one (1 worker, above)
    reference = [json.dumps(a.to_json_dict(), sort_keys=True) for a in done]
    res["inprocess"]["identical_to_inprocess"] = True  # type: ignore[index]
    runs = [("multiprocessing", w) for w in workers if w > 1]
    if dask_workers:
        runs.append(("dask", dask_workers))
    for kind, w in runs:
        ex = make_executor(kind, workers=w)
        t0 = time.perf_counter()
        out = list(ex.map(pipeline_for_format, to_articles(pages, use_html)))
        dt = time.perf_counter() - t0
        peaks = ex.worker_peak_rss_mib()
        ex.close()
        got = [json.dumps(a.to_json_dict(), sort_keys=True) for a in out]
        differ = [i for i, (x, y) in enumerate(zip(got, reference, strict=True)) if x != y]
        res[f"{kind}_{w}"] = {
            "executor": kind,
            "workers": w,
            "seconds": round(dt, 2),
            "articles_per_s": round(len(out) / dt, 2),
            "words_per_s": round(words / dt),
            "identical_to_inprocess": not differ,
            "documents_differing": len(differ),
            "first_differing": [out[i].source for i in differ[:5]],
            "worker_peak_rss_mib": peaks,
        }
    # the main process ran the in-process pipeline (1 worker) and holds every result
    res["peak_rss_mib_main"] = peak_rss_mib()
    return res


# ----------------------------------------------------------------------------------- store
#: ACLED event types: (weight, sub-event types, PLOVER categories it is typed as)
ACLED_TYPES = {
    "Battles": (
        22,
        ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
        ["ASSAULT", "MOBILIZE"],
    ),
    "Explosions/Remote violence": (
        20,
        [
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
        ],
        ["ASSAULT"],
    ),
    "Violence against civilians": (
        18,
        ["Attack", "Abduction/forced disappearance", "Sexual violence"],
        ["ASSAULT", "COERCE"],
    ),
    "Protests": (
        25,
        ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
        ["PROTEST"],
    ),
    "Riots": (8, ["Violent demonstration", "Mob violence"], ["PROTEST", "ASSAULT"]),
    "Strategic developments": (
        7,
        [
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
        ["AGREE", "COERCE", "RETREAT", "SANCTION", "CONCEDE", "MOBILIZE"],
    ),
}
#: (country, ISO 3166 alpha-2, ISO numeric, latitude, longitude, region) of the synthetic world
COUNTRIES = [
    ("Syria", "SY", 760, 35.0, 38.5, "Middle East"),
    ("Yemen", "YE", 887, 15.5, 47.5, "Middle East"),
    ("Iraq", "IQ", 368, 33.0, 44.0, "Middle East"),
    ("Lebanon", "LB", 422, 33.9, 35.9, "Middle East"),
    ("Israel", "IL", 376, 31.4, 35.0, "Middle East"),
    ("Palestine", "PS", 275, 31.9, 35.2, "Middle East"),
    ("Turkey", "TR", 792, 39.0, 35.0, "Middle East"),
    ("Iran", "IR", 364, 32.0, 53.0, "Middle East"),
    ("Afghanistan", "AF", 4, 34.0, 66.0, "Caucasus and Central Asia"),
    ("Pakistan", "PK", 586, 30.0, 70.0, "Southern Asia"),
    ("India", "IN", 356, 22.0, 79.0, "Southern Asia"),
    ("Bangladesh", "BD", 50, 24.0, 90.0, "Southern Asia"),
    ("Myanmar", "MM", 104, 21.0, 96.0, "Southeast Asia"),
    ("Philippines", "PH", 608, 12.0, 122.0, "Southeast Asia"),
    ("Ukraine", "UA", 804, 49.0, 32.0, "Europe"),
    ("Russia", "RU", 643, 55.0, 40.0, "Europe"),
    ("Mali", "ML", 466, 17.0, -4.0, "Western Africa"),
    ("Burkina Faso", "BF", 854, 12.3, -1.5, "Western Africa"),
    ("Niger", "NE", 562, 16.0, 8.0, "Western Africa"),
    ("Nigeria", "NG", 566, 9.0, 8.0, "Western Africa"),
    ("Cameroon", "CM", 120, 6.0, 12.0, "Middle Africa"),
    ("Democratic Republic of Congo", "CD", 180, -3.0, 23.0, "Middle Africa"),
    ("Central African Republic", "CF", 140, 7.0, 21.0, "Middle Africa"),
    ("Sudan", "SD", 729, 15.0, 30.0, "Northern Africa"),
    ("South Sudan", "SS", 728, 7.0, 30.0, "Eastern Africa"),
    ("Ethiopia", "ET", 231, 9.0, 39.0, "Eastern Africa"),
    ("Somalia", "SO", 706, 6.0, 46.0, "Eastern Africa"),
    ("Kenya", "KE", 404, 0.5, 38.0, "Eastern Africa"),
    ("Mozambique", "MZ", 508, -18.0, 35.0, "Southern Africa"),
    ("Libya", "LY", 434, 27.0, 17.0, "Northern Africa"),
    ("Mexico", "MX", 484, 23.0, -102.0, "Central America"),
    ("Colombia", "CO", 170, 4.0, -73.0, "South America"),
    ("Brazil", "BR", 76, -10.0, -52.0, "South America"),
    ("Haiti", "HT", 332, 19.0, -72.4, "Caribbean"),
    ("Venezuela", "VE", 862, 7.0, -66.0, "South America"),
    ("United States", "US", 840, 39.0, -98.0, "North America"),
]
_SYLL = [
    "ka",
    "ra",
    "mo",
    "al",
    "bu",
    "sa",
    "de",
    "in",
    "to",
    "ha",
    "el",
    "ou",
    "ni",
    "za",
    "ba",
    "qu",
    "ar",
    "ti",
    "lo",
    "me",
    "gu",
    "fa",
    "ye",
    "sh",
]


def _word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(_SYLL) for _ in range(rng.randint(lo, hi))).capitalize()


def _values_insert(con, table: str, rows: list[tuple], chunk: int = 500) -> None:
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        row = "(" + ", ".join("?" * len(part[0])) + ")"
        con.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([row] * len(part)),
            [v for r in part for v in r],
        )


def _full_article(rng: random.Random, aid: str, published: str):
    """An Article with every kind of span (for the one-article query), ~600 words."""
    from dateline.records import (
        Article,
        Entity,
        Event,
        Mention,
        Place,
        Plover,
        Quote,
        Sentence,
        Span,
        TimeExpr,
    )

    words, sentences, pos = [], [], 0
    for _ in range(40):
        s = " ".join(_word(rng).lower() for _ in range(rng.randint(8, 22))).capitalize() + "."
        sentences.append(Sentence(start=pos, end=pos + len(s), paragraph=len(sentences) // 4))
        words.append(s)
        pos += len(s) + 1
    text = " ".join(words)

    def span(k: int) -> tuple[Span, int, str]:
        s = sentences[k % len(sentences)]
        end = min(s.end, s.start + 12)
        return Span(start=s.start, end=end), k % len(sentences), text[s.start : end]

    a = Article(
        id=aid,
        source=f"https://news.example/{aid}",
        headline=" ".join(_word(rng) for _ in range(7)),
        published=published,
        published_date=published[:10],
        text=text,
        sentences=sentences,
        stages=["bench"],
    )
    for k in range(30):
        sp, si, tx = span(k)
        a.mentions.append(
            Mention(
                start=sp.start,
                end=sp.end,
                text=tx,
                label=rng.choice(["PERSON", "ORG", "GPE", "GROUP"]),
                sentence=si,
                entity=k % 10,
            )
        )
    a.entities = [
        Entity(id=k, canonical=_word(rng), label="ORG", mentions=[k, k + 10, k + 20])
        for k in range(10)
    ]
    for k in range(8):
        sp, si, tx = span(k * 3)
        c = rng.choice(COUNTRIES)
        a.places.append(
            Place(
                start=sp.start,
                end=sp.end,
                text=tx,
                name=_word(rng),
                geonameid=rng.randrange(10**5, 10**7),
                country=c[0],
                country_code=c[1],
                latitude=c[3],
                longitude=c[4],
                sentence=si,
            )
        )
    for k in range(5):
        sp, si, tx = span(k * 5)
        a.times.append(
            TimeExpr(
                start=sp.start,
                end=sp.end,
                text=tx,
                type="DATE",
                value=published[:10],
                precision="day",
                sentence=si,
            )
        )
    for k in range(4):
        sp, si, tx = span(k * 7 + 1)
        a.quotes.append(
            Quote(
                kind="direct",
                content=sp,
                content_text=tx,
                speaker=sp,
                speaker_text=tx,
                speaker_name=_word(rng),
                speaker_kind="person",
                sentence=si,
                sentences=[si],
            )
        )
    for k in range(5):
        sp, si, tx = span(k * 4 + 2)
        t = rng.choice(list(ACLED_TYPES))
        a.events.append(
            Event(
                event_id=f"{aid}-{k}",
                event_date=published[:10],
                event_type=t,
                sub_event_type=ACLED_TYPES[t][1][0],
                actor1=_word(rng),
                evidence=sp,
                evidence_text=tx,
                trigger=sp,
                trigger_text=tx,
                sentence=si,
                place=k,
                time_expr=k,
                plover=Plover(category=ACLED_TYPES[t][2][0]),
            )
        )
    return a


def synth_store(con, n_events: int, n_articles: int, seed: int = 7) -> dict[str, object]:
    """Fill an empty store with ``n_events`` synthetic events over ``n_articles`` articles.

    Distributions: 6 ACLED event types (weighted) with their 26 sub-types and PLOVER categories;
    36 countries with 10-15 admin1 regions each and ~6 000 towns (Zipf-like popularity), events
    placed at a town (80 %), an admin1 region (12 %) or a country (6 %), or nowhere (2 %);
    ~400 actors (state forces, protesters, armed groups) with associates; articles published over
    10 years, events dated up to 3 days before (2 % undated); each article names its events'
    places plus one or two others (the ``places`` rows the geonameid lookup joins).
    """
    rng = random.Random(seed)
    con.execute(f"SELECT setseed({seed / 100})")
    # --- dimensions: places (towns, admin1, countries), actors, types
    places: list[tuple] = []
    gid = iter(rng.sample(range(100_000, 12_000_000), 20_000))
    for c, cc, iso, lat, lon, region in COUNTRIES:
        places.append((len(places), next(gid), c, "country", c, cc, iso, None, lat, lon, region))
        for _ in range(rng.randint(10, 15)):
            adm = _word(rng) + rng.choice(["", " Province", " Region", " State"])
            alat, alon = lat + rng.uniform(-4, 4), lon + rng.uniform(-4, 4)
            places.append(
                (len(places), next(gid), adm, "admin1", c, cc, iso, adm, alat, alon, region)
            )
            for _ in range(rng.randint(8, 14)):
                places.append(
                    (
                        len(places),
                        next(gid),
                        _word(rng),
                        "city",
                        c,
                        cc,
                        iso,
                        adm,
                        alat + rng.uniform(-1, 1),
                        alon + rng.uniform(-1, 1),
                        region,
                    )
                )
    towns = [p for p in places if p[3] == "city"]
    admins = [p for p in places if p[3] == "admin1"]
    countries = [p for p in places if p[3] == "country"]
    rng.shuffle(towns)
    rng.shuffle(admins)
    # ordered by popularity: picks are Zipf-like over these lists
    ordered = [*towns, *admins, *countries]
    con.execute(
        "CREATE TEMP TABLE syn_place (pid INTEGER, geonameid BIGINT, name VARCHAR, feature VARCHAR,"
        " country VARCHAR, cc VARCHAR, iso INTEGER, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, region VARCHAR, kind INTEGER, rank INTEGER)"
    )
    kinds = {"city": 0, "admin1": 1, "country": 2}
    rank_of = {}
    counters = {0: 0, 1: 0, 2: 0}
    for p in ordered:
        k = kinds[p[3]]
        rank_of[p[0]] = counters[k]
        counters[k] += 1
    _values_insert(con, "syn_place", [(*p, kinds[p[3]], rank_of[p[0]]) for p in places])
    actors: list[tuple] = []
    for c, *_ in COUNTRIES:
        for name in (
            f"Military Forces of {c}",
            f"Police Forces of {c}",
            f"Protesters ({c})",
            f"Rioters ({c})",
            f"Civilians ({c})",
            f"Unidentified Armed Group ({c})",
            f"Government of {c}",
        ):
            actors.append((len(actors), name))
    for _ in range(150):
        actors.append(
            (
                len(actors),
                f"{_word(rng)} {rng.choice(['Brigade', 'Movement', 'Front', 'Militia', 'Liberation Army', 'Party'])}",
            )
        )
    rng.shuffle(actors)
    actors = [(i, name) for i, (_, name) in enumerate(actors)]
    con.execute("CREATE TEMP TABLE syn_actor (aid INTEGER, name VARCHAR)")
    _values_insert(con, "syn_actor", actors)
    con.execute(
        "CREATE TEMP TABLE syn_type (tid INTEGER, name VARCHAR, subs VARCHAR[], plovers VARCHAR[])"
    )
    _values_insert(
        con, "syn_type", [(i, t, v[1], v[2]) for i, (t, v) in enumerate(ACLED_TYPES.items())]
    )
    slots = [i for i, v in enumerate(ACLED_TYPES.values()) for _ in range(v[0])]
    n_town, n_adm, n_cty, n_act = counters[0], counters[1], counters[2], len(actors)

    # --- articles, then events (each to a random article), then the places each article names
    con.execute(
        f"""CREATE TEMP TABLE syn_art AS SELECT i AS art, substr(md5('art' || i), 1, 16) AS id,
               DATE '2015-01-01' + CAST(floor(random() * 3652) AS INTEGER) AS day,
               CAST(floor(random() * 1440) AS INTEGER) AS minute
            FROM range({n_articles}) t(i)"""
    )
    con.execute(
        f"""CREATE TEMP TABLE syn_ev AS SELECT i,
               CAST(floor(random() * {n_articles}) AS INTEGER) AS art,
               CASE WHEN r < 0.80 THEN 0 WHEN r < 0.92 THEN 1 WHEN r < 0.98 THEN 2 ELSE NULL END AS kind,
               pow(random(), 2.2) AS zipf,
               ({slots})[1 + CAST(floor(random() * {len(slots)}) AS INTEGER)] AS tid,
               random() AS r_sub, random() AS r_plover,
               CAST(floor(pow(random(), 1.8) * {n_act}) AS INTEGER) AS a1,
               CASE WHEN random() < 0.6 THEN CAST(floor(pow(random(), 1.8) * {n_act}) AS INTEGER) END AS a2,
               CASE WHEN random() < 0.3 THEN CAST(floor(random() * {n_act}) AS INTEGER) END AS as1,
               CASE WHEN random() < 0.1 THEN CAST(floor(random() * {n_act}) AS INTEGER) END AS as1b,
               CASE WHEN random() < 0.2 THEN CAST(floor(random() * {n_act}) AS INTEGER) END AS as2,
               CASE WHEN random() < 0.02 THEN NULL ELSE CAST(floor(pow(random(), 3) * 4) AS INTEGER) END AS lag,
               CAST(floor(pow(random(), 4) * 40) AS INTEGER) AS dead,
               random() < 0.1 AS background,
               random() AS conf
            FROM (SELECT i, random() AS r FROM range({n_events}) t(i))"""
    )
    con.execute(
        f"""CREATE TEMP TABLE syn_ev1 AS SELECT *, CAST(floor(zipf *
              (CASE kind WHEN 0 THEN {n_town} WHEN 1 THEN {n_adm} ELSE {n_cty} END)) AS INTEGER) AS rank FROM syn_ev"""
    )
    con.execute(
        """CREATE TEMP TABLE syn_ev2 AS SELECT e.*, p.pid,
               CAST(row_number() OVER (PARTITION BY e.art ORDER BY e.i) - 1 AS INTEGER) AS idx
            FROM syn_ev1 e LEFT JOIN syn_place p ON p.kind = e.kind AND p.rank = e.rank"""
    )
    # the places each article names: its events' places, and one or two others
    con.execute(
        f"""CREATE TEMP TABLE syn_pl AS SELECT art, pid,
               CAST(row_number() OVER (PARTITION BY art ORDER BY pid) - 1 AS INTEGER) AS idx
            FROM (SELECT DISTINCT art, pid FROM syn_ev2 WHERE pid IS NOT NULL
                  UNION SELECT art, CAST(floor(pow(random(), 2.2) * {n_town}) AS INTEGER) FROM syn_art, range(2) r(k)
                    WHERE k = 0 OR random() < 0.5)"""
    )
    con.execute(
        """INSERT INTO articles (id, source, site, headline, byline, published, published_date,
                  published_precision, language, text, n_sentences, stages, schema_version, article_json, ingested_at)
           SELECT id, 'https://news.example/' || id, 'news.example', 'Headline of article ' || art, '[]',
                  strftime(day + minute * INTERVAL 1 MINUTE, '%Y-%m-%dT%H:%M'), day, 'minute', 'en',
                  'Text of article ' || art, 20, '["bench"]', '1', '{}', now()::TIMESTAMP
           FROM syn_art"""
    )
    con.execute(
        """INSERT INTO places (article_id, idx, start_char, end_char, text, name, geonameid, feature, country,
                  country_code, iso_numeric, admin1, latitude, longitude, population, score, sentence)
           SELECT a.id, l.idx, 10 * l.idx, 10 * l.idx + 6, p.name, p.name, p.geonameid, p.feature, p.country,
                  p.cc, p.iso, p.admin1, p.lat, p.lon, NULL, 0.9, l.idx
           FROM syn_pl l JOIN syn_art a USING (art) JOIN syn_place p USING (pid)"""
    )
    con.execute(
        """INSERT INTO events (article_id, idx, event_id, event_date, year, time_precision, disorder_type,
                  event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2,
                  interaction, civilian_targeting, iso, region, country, admin1, location, latitude, longitude,
                  geo_precision, source, fatalities, notes, tags, plover_category, plover_mode, plover_context,
                  plover_size, plover_dead, plover_injured, claimed_by, trigger_start, trigger_end, trigger_text,
                  evidence_start, evidence_end, evidence_text, sentence, time_expr, place, background, confidence)
           SELECT a.id, e.idx, a.id || '-' || e.idx,
                  CASE WHEN e.lag IS NOT NULL THEN strftime(a.day - e.lag, '%Y-%m-%d') END,
                  CASE WHEN e.lag IS NOT NULL THEN year(a.day - e.lag) END, 1, 'Political violence',
                  t.name, t.subs[1 + CAST(floor(e.r_sub * len(t.subs)) AS INTEGER)],
                  x1.name, CASE WHEN e.as1b IS NOT NULL THEN s1.name || '; ' || s1b.name ELSE s1.name END, 1,
                  x2.name, s2.name, 2, 12, NULL, p.iso, p.region, p.country,
                  CASE WHEN p.feature = 'country' THEN NULL ELSE p.admin1 END,
                  CASE WHEN p.feature = 'country' THEN NULL ELSE p.name END, p.lat, p.lon, 1,
                  'news.example', e.dead, '', NULL,
                  CASE WHEN e.r_plover < 0.9 THEN t.plovers[1 + CAST(floor(e.r_plover / 0.9 * len(t.plovers)) AS INTEGER)] END,
                  NULL, '[]', NULL, e.dead, NULL, 'dateline.events.v1', 5, 12, 'attacked',
                  0, 160, 'Gunmen attacked the market town on Monday, killing several people and burning shops, '
                      || 'witnesses said; the army said it had sent reinforcements (event ' || e.i || ').',
                  e.idx, NULL, l.idx, e.background, e.conf
           FROM syn_ev2 e JOIN syn_art a USING (art) JOIN syn_type t USING (tid)
           JOIN syn_actor x1 ON x1.aid = e.a1 LEFT JOIN syn_actor x2 ON x2.aid = e.a2
           LEFT JOIN syn_actor s1 ON s1.aid = e.as1 LEFT JOIN syn_actor s1b ON s1b.aid = e.as1b
           LEFT JOIN syn_actor s2 ON s2.aid = e.as2
           LEFT JOIN syn_place p ON p.pid = e.pid LEFT JOIN syn_pl l ON l.art = e.art AND l.pid = e.pid"""
    )
    # a few hundred articles carry a full Article JSON (every kind of span) for the one-article query
    full = con.execute(
        "SELECT id, strftime(day + minute * INTERVAL 1 MINUTE, '%Y-%m-%dT%H:%M') FROM syn_art USING SAMPLE 300 ROWS"
    ).fetchall()
    for aid, pub in full:
        con.execute(
            "UPDATE articles SET article_json = ? WHERE id = ?",
            [json.dumps(_full_article(rng, aid, pub).to_json_dict()), aid],
        )
    for t in ("syn_ev", "syn_ev1", "syn_ev2", "syn_pl", "syn_art"):
        con.execute(f"DROP TABLE {t}")
    return {
        "towns": [p[2] for p in towns[:500]],
        "admins": [p[2] for p in admins[:100]],
        "countries": [p[2] for p in countries],
        "geonameids": [p[1] for p in towns[:300]],
        "actors": [a[1] for a in actors[:200]],
        "types": list(ACLED_TYPES),
        "plovers": sorted({c for v in ACLED_TYPES.values() for c in v[2]}),
        "sub_types": [s for v in ACLED_TYPES.values() for s in v[1]],
        "full_articles": [r[0] for r in full],
        "country_boxes": [(lon, lat) for *_, lat, lon, _r in COUNTRIES],
    }


def _percentiles(lat: list[float]) -> dict[str, float]:
    lat = sorted(lat)
    return {
        "p50_ms": round(statistics.median(lat), 1),
        "p95_ms": round(lat[max(0, math.ceil(0.95 * len(lat)) - 1)], 1),
        "max_ms": round(lat[-1], 1),
    }


def bench_executors(n: int, workers: int = 2) -> dict[str, object]:
    """The issue's identity check alone: ``n`` pages through multiprocessing and through a Dask
    LocalCluster (``workers`` each), compared document by document (the records stored)."""
    from dateline.executors import make_executor

    use_html = html_available()
    pages = corpus(n, use_html)
    res: dict[str, object] = {"pages": len(pages), "workers": workers}
    outs: dict[str, list[str]] = {}
    for kind in ("multiprocessing", "dask"):
        ex = make_executor(kind, workers=workers)
        t0 = time.perf_counter()
        arts = ex.map(pipeline_for_format, to_articles(pages, use_html))
        outs[kind] = [json.dumps(a.to_json_dict(), sort_keys=True) for a in arts]
        ex.close()
        res[f"{kind}_seconds"] = round(time.perf_counter() - t0, 1)
    pairs = zip(outs["multiprocessing"], outs["dask"], strict=True)
    differ = [i for i, (x, y) in enumerate(pairs) if x != y]
    res["documents_differing"] = len(differ)
    res["first_differing"] = [pages[i][0] for i in differ[:10]]
    res["identical"] = not differ
    return res


def _review_some(con, n: int, articles: list[str], seed: int = 5) -> int:
    """Analysts' reviews of ``n`` random reports of the synthetic articles stored whole
    (``articles``: the review loop keys a report by its evidence in the article), every third
    rejected, the others given another sub-event type, through the review loop's own calls."""
    from dateline.store import review

    rng = random.Random(seed)
    rows = con.execute(
        "SELECT article_id, idx, sub_event_type FROM events"
        " WHERE list_contains(?, article_id) ORDER BY article_id, idx",
        [articles],
    ).fetchall()
    rng.shuffle(rows)
    done = 0
    for aid, idx, sub in rows:
        if done >= n:
            break
        other = rng.choice([s for s in ("Peaceful protest", "Armed clash", "Arrests") if s != sub])
        try:
            if done % 3 == 2:
                review.act(con, "reject", (aid, int(idx)), who="bench")
            else:
                review.act(
                    con, "correct", (aid, int(idx)), who="bench", fields={"sub_event_type": other}
                )
        except Exception as e:  # a synthetic row the loop cannot key: skip it, say so
            print(f"review of {aid}/{idx} skipped: {e}", file=sys.stderr)
            continue
        done += 1
    return done


def bench_store(n_events: int, n_articles: int, reps: int, reviewed: int = 0) -> dict[str, object]:
    """Latency of the queries behind the REST API, called as the API calls them; with
    ``reviewed``, after that many analysts' reviews (the reviewed view every reader uses)."""
    from dateline.store import Store
    from dateline.store import queries as Q

    rng = random.Random(11)
    tmp = Path(tempfile.mkdtemp()) / "bench.duckdb"
    store = Store.open(tmp)
    t0 = time.perf_counter()
    info = synth_store(store.con, n_events, n_articles)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.optimize()  # search columns (Store.add fills them per article) and events in query order
    optimize = time.perf_counter() - t0
    n_reviewed = _review_some(store.con, reviewed, info["full_articles"]) if reviewed else 0  # type: ignore[arg-type]
    store.close()
    store = Store.open(tmp, read_only=True)  # as `dateline serve` opens it
    con = store.con.cursor()
    F = Q.EventFilter
    pick = rng.choice

    def dates(days: int) -> tuple[str, str]:
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(3652 - days))
        return start.isoformat(), (start + timedelta(days=days)).isoformat()

    def bbox() -> tuple[float, float, float, float]:
        lon, lat = pick(info["country_boxes"])  # type: ignore[arg-type]
        return (lon - 4, lat - 4, lon + 4, lat + 4)

    def combined() -> object:
        since, until = dates(365)
        f = F(type=pick(info["types"]), place=pick(info["countries"]), since=since, until=until)  # type: ignore[arg-type]
        return Q.events(con, f, limit=100, offset=0)

    def place_page() -> object:
        gid = pick(info["geonameids"])  # type: ignore[arg-type]
        Q.place(con, gid)
        return Q.events(con, F(geonameid=gid), limit=5000, offset=0)

    page = {"limit": 100, "offset": 0}
    places_by_name = info["towns"][:300] + info["admins"] + info["countries"]  # type: ignore[operator]
    queries = {
        "events_default": lambda: Q.events(con, F(), **page),
        "events_place": lambda: Q.events(con, F(place=pick(places_by_name)), **page),
        "events_geonameid": lambda: Q.events(con, F(geonameid=pick(info["geonameids"])), **page),  # type: ignore[arg-type]
        "events_actor": lambda: Q.events(con, F(actor=pick(info["actors"])), **page),  # type: ignore[arg-type]
        "events_type": lambda: Q.events(con, F(type=pick(info["types"] + info["plovers"])), **page),  # type: ignore[operator]
        "events_sub_type": lambda: Q.events(con, F(sub_type=pick(info["sub_types"])), **page),  # type: ignore[arg-type]
        "events_dates_90d": lambda: Q.events(
            con, F(**dict(zip(("since", "until"), dates(90), strict=True))), **page
        ),
        "events_bbox": lambda: Q.events(con, F(bbox=bbox()), **page),
        "events_combined": combined,
        "events_deep_page": lambda: Q.events(
            con, F(), limit=100, offset=rng.randrange(n_events // 2, n_events - 100)
        ),
        "histogram": lambda: Q.event_histogram(con, F()),
        "histogram_type_place": lambda: Q.event_histogram(
            con, F(type=pick(info["types"]), place=pick(info["countries"]))
        ),  # type: ignore[arg-type]
        "facets": lambda: Q.event_facets(con, top=300),
        "places": lambda: Q.places(con, q=None, country=None, limit=100, offset=0),
        "places_search": lambda: Q.places(
            con, q=pick(info["towns"])[:4], country=None, limit=100, offset=0
        ),  # type: ignore[index]
        "place_page": place_page,
        "articles_list": lambda: Q.articles(con, None, limit=100, offset=0),
        "article": lambda: (
            Store(con, store.path, read_only=True)
            .get_article(pick(info["full_articles"]))
            .to_json_dict()
        ),  # type: ignore[arg-type]
    }
    out: dict[str, object] = {
        "events": n_events,
        "articles": n_articles,
        "place_rows": store.con.execute("SELECT count(*) FROM places").fetchone()[0],  # type: ignore[index]
        "distinct_places": store.con.execute(
            "SELECT count(DISTINCT geonameid) FROM places"
        ).fetchone()[0],  # type: ignore[index]
        "reviewed": n_reviewed,
        "load_s": round(load, 1),
        "optimize_s": round(optimize, 1),
        "reps": reps,
        "load_avg_before": os.getloadavg(),
    }
    for name, q in queries.items():
        q()  # warm up
        lat = []
        for _ in range(reps):
            t = time.perf_counter()
            q()
            lat.append(1000 * (time.perf_counter() - t))
        out[name] = _percentiles(lat)
        print(f"{name:24s} {out[name]}", file=sys.stderr, flush=True)
    out["load_avg_after"] = os.getloadavg()
    store.close()
    shutil.rmtree(tmp.parent, ignore_errors=True)
    return out


# ----------------------------------------------------------------------------------- dedup
_SYN_VOCAB = 20_000
_SYN_WORDS = 400
_SYN_COPY_RATE = 0.1  # a tenth of the documents are edited copies of an earlier one


def _syn_base(i: int) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(i)
    # Zipf-like word frequencies over a 20 000-word vocabulary, as in news text
    ranks = np.minimum(rng.zipf(1.2, size=_SYN_WORDS), _SYN_VOCAB)
    return [f"w{r}" for r in ranks.tolist()]


def synthetic_doc(i: int) -> tuple[str, int]:
    """Document ``i`` of the synthetic corpus and the document it copies (itself if original).

    Copies are an earlier document with 1 % of its words replaced and its tail trimmed
    (a wire story reprinted with edits and a cut last paragraph)."""
    import numpy as np

    rng = np.random.default_rng(10**9 + i)
    if i > 0 and rng.random() < _SYN_COPY_RATE:
        src = int(rng.integers(0, i))
        while True:  # copy an original, so the expected clusters are known
            r2 = np.random.default_rng(10**9 + src)
            if src == 0 or r2.random() >= _SYN_COPY_RATE:
                break
            src = int(r2.integers(0, src))
        words = _syn_base(src)
        for pos in rng.choice(len(words), size=len(words) // 100, replace=False).tolist():
            words[pos] = f"x{int(rng.integers(0, _SYN_VOCAB))}"
        words = words[: int(len(words) * rng.uniform(0.85, 1.0))]
        return " ".join(words), src
    return " ".join(_syn_base(i)), i


def _syn_signatures(bounds: tuple[int, int]):
    import numpy as np

    from dateline.corpus.dedup import DEFAULT_NUM_PERM, signature

    lo, hi = bounds
    sigs = np.empty((hi - lo, DEFAULT_NUM_PERM), dtype=np.uint32)
    sizes = np.empty(hi - lo, dtype=np.int64)
    srcs = np.empty(hi - lo, dtype=np.int64)
    gen_cpu = sig_cpu = 0.0
    for i in range(lo, hi):
        c0 = time.process_time()
        text, src = synthetic_doc(i)
        c1 = time.process_time()
        sigs[i - lo], sizes[i - lo] = signature(text)
        sig_cpu += time.process_time() - c1
        gen_cpu += c1 - c0
        srcs[i - lo] = src
    return sigs, sizes, srcs, gen_cpu, sig_cpu


def bench_dedup(sizes: list[int], workers: int = 2) -> dict[str, object]:
    """Dedup of n synthetic documents: phase 1 (signatures) in ``workers`` processes, phases 2-3
    (LSH candidate pairs, verification, components) in the main process; recall and precision
    against the known copies."""
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np

    from dateline.corpus.dedup import cluster_signatures
    from dateline.executors import peak_rss_mib

    out: dict[str, object] = {"workers": workers, "words_per_doc": _SYN_WORDS}
    for n in sizes:
        t0 = time.perf_counter()
        step = 5_000
        chunks = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_syn_signatures, chunks))
        sigs = np.concatenate([p[0] for p in parts])
        nshing = np.concatenate([p[1] for p in parts])
        srcs = np.concatenate([p[2] for p in parts])
        gen_cpu = sum(p[3] for p in parts)
        sig_cpu = sum(p[4] for p in parts)
        t1 = time.perf_counter()
        ids = [f"{i:08d}" for i in range(n)]
        clusters = cluster_signatures(ids, sigs, nshing)
        t2 = time.perf_counter()
        root = {}
        for c in clusters:
            for m in c.members:
                root[int(m)] = int(c.id)
        copies = np.flatnonzero(srcs != np.arange(n))
        found = sum(1 for i in copies.tolist() if root[i] == root[int(srcs[i])])
        # a false merge: an original whose cluster holds another original
        originals_per_cluster: dict[int, int] = {}
        for i in np.flatnonzero(srcs == np.arange(n)).tolist():
            originals_per_cluster[root[i]] = originals_per_cluster.get(root[i], 0) + 1
        false_merges = sum(v - 1 for v in originals_per_cluster.values())
        out[str(n)] = {
            "signatures_s": round(t1 - t0, 1),
            "lsh_and_clusters_s": round(t2 - t1, 1),
            "total_s": round(t2 - t0, 1),
            "docs_per_s": round(n / (t2 - t0)),
            # CPU seconds over all workers: making the synthetic texts vs their signatures
            # (a real run reads its texts; the dedup itself is the signatures and phases 2-3)
            "generation_cpu_s": round(gen_cpu, 1),
            "signature_cpu_s": round(sig_cpu, 1),
            "dedup_cpu_per_worker_plus_lsh_s": round(sig_cpu / workers + (t2 - t1), 1),
            "copies": int(copies.size),
            "copies_found": found,
            "recall": round(found / max(1, copies.size), 4),
            "originals_wrongly_merged": false_merges,
            "clusters": len(clusters),
            "peak_rss_mib_main": peak_rss_mib(),
        }
        print(json.dumps({str(n): out[str(n)]}), flush=True)
        del sigs, nshing, srcs, clusters, root
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dask", type=int, default=2, help="Dask LocalCluster workers (0: skip)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument(
        "--articles", type=int, default=200_000, help="synthetic articles the events belong to"
    )
    ap.add_argument("--reps", type=int, default=40, help="timed calls per store query")
    ap.add_argument(
        "--reviewed", type=int, default=0, help="store: reviews made before the queries are timed"
    )
    ap.add_argument("--dedup", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--only", choices=["pipeline", "executors", "store", "dedup"], nargs="+")
    ap.add_argument("--output", type=Path, default=ROOT / "var" / "bench.json")
    args = ap.parse_args()
    only = set(args.only or ["pipeline", "store", "dedup"])
    result: dict[str, object] = {"machine": machine()}
    if "pipeline" in only:
        result["pipeline"] = bench_pipeline(args.pages, args.workers, args.dask)
        print(json.dumps(result["pipeline"], indent=1), flush=True)
    if "executors" in only:  # not in the default set: the pipeline section covers it too
        result["executors"] = bench_executors(args.pages, max(args.workers))
        print(json.dumps(result["executors"], indent=1), flush=True)
    if "store" in only:
        result["store"] = bench_store(args.events, args.articles, args.reps, args.reviewed)
        print(json.dumps(result["store"], indent=1), flush=True)
    if "dedup" in only:
        result["dedup"] = bench_dedup(args.dedup)
        print(json.dumps(result["dedup"], indent=1), flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1))
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
