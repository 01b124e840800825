"""Shape of the hand-annotated corpus gold for ``dateline eval records`` (tests/golden/records-*.json).

Checks what a typo would break silently: every listed document exists, ids are unique, every
event carries every schema field with a value of the right kind, ACLED sub-types are real ones.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import EVAL_DATA, ROOT, SEED

GOLD = sorted((ROOT / "tests" / "golden").glob("records-*.json"))
ECBPLUS = EVAL_DATA / "clustering" / "ecbplus"
TBAQ = EVAL_DATA / "time" / "tbaq"
EVENT_KEYS = [
    "id", "docs", "summary", "acled", "event_date", "date_tolerance_days", "location", "admin1",
    "country", "latitude", "longitude", "radius_km", "event_type", "sub_event_type",
    "sub_event_types_accepted", "actors", "fatalities", "notes",
]  # fmt: skip
SUB_TYPES = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Protests": {"Excessive force against protesters", "Protest with intervention", "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip
ALL_SUB = set().union(*SUB_TYPES.values())


def _doc_exists(name: str) -> bool:
    if name.endswith(".tml"):
        return any((TBAQ / part / name).exists() for part in ("AQUAINT", "TimeBank"))
    if name.endswith(".xml"):
        return (ECBPLUS / name.split("_")[0] / name).exists()
    return (ROOT / "examples" / name).exists() or (SEED.parent / name).exists()


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_records_gold_shape(path: Path) -> None:
    gold = json.loads(path.read_text())
    assert gold["version"] == 1 and gold["description"]
    ids = [e["id"] for e in gold["events"]] + [b["id"] for b in gold.get("background", [])]
    assert len(ids) == len(set(ids))
    owner: dict[str, dict] = {}
    for e in gold["events"]:
        # an ECB+ document belongs to one sub-topic's event; a wire report (TimeML) may tell of
        # several (two bombings the same day, a rally and a clash): the optional "topic" groups
        # the events of one story that must never merge
        assert [k for k in e if k != "topic"] == EVENT_KEYS, e["id"]
        assert e["docs"], e["id"]
        for d in e["docs"]:
            other = owner.get(d)
            assert other is None or not d.endswith(".xml"), (
                f"{d} in {other and other['id']} and {e['id']}"
            )
            owner[d] = e
        dt.date.fromisoformat(e["event_date"])
        assert e["date_tolerance_days"] >= 0 and e["radius_km"] > 0
        assert -90 <= e["latitude"] <= 90 and -180 <= e["longitude"] <= 180
        lo, hi = e["fatalities"]
        assert 0 <= lo <= hi
        if e["acled"]:
            assert e["sub_event_type"] in SUB_TYPES[e["event_type"]], e["id"]
            assert e["sub_event_types_accepted"][0] == e["sub_event_type"]
            assert set(e["sub_event_types_accepted"]) <= ALL_SUB and e["actors"]
        else:
            assert e["event_type"] is None and e["sub_event_type"] is None
    for b in gold.get("background", []):
        dt.date.fromisoformat(b["event_date"])
    for c in gold.get("control", []):
        for p in c["periods"]:
            assert set(p) == {"holder", "from", "until", "tolerance_days"}
            dt.date.fromisoformat(p["from"])
            assert p["until"] is None or p["until"] >= p["from"]


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_records_gold_docs_exist(path: Path) -> None:
    if not ECBPLUS.exists() or not TBAQ.exists():
        pytest.skip(f"evaluation data not found at {ECBPLUS} / {TBAQ}")
    gold = json.loads(path.read_text())
    docs = [d for e in gold["events"] for d in e["docs"]]
    docs += [d for b in gold.get("background", []) for d in b["docs"]]
    docs += [d for c in gold.get("control", []) for d in c["docs"]]
    missing = [d for d in docs if not _doc_exists(d)]
    assert not missing
