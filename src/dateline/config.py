"""Settings: where the database, evaluation data and caches live, and per-source time zones.

Values resolve, highest first: explicit arguments (the CLI's flags), environment variables
(``DATELINE_DB``, ``DATELINE_EVAL_DATA``, ``DATELINE_CACHE``, ``DATELINE_CONFIG``), an optional
TOML file (``dateline.toml`` in the working directory), then built-in defaults.

The TOML file may set top-level ``db``, ``eval_data`` and ``cache_dir`` and one table per
source with the site's time zone, used when a page states a time without a zone::

    db = "news.duckdb"

    [sources."example.com"]
    timezone = "America/Jamaica"

A source key matches a URL's host or any of its parent domains (``www.example.com`` matches
``example.com``), and for local files any folder name on the path (``pages/example.com/x.txt``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateline.errors import InputError

CONFIG_FILE = "dateline.toml"
DEFAULT_DB = Path("dateline.duckdb")
DEFAULT_EVAL_DATA = Path("..") / "shared" / "data" / "eval"
DEFAULT_CACHE = Path.home() / ".cache" / "dateline"

_OFFSET = re.compile(r"^(?:UTC|GMT)?[+-](?:[01]\d|2[0-3]):?[0-5]\d$")


def valid_timezone(zone: str) -> bool:
    """True for an IANA zone name (``America/Jamaica``), ``UTC`` or an offset (``-05:00``)."""
    if not zone or zone != zone.strip():
        return False
    if zone.upper() in {"UTC", "GMT", "Z"} or _OFFSET.match(zone):
        return True
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Settings:
    db_path: Path = DEFAULT_DB
    eval_data: Path = DEFAULT_EVAL_DATA
    cache_dir: Path = DEFAULT_CACHE
    source_timezones: dict[str, str] = field(default_factory=dict)
    config_file: Path | None = None

    def timezone_for(self, source: str | None) -> str | None:
        """The configured time zone of the site a URL or file path comes from, if any."""
        if not source or not self.source_timezones:
            return None
        keys = {k.lower(): v for k, v in self.source_timezones.items()}
        parts = urlsplit(source)
        if parts.scheme in {"http", "https"} and parts.hostname:
            host = parts.hostname.lower()
            labels = host.split(".")
            for i in range(len(labels) - 1):
                zone = keys.get(".".join(labels[i:]))
                if zone:
                    return zone
            return None
        for part in reversed(PurePath(source).parts[:-1]):
            zone = keys.get(part.lower())
            if zone:
                return zone
        return None


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"configuration file {path} is not valid TOML: {e}") from e
    except OSError as e:
        raise InputError(f"configuration file {path} could not be read: {e.strerror}") from e


def _source_timezones(data: Mapping[str, object], path: Path) -> dict[str, str]:
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise InputError(f"{path}: [sources] must be a table")
    out: dict[str, str] = {}
    for name, table in sources.items():
        zone = table.get("timezone") if isinstance(table, dict) else None
        if zone is None:
            continue
        if not isinstance(zone, str) or not valid_timezone(zone):
            raise InputError(f"{path}: unknown time zone {zone!r} for source {name!r}")
        out[str(name)] = zone
    return out


def load_settings(
    config_file: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    db_path: Path | None = None,
    eval_data: Path | None = None,
    cache_dir: Path | None = None,
) -> Settings:
    """Resolve settings from arguments, environment, ``dateline.toml`` and defaults."""
    env = os.environ if env is None else env
    if config_file is None and env.get("DATELINE_CONFIG"):
        config_file = Path(env["DATELINE_CONFIG"])
        if not config_file.is_file():
            raise InputError(f"configuration file {config_file} not found", code="DL100")
    if config_file is None and Path(CONFIG_FILE).is_file():
        config_file = Path(CONFIG_FILE)
    data: dict[str, object] = _read_toml(config_file) if config_file is not None else {}

    def pick(arg: Path | None, var: str, key: str, default: Path) -> Path:
        if arg is not None:
            return Path(arg)
        if env.get(var):
            return Path(env[var])
        value = data.get(key)
        if isinstance(value, str) and value:
            return Path(value)
        return default

    return Settings(
        db_path=pick(db_path, "DATELINE_DB", "db", DEFAULT_DB),
        eval_data=pick(eval_data, "DATELINE_EVAL_DATA", "eval_data", DEFAULT_EVAL_DATA),
        cache_dir=pick(cache_dir, "DATELINE_CACHE", "cache_dir", DEFAULT_CACHE),
        source_timezones=_source_timezones(data, config_file) if config_file else {},
        config_file=config_file,
    )
