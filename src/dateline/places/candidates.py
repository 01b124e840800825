"""Which gazetteer entries a written name can denote, before the article's context scores them.

Two readings of the written form come before the plain name lookup:

* a written abbreviation ("Ga.", "Mo.", "N.B.", "D.C.") is the area it abbreviates, not a
  namesake town that the lookup key ("ga", "mo") also reaches;
* a name with an administrative head ("Clarke County", "Plymouth Co.", "St. Mary Parish")
  denotes a county when the gazetteer has one of that name, not the town the county is
  named after.
"""

from __future__ import annotations

import re

from dateline.places import gazetteer as gz

_COUNTY = re.compile(r"\s(?:county|co\.?|parish|borough)$", re.I)


def candidate_ids(g: gz.Gazetteer, name: str) -> tuple[int, ...]:
    """Entry ids ``name`` can denote, most populous first (see the module docstring)."""
    if "." in name or (name.isupper() and len(name) <= 4):
        abbr = g.abbreviation(name)
        if abbr is not None:
            return (abbr,)
    ids = g.candidates(name)
    if ids and _COUNTY.search(name):
        counties = tuple(i for i in ids if g.feature[i] == gz.ADMIN2)
        if counties:
            return counties
    return ids
