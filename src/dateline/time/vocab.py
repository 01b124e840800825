"""The words and regular-expression fragments of the TIMEX3 tagger, and its candidate and context
records (see :mod:`dateline.time.timex` for the conventions)."""

from __future__ import annotations

from dateline.language.lexicons import NUMBER_WORDS

# ---------------------------------------------------------------------------
# lexicon

_UNITS: dict[str, str] = {
    "second": "S",
    "minute": "MIN",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "FN",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "weekend": "WE",
    "millennium": "ML",
}

_NUMWORDS = NUMBER_WORDS
_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "last": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_VAGUE = {"few", "several", "many", "some", "couple", "numerous", "recent", "coming"}

_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "nights": "NI",
    "overnight": "NI",
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

# ---------------------------------------------------------------------------
# regular-expression building blocks

_NW = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|{_NW}(?:[\s-]+(?:and\s+)?{_NW})*"
    r"(?:\s+and\s+a\s+half)?|a\s+couple\s+of|a|an)"
)
_VAGUE_RE = (
    r"(?:a\s+few|few|several|many|some|a\s+couple\s+of|couple\s+of|numerous|recent|coming"
    r"|the\s+coming)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centur(?:y|ies)|millenni(?:um|a))"
)
_UNIT_PL = r"(?:seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)"
_UNIT_SG = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)"
_MONTH_FULL = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\."
_MONTH = (
    rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?=\s+\d))"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night)"
_MOD = (
    r"(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|more\s+than|less\s+than"
    r"|fewer\s+than|nearly|almost|about|around|roughly|approximately|some|over|under|up\s+to"
    r"|within|only|just|barely|close\s+to|as\s+many\s+as|as\s+much\s+as|as\s+long\s+as)"
)
_TOD = (
    r"(?:\d{1,2}:\d\d(?:\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b))?|\d{1,2}\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|\d{1,2}\s+o'clock|noon|midnight|midday)"
)
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time|[A-Z]{2,4}T)\b)"

_B = r"(?<![\w'-])"  # left word boundary (hyphenated words stay whole)
_E = r"(?![\w])"  # right word boundary
