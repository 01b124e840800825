"""The store's tables: column lists and types, the search columns of events, the ACLED export
columns, and the SQL that creates and fills them (shared by the store and its queries)."""

from __future__ import annotations

from collections.abc import Sequence

# --- schema -------------------------------------------------------------------------------

_SPAN = [("start_char", "INTEGER"), ("end_char", "INTEGER")]
_KEY = [("article_id", "VARCHAR NOT NULL"), ("idx", "INTEGER NOT NULL")]

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "VARCHAR PRIMARY KEY"),
        ("source", "VARCHAR"),
        ("site", "VARCHAR"),
        ("headline", "VARCHAR"),
        ("byline", "VARCHAR"),
        ("dateline", "VARCHAR"),
        ("published", "VARCHAR"),
        ("published_date", "DATE"),
        ("published_precision", "VARCHAR"),
        ("timezone", "VARCHAR"),
        ("timezone_known", "BOOLEAN"),
        ("language", "VARCHAR"),
        ("text", "VARCHAR"),
        ("n_sentences", "INTEGER"),
        ("stages", "VARCHAR"),
        ("schema_version", "VARCHAR"),
        ("article_json", "VARCHAR NOT NULL"),
        ("ingested_at", "TIMESTAMP NOT NULL"),
    ],
    "entities": _KEY
    + [
        ("entity_id", "INTEGER"),
        ("canonical", "VARCHAR"),
        ("label", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("aliases", "VARCHAR"),  # JSON list
        ("roles", "VARCHAR"),  # JSON list of Role
        ("n_mentions", "INTEGER"),
    ],
    "mentions": _KEY
    + _SPAN
    + [("text", "VARCHAR"), ("label", "VARCHAR"), ("sentence", "INTEGER"), ("entity", "INTEGER")],
    "quotes": _KEY
    + [
        ("kind", "VARCHAR"),
        ("content_start", "INTEGER"),
        ("content_end", "INTEGER"),
        ("content_text", "VARCHAR"),
        ("cue_start", "INTEGER"),
        ("cue_end", "INTEGER"),
        ("cue_text", "VARCHAR"),
        ("speaker_start", "INTEGER"),
        ("speaker_end", "INTEGER"),
        ("speaker_text", "VARCHAR"),
        ("speaker_entity", "INTEGER"),
        ("speaker_name", "VARCHAR"),
        ("speaker_kind", "VARCHAR"),
        ("speaker_title", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("sentences", "VARCHAR"),  # JSON list
    ],
    "times": _KEY
    + _SPAN
    + [
        ("text", "VARCHAR"),
        ("type", "VARCHAR"),
        ("value", "VARCHAR"),
        ("precision", "VARCHAR"),
        ("mod", "VARCHAR"),
        ("bound", "VARCHAR"),
        ("anchor", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("probability", "DOUBLE"),  # store schema 3
    ],
    "places": _KEY
    + _SPAN
    + [
        ("text", "VARCHAR"),
        ("name", "VARCHAR"),
        ("geonameid", "BIGINT"),
        ("feature", "VARCHAR"),
        ("country", "VARCHAR"),
        ("country_code", "VARCHAR"),
        ("iso_numeric", "INTEGER"),
        ("admin1", "VARCHAR"),
        ("latitude", "DOUBLE"),
        ("longitude", "DOUBLE"),
        ("population", "BIGINT"),
        ("score", "DOUBLE"),
        ("sentence", "INTEGER"),
        ("probability", "DOUBLE"),  # store schema 3
    ],
    "events": _KEY
    + [
        # ACLED columns, as in records.Event
        ("event_id", "VARCHAR"),
        ("event_date", "VARCHAR"),  # YYYY-MM-DD; ISO strings order as dates
        ("year", "INTEGER"),
        ("time_precision", "INTEGER"),
        ("disorder_type", "VARCHAR"),
        ("event_type", "VARCHAR"),
        ("sub_event_type", "VARCHAR"),
        ("actor1", "VARCHAR"),
        ("assoc_actor_1", "VARCHAR"),
        ("inter1", "INTEGER"),
        ("actor2", "VARCHAR"),
        ("assoc_actor_2", "VARCHAR"),
        ("inter2", "INTEGER"),
        ("interaction", "INTEGER"),
        ("civilian_targeting", "VARCHAR"),
        ("iso", "INTEGER"),
        ("region", "VARCHAR"),
        ("country", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("location", "VARCHAR"),
        ("latitude", "DOUBLE"),
        ("longitude", "DOUBLE"),
        ("geo_precision", "INTEGER"),
        ("source", "VARCHAR"),
        ("fatalities", "INTEGER"),
        ("notes", "VARCHAR"),
        ("tags", "VARCHAR"),
        # PLOVER
        ("plover_category", "VARCHAR"),
        ("plover_mode", "VARCHAR"),
        ("plover_context", "VARCHAR"),  # JSON list
        ("plover_size", "INTEGER"),
        ("plover_dead", "INTEGER"),
        ("plover_injured", "INTEGER"),
        # provenance
        ("claimed_by", "VARCHAR"),
        ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"),
        ("trigger_text", "VARCHAR"),
        ("evidence_start", "INTEGER"),
        ("evidence_end", "INTEGER"),
        ("evidence_text", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("time_expr", "INTEGER"),
        ("place", "INTEGER"),
        ("background", "BOOLEAN"),
        ("confidence", "DOUBLE"),
        ("date_confidence", "DOUBLE"),  # store schema 3
        ("place_confidence", "DOUBLE"),  # store schema 3
    ],
    "rejections": [
        ("id", "BIGINT PRIMARY KEY DEFAULT nextval('rejection_ids')"),
        ("uri", "VARCHAR"),
        ("content_hash", "VARCHAR"),
        ("code", "VARCHAR NOT NULL"),
        ("reason", "VARCHAR"),
        ("stage", "VARCHAR"),
        ("rejected_at", "TIMESTAMP NOT NULL"),
        ("last_at", "TIMESTAMP NOT NULL"),
        ("run_id", "BIGINT"),
    ],
    "runs": [
        ("id", "BIGINT PRIMARY KEY DEFAULT nextval('run_ids')"),
        ("started_at", "TIMESTAMP NOT NULL"),
        ("finished_at", "TIMESTAMP"),
        ("paths", "VARCHAR"),  # JSON list
        ("stages", "VARCHAR"),  # JSON list
        ("version", "VARCHAR"),
        ("stored", "INTEGER DEFAULT 0"),
        ("duplicate", "INTEGER DEFAULT 0"),
        ("rejected", "INTEGER DEFAULT 0"),
    ],
}

#: separates the lower-cased columns joined in one search key (a control character, so that a
#: search text without it cannot match across two columns)
KEY_SEP = "\x1f"
#: search key -> the event columns it holds, lower-cased (by DuckDB's lower) and joined by KEY_SEP
SEARCH_KEYS: dict[str, tuple[str, ...]] = {
    "place_key": ("location", "admin1", "country"),
    "actor_key": ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
    "type_key": ("event_type",),
    "sub_type_key": ("sub_event_type",),
    "plover_key": ("plover_category",),
}
#: columns of ``events`` derived from the record, its article and its place: the article's
#: ``published`` (for the order of events), the geonameid of the event's place, the search keys
EVENT_SEARCH_COLUMNS: list[tuple[str, str]] = [
    ("article_published", "VARCHAR"),
    ("place_geonameid", "BIGINT"),
    *((key, "VARCHAR") for key in SEARCH_KEYS),
]

#: the columns store schema 3 added (the field probabilities): a schema 1 or 2 database opened
#: for writing gains them, empty (older records carry no such probability)
ADDED_IN_3: dict[str, list[tuple[str, str]]] = {
    "times": [("probability", "DOUBLE")],
    "places": [("probability", "DOUBLE")],
    "events": [("date_confidence", "DOUBLE"), ("place_confidence", "DOUBLE")],
}

RECORD_TABLES = ("entities", "mentions", "quotes", "times", "places", "events")

#: ACLED's export columns, in the codebook's order (../shared/docs/event-schema.md)
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: dateline's extra columns, after ACLED's
EXTRA_COLUMNS = (
    "article_id",
    "sentence",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "plover_category",
    "plover_mode",
    "plover_size",
    "claimed_by",
    "background",
    "confidence",
    "date_confidence",
    "place_confidence",
    "merged_id",
    "n_sources",
    "source_urls",
    "reviewed",
    "review_status",
)


_META_DDL = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


_EVENTS_INDEX = "CREATE INDEX IF NOT EXISTS events_date ON events (event_date)"


def _table_ddl(table: str) -> str:
    cols = COLUMNS[table] + (EVENT_SEARCH_COLUMNS if table == "events" else [])
    body = ", ".join(f"{name} {typ}" for name, typ in cols)
    if table in RECORD_TABLES:
        body += ", PRIMARY KEY (article_id, idx)"
    return f"CREATE TABLE IF NOT EXISTS {table} ({body})"


def _ddl() -> list[str]:
    stmts = [
        "CREATE SEQUENCE IF NOT EXISTS rejection_ids",
        "CREATE SEQUENCE IF NOT EXISTS run_ids",
        _META_DDL,
    ]
    stmts += [_table_ddl(table) for table in COLUMNS]
    stmts += [
        "CREATE INDEX IF NOT EXISTS rejections_hash ON rejections (content_hash)",
        "CREATE INDEX IF NOT EXISTS rejections_uri ON rejections (uri)",
        _EVENTS_INDEX,
    ]
    return stmts


def _key_sql(cols: Sequence[str]) -> str:
    """SQL of a search key over ``cols`` (column names, or ``?`` for parameters)."""
    if len(cols) == 1:
        return f"lower({cols[0]})"
    return "concat_ws(chr(31), " + ", ".join(f"lower({c})" for c in cols) + ")"


assert chr(31) == KEY_SEP


def _insert_sql(table: str, n_rows: int = 1) -> str:
    """A parameterised INSERT of ``n_rows`` rows (one statement: DuckDB's executemany is slow).

    An events row also fills the search columns: the article's published time and the place's
    geonameid as parameters, the keys computed by DuckDB from their columns' values given again
    (see :func:`_event_params`).
    """
    names = [n for n, _ in COLUMNS[table]]
    values = ["?"] * len(names)
    if table == "events":
        names += [n for n, _ in EVENT_SEARCH_COLUMNS]
        values += ["?", "?"] + [_key_sql(["?"] * len(cols)) for cols in SEARCH_KEYS.values()]
    row = "(" + ", ".join(values) + ")"
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * n_rows)}"


_INSERT_CHUNK = 256
