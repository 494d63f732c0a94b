"""When: time expressions found by rules, normalised to TIMEX3 values, clock times to UTC.

Rules, not a model: news time expressions are a small closed grammar, and rules give the
exact offsets and the arithmetic (zones, DST, anchoring to publication time) a model cannot.
Every clock time with a known zone and a known day gets a UTC instant, so that
"13:00 (GMT+4)" and "12:00 Moscow time" compare equal downstream.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from spacy.tokens import Doc, Token

from rashomon.annotate.gazetteer import data_rows
from rashomon.model import Document, PlaceMention, TimeMention

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, **{w: i + 1 for i, w in enumerate(_ONES)}, **{w: i + 10 for i, w in enumerate(_TEENS)},
    **_TENS, **{f"{t}{sep}{o}": v + i + 1 for t, v in _TENS.items() for i, o in enumerate(_ONES) for sep in "- "},
    "a hundred": 100, "several": None, "few": None, "a few": None, "a couple of": 2, "couple of": 2,
}
UNITS = {"second": ("PT", "S"), "minute": ("PT", "M"), "hour": ("PT", "H"), "day": ("P", "D"),
         "week": ("P", "W"), "month": ("P", "M"), "year": ("P", "Y"), "decade": ("P", "DE"),
         "century": ("P", "CE")}
# Words that refer to the present, past or future as a whole (TimeML's *_REF values).
REF_WORDS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
             "at present": "PRESENT_REF", "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
             "current": "PRESENT_REF", "recently": "PAST_REF", "the past": "PAST_REF", "formerly": "PAST_REF",
             "the future": "FUTURE_REF", "soon": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
             "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
             "the long term": "FUTURE_REF"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
# Tense markers: the one nearest a weekday or a year-less date tells whether it is the last one or the next
# one (HeidelTime reads the tense of the sentence the same way; here from words, not a parse).
# "was due to", "had been scheduled" are a past plan; "will", "is to", "scheduled" look ahead;
# "said", "-ed" forms and common irregular past forms look back.
_TENSE = re.compile(
    r"\b(?:(?P<plan>(?:was|were|had(?:\s+been)?)\s+(?:due|scheduled|set|expected|planned|supposed)\b|"
    r"planned\s+to|(?:was|were)\s+(?:to|going\s+to)\b)"
    r"|(?P<future>will|shall|'ll|should|must|going to|(?:is|are) to|is due|are due|due to|scheduled|"
    r"plans? to|intends? to|expected to|set to|planning to|preparing to|upcoming|next(?!\s+to\b)|tomorrow|as soon as|"
    r"as early as|would|payable|effective|deadline)\b"
    r"|(?P<past>said|told|(?:was|were|had)(?!\s+(?:\w+ing|to)\b)|did|ago|yesterday|last|earlier|since|began|came|"
    r"went|took|made|fell|rose|won|lost|met|held|left|sent|gave|saw|found|broke|struck|spoke|wrote|got|led|"
    r"ran|shot|fled|sought|thought|brought|bought|caught|fought|kept|paid|sold|stood|became|chose|drove|flew|"
    r"knew|grew|threw|arose|agreed|freed|(?-i:[a-z]{2,}[a-df-z]ed(?<!hundred|planned)|[a-z]{2,}ied))\b)", re.I)
# Before a participle, an auxiliary carries the tense ("will be held"); a determiner makes it an adjective
# ("the reduced dividend").
_AUXILIARY = re.compile(r"\b(?:be|been|being|is|are|am|was|were|has|have|had|will|would|'ll|to|get|got|"
                        r"a|an|the|its|their|his|her|this|that|these|those|our|your)\s+(?:still\s+|newly\s+)?$", re.I)
# A date after one of these is a deadline or an end point ("must respond by Oct. 31", "extended to Nov. 20"):
# the verb's tense says when the decision was taken, not which side of today the date lies on.
_DEADLINE = re.compile(r"\b(?:by|until|till|through|to|before)\s+(?:(?:\d\d?(?:[:.]\d\d)?\s*[ap]\.?m\.?|noon|midnight)"
                       r"(?:\s+[A-Z]{2,4})?,?\s+)?$", re.I)


# Words that put the date right after them ahead of the time of writing, whatever the verb's tense
# ("created an office, effective Feb. 1", "declared a dividend payable Dec. 1").
_FORWARD_CUE = re.compile(r"\b(?:effective|payable|starting|beginning|expiring|due)\s+(?:on\s+|from\s+|in\s+)?$",
                          re.I)

# "since the Oct. 23 fire", "ever since Tuesday": the date lies before the time of writing.
_SINCE = re.compile(r"\bsince\s+(?:shortly\s+|just\s+|soon\s+)?(?:after\s+|before\s+)?(?:the\s+|last\s+)?$", re.I)


# Modifiers that belong to the expression they precede: "early next year", "the end of 1990".
_MODIFIER = re.compile(r"(?:\b(?:early|late|mid-?)\s*|\b(?:earlier|later)\s+|"
                       r"\bthe\s+(?:end|beginning|start|middle|night|morning|evening|early hours)\s+of\s+)$", re.I)
# Qualifiers that belong to a duration ("nearly forty years", "up to 180 days"); TimeML keeps them as its mod.
_APPROX = re.compile(r"\b(?:nearly|almost|about|around|roughly|some|up to|more than|less than|over|at least|"
                     r"at most)\s+$", re.I)
MODIFIABLE_KINDS = {"dayrange", "dmy", "mdy", "my", "month", "year", "weekday", "relday", "calendar", "quarter", "iso",
                    "anaphor", "spelled"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# May and March are also a verb: alone they count as months only after one of these words.
_MONTH_CUES = r"(?:in|since|until|till|by|from|during|through|before|after|of|last|next|this|early|late|mid-?|end of)"

_FULL_NAMES = [m for m in MONTHS if len(m) > 4 or m in {"may", "june", "july"}]
_ABBREVIATIONS = [m for m in MONTHS if m not in _FULL_NAMES]
# A dot belongs to an abbreviated month ("Sep."), never to a full name ("on 21 November." ends the sentence).
_MONTH = (r"(?P<month>" + "|".join(sorted(_FULL_NAMES, key=len, reverse=True)) + "|(?:"
          + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Number words as a structured pattern (tens, then an optional unit), not a flat list of every spelling:
# the regex engine tries it at every word, so its shape decides the stage's speed.
_NUM_WORD = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES) + r"))?|"
             + "|".join(sorted(_TEENS, key=len, reverse=True)) + "|" + "|".join(sorted(_ONES, key=len, reverse=True))
             + r"|a hundred|a few|(?:a )?couple of|an?|several|few)")
_NUM = rf"(?P<num>\d+|{_NUM_WORD})"
# "two to three weeks", "12-18 months", "two or three days": a duration given as a range
_RANGE = (r"(?:\s*(?:-|–|\s(?:to|or)\s)\s*(?P<num2>\d+|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES)
          + r"))?|" + "|".join(sorted(_TEENS, key=len, reverse=True))
          + "|" + "|".join(sorted(_ONES, key=len, reverse=True)) + r")(?=[- ]))?")
_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_WORD = r"[\w-]+"
_UNIT_START = r"(?:second|minute|hour|day|week|month|year|decade|centur)"
_CAL_UNIT = r"(?P<unit>week|month|year|quarter|weekend|decade|century|spring|summer|fall|autumn|winter)"
_FULL_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
                "nineties": 9}
CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_DECADE_MOD = r"(?:(?:early|late|mid)[- ]?)?"
# A year read out ("nineteen ninety-six", "the year two thousand"), as broadcast transcripts write it.
_SPELLED_YEAR = (r"\b(?P<hundreds>nineteen|eighteen)[- ](?P<tens>" + "|".join(_TENS) + "|" + "|".join(_TEENS)
                 + r")(?:[- ](?P<ones>" + "|".join(_ONES) + r"))?\b"
                 + r"|\bthe\s+year\s+two\s+thousand(?:\s+and\s+(?P<y2k>" + "|".join(_ONES) + r"))?\b")
# "a second group": the ordinal, not a duration ("a second later", "for a second or two" are durations)
_ORDINAL_SECOND = re.compile(r"an?\s+second\s+(?!(?:later|earlier|ago|before|after|or|and)\b)[a-z]", re.I)
# "four flights a week", "$2 million a year": a rate, not a duration (TimeML leaves these unmarked).
_RATE = re.compile(r"(?:\d(?:[\d.,]*\d)?|\b(?:thousand|million|billion|" + "|".join(_ONES + _TEENS + list(_TENS))
                   + r"))\s+(?:[a-z]+\s+)?$", re.I)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str | float]:
    """Zone word → fixed offset in hours or IANA zone name (rashomon/data/lexicons/zones.csv)."""
    return {
        row["word"].lower(): (row["zone"] if row["zone"] else float(row["offset"]))
        for row in data_rows("lexicons/zones.csv")
    }


def _zone_words() -> str:
    words = sorted((w for w, v in _zones().items() if w.isalpha() and len(w) <= 4 and w.upper() == w.upper()),
                   key=len, reverse=True)
    return "|".join(w.upper() for w in words if not isinstance(_zones()[w], str))


def _city_clocks() -> str:
    return "|".join(sorted((w.title() for w, v in _zones().items() if isinstance(v, str)), key=len, reverse=True))


@lru_cache(maxsize=1)
def _holidays() -> dict[str, str]:
    """Holiday name → date rule (rashomon/data/lexicons/holidays.csv)."""
    return {row["name"]: row["rule"] for row in data_rows("lexicons/holidays.csv")}


def holiday_date(name: str, year: int) -> date | None:
    rule = _holidays()[name]
    if rule.startswith(("easter", "orthodox-easter")):
        from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

        base, offset = re.fullmatch(r"([a-z-]+)([+-]\d+)", rule).groups()
        method = EASTER_ORTHODOX if base == "orthodox-easter" else EASTER_WESTERN
        return easter(year, method) + timedelta(days=int(offset))
    if rule.startswith("nth:"):
        _, month, n, weekday = rule.split(":")
        return _nth_weekday(year, int(month), int(n), int(weekday))
    month, day = (int(x) for x in rule.split("-"))
    return date(year, month, day)


def _nth_weekday(year: int, month: int, n: int, weekday: int) -> date:
    """The n-th given weekday of a month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    offset = r"(?:GMT|UTC)(?:\s*(?P<off>[+−-]\s*\d{1,2}(?::?\d{2})?))?"
    zone = (
        rf"(?:\s*\(?\s*{offset}(?:\s+(?P<abbr1>{_zone_words()}))?(?:\s*\))?"
        rf"|\s+(?P<abbr>{_zone_words()})\b"
        rf"|\s+(?P<city>{_city_clocks()})\s+time"
        rf"|\s+(?P<local>local)\s+time"
        r"|\s+(?P<off2>[+−-]\d{4}|\+\d{2}:\d{2})\b)"
    )
    clock = (
        r"(?:(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*(?P<ampm1>[ap]\.?m\.?))?"
        rf"|(?P<h2>[01]\d|2[0-3])(?P<m2>[0-5]\d)(?=\s*(?:hrs|hours|h\b|GMT|UTC|local|(?-i:{_zone_words()})\b))"
        r"(?:\s*hrs)?"
        r"|(?P<h3>1[0-2]|0?[1-9])\s*(?P<ampm>[ap]\.m\.|[ap]m\b)"
        r"|(?P<h4>[01]?\d|2[0-3])h(?P<m4>[0-5]\d)?\b"
        r"|(?<!high )(?P<h5>noon|midday|midnight)\b"
        # "at 4 in the morning", "by ten at night": a clock told with its part of the day
        r"|(?:(?<=\bat )|(?<=\bby )|(?<=\buntil )|(?<=\btill )|(?<=\bbefore )|(?<=\bafter )|(?<=\baround )"
        r"|(?<=\babout )|(?<=\bfrom ))"
        r"(?P<h6>1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'clock)?"
        r"\s+(?P<pod>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b)"
    )
    return [
        ("clock", re.compile(rf"(?<!\w){clock}(?P<zone>{zone})?", re.I)),
        ("iso", re.compile(r"(?<!\w)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
        ("dayrange", re.compile(rf"(?<!\w)(?P<day1>[0-3]?\d)(?:\s*[-–]\s*|\s+(?:to|and)\s+){_DAY}\s+{_MONTH}"
                                rf"(?:,?\s+{_YEAR})?\b", re.I)),
        ("dmy", re.compile(rf"(?<!\w){_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?:\b|(?<=\.))", re.I)),
        ("mdy", re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!:\d)", re.I)),
        ("my", re.compile(rf"(?<!\w){_MONTH}\s+{_YEAR}\b", re.I)),
        ("ago", re.compile(rf"(?<!\w){_NUM}\s+{_UNIT}\s+(?:ago|earlier)\b", re.I)),
        ("relday", re.compile(r"(?<!\w)(?P<rel>the day before yesterday|the day after tomorrow|yesterday|today|"
                              r"tomorrow|tonight|last night|this morning|this afternoon|this evening)\b"
                              r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?", re.I)),
        ("weekday", re.compile(r"(?<!\w)(?:(?:the\s+)?"
                               r"(?P<dir>last|next|this(?:\s+coming)?|coming|previous|following)\s+)?"
                               r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
                               r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?", re.I)),
        ("calendar", re.compile(rf"(?<!\w)(?P<rel>last|this|next|coming|previous|current)\s+{_CAL_UNIT}\b", re.I)),
        ("quarter", re.compile(r"(?<!\w)(?:the\s+(?=(?:fiscal\s+)?\w+ (?:quarter|half)))?(?:fiscal\s+)?"
                               r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?P<part>quarter|half)\b"
                               r"(?:\s+of\s+(?P<year>(?:19|20)\d\d)\b)?", re.I)),
        ("yearq", re.compile(r"(?<!\w)(?:the\s+)?(?:(?P<year>(?:19|20)\d\d)|(?P<rel>last|this|next)\s+year's)\s+"
                             r"(?:(?:fiscal\s+)?(?P<ord>first|second|third|fourth)[- ])?"
                             r"(?P<part>quarter|half|period)\b", re.I)),
        # "the year-ago quarter" takes its article; in "the year-ago results" the article is the noun's
        ("yearago", re.compile(r"(?<!\w)(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?year-(?:ago|earlier)"
                               r"\s+(?:(?P<ord>first|second|third|fourth)[- ])?(?P<noun>quarter|period|half)\b"
                               r"|\byear-(?:ago|earlier)\b", re.I)),
        ("theyear", re.compile(r"(?<!\w)the\s+"
                               r"(?:(?P<adj>full|whole|entire|fiscal|calendar|current|current\s+fiscal)\s+)?"
                               r"year\b(?![- ](?:ago|earlier|end|old|long)\b|'s\s+end|\s+(?:before|after|earlier|ago|"
                               r"when|that|in\s+which|of\s+the)\b)(?:(?=\s+(?:ended|ending)\b)(?P<ended>)|)", re.I)),
        ("yearend", re.compile(r"(?<!\w)year(?:[- ]end|'s\s+end)\b", re.I)),
        ("fiscal", re.compile(r"(?<!\w)fiscal(?:\s+year)?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
        # "that year", "the following month", "the next morning": the period just named, or the one after it
        ("anaphor", re.compile(r"(?<!\w)(?:(?P<same>that(?:\s+same)?|the\s+same|this\s+same)|"
                               r"(?P<after>the\s+(?:following|next))|"
                               r"(?P<before>the\s+(?:previous|preceding)))\s+"
                               r"(?P<unit>year|month|quarter|week|day|morning|afternoon|evening|night)\b"
                               r"(?!\s+(?:or|and)\b|\s+of\b)", re.I)),
        ("span", re.compile(rf"(?<!\w)(?:the\s+)?(?P<rel>past|last|next|coming|previous|first)\s+{_NUM}{_RANGE}"
                            rf"\s+{_UNIT}\b",
                            re.I)),
        ("span", re.compile(rf"(?<!\w)the\s+(?P<rel>past|last|next|coming|previous)\s+{_UNIT}\b", re.I)),
        ("duration", re.compile(rf"(?<!\w)(?:the\s+(?={_WORD}\s+{_UNIT_START}))?{_NUM}{_RANGE}"
                                r"(?P<half>\s+1/2|\s+and\s+a\s+half)?(?:\s+(?:more|additional|further|extra))?"
                                rf"[- ]{_UNIT}\b(?P<half2>\s+and\s+a\s+half\b)?"
                                r"(?!\s+(?:ago|earlier)|[- ](?:old|ago|earlier)\b)", re.I)),
        ("ref", re.compile(r"(?<!\w)(?P<recent>(?:recent|coming|future|the\s+coming)\s+"
                           r"(?:days|weeks|months|years|quarters)"
                           r"|(?:the\s+)?(?:days|weeks|months|years)\s+ahead)\b"
                           r"|(?<!\w)(?P<ref>" + "|".join(sorted(REF_WORDS, key=len, reverse=True)) + r")\b"
                           r"(?<!as soon)(?!(?<=soon) (?:as|after)\b)", re.I)),  # "as soon as" is a conjunction
        ("month", re.compile(rf"(?<!\w)(?:(?P<rel>(?i:last|this|next))\s+)?{_FULL_MONTH}\b(?!\s+\d)")),
        # a year before 1900 only after a preposition and before a clause break ("from Spain in 1898."):
        # elsewhere such a number is a quantity ("in 1500 cases", "at 1678.5")
        ("year", re.compile(r"(?<![\d,.$#/])(?<!\d-)\b(?P<year>(?:19|20)\d\d|"
                            r"(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\bfrom ))1[5-8]\d\d"
                            r"(?=[,;:)]|\.(?!\d)|\s+(?:and|to|when)\b))\b(?![\d/-]|,\d|\s*(?:%|percent))")),
        ("decade", re.compile(rf"(?<![\w'])(?:the\s+)?{_DECADE_MOD}"
                              r"(?:(?P<decade>(?:1[5-9]|20)\d)0|'(?P<short>\d)0)'?s\b"
                              rf"|\bthe\s+{_DECADE_MOD}(?P<word>" + "|".join(DECADE_WORDS) + r")\b", re.I)),
        ("century", re.compile(r"(?<!\w)(?:the\s+)?(?:(?P<ord>\d{1,2})(?:st|nd|rd|th)|(?P<word>"
                               + "|".join(CENTURY_WORDS) + r"))[- ]century\b", re.I)),
        ("spelled", re.compile(_SPELLED_YEAR, re.I)),
        ("set", re.compile(r"(?<!\w)(?P<set>(?:every|each)\s+(?:day|week|month|year|quarter))\b"
                           rf"|\b(?:every|each)\s+(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
                           rf"{_FULL_MONTH})\b", re.I)),
        # "on Sundays", "Thursday mornings": a weekday in the plural is every one of them
        ("weekdays", re.compile(r"(?<!\w)(?P<wds>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                           r"(?:s|\s+(?P<pods>morning|afternoon|evening|night)s)\b", re.I)),
        ("set", re.compile(r"(?<!\w)(?P<adverb>hourly|daily|weekly|monthly)\b"
                           r"(?!\s+(?:newspapers?|papers?|news|mail|express|telegraph|star|beast|show)"
                           r"|\s+(?!(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))(?-i:[A-Z]))",
                           re.I)),  # "the party daily Granma": a newspaper, not a SET
        ("plural", re.compile(r"(?<!\w)(?:for|in|over|within)\s+"
                              r"(?P<plural>(?:minute|hour|day|week|month|year|decade)s|centuries)\b", re.I)),
        ("weekend", re.compile(r"(?<!\w)the\s+weekend\b", re.I)),
        # "the summer", "this past spring": lower case only ("Spring of Life" is a name); "fall" only after a
        # calendar word (see "calendar"), being also a verb and a noun
        ("season", re.compile(r"(?<!\w)(?:(?i:the)\s+|this\s+past\s+)?(?:(?:early|late|mid)[- ]?)?"
                              r"(?P<season>spring|summer|autumn|winter)\b(?!\s+of\b)")),
        ("reported", re.compile(r"(?<!\w)the\s+(?:(?:latest|most\s+recent)\s+(?:quarter|period)|quarter)\b"
                                r"(?![- ](?:century|to))", re.I)),
        # "the day after his death": kept only when the text dated that event before (see find_times)
        ("dayof", re.compile(r"(?<!\w)the\s+(?P<unit>day|week)\s+(?P<rel>before|after)\s+"
                             r"(?=(?:the|his|her|their|its)\s)", re.I)),
        # "in the weeks before the shooting": kept only when the text dated that event before (see find_times)
        ("eventspan", re.compile(r"(?<![\w-])(?:(?P<mod>first|final|last|early)\s+)?(?P<unit>days|weeks)\s+"
                                 r"(?P<rel>before|after)\s+", re.I)),
        ("holiday", re.compile(r"(?<!\w)(?P<holiday>" + "|".join(re.escape(h) for h in sorted(_holidays(), key=len,
                                                                                           reverse=True))
                               + rf")(?:\s+{_YEAR})?(?P<week>\s+week)?\b")),
    ]


# "the previous Friday" is the last one, "this coming Sunday" the next one; "this Friday" is left to the tense.
WEEKDAY_DIRECTIONS = {"last": "last", "previous": "last", "next": "next", "coming": "next", "following": "next"}
CALENDAR_UNITS = {"year", "month", "quarter", "week"}
# Expressions whose value depends on the tense around them (which Friday, which 21 November).
TENSED_KINDS = {"weekday", "dmy", "mdy", "dayrange", "month", "holiday", "season"}
# Expressions that can give a clock time its day; "a day ago" modifies the event, not the clock.
ANCHOR_KINDS = {"iso", "dmy", "mdy", "weekday", "relday"}


_MONTH_CUE = re.compile(rf"\b{_MONTH_CUES}\s+$", re.I)


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    m: re.Match[str]


def find_times(
    document: Document, sentences: list[tuple[int, int]], places: list[PlaceMention], parsed: Doc | None = None
) -> list[TimeMention]:
    """Every time expression of the document, left to right, non-overlapping, longest first.

    With the spaCy parse (`parsed`), which Friday or which 21 November is read from the tense of the verb
    that governs the expression; without it, or where the parse names no verb, from the nearest tense word.
    """
    text = document.text
    found = _match_all(text)
    dct = document.published_time
    anchor_date = (_story_day(text, dct.date()) or dct.date()) if dct else _first_full_date(found)
    relative_anchor = "dct" if dct else ("context" if anchor_date else "unresolved")
    dates: list[tuple[int, int, date, str]] = []
    out: list[TimeMention] = []
    period: TimeMention | None = None  # the last quarter or month named: what "a year earlier" shifts
    context: TimeMention | None = None  # the last calendar date named: what "that year" refers to
    events: dict[str, tuple[int, date]] = {}  # an event word → where and for which day a date was given to it
    periods: dict[str, tuple[int, str]] = {}  # an event word → where and which month, season or year dated it
    spans_of_events = parsed is not None and any(f.kind == "eventspan" for f in found)  # only they read `periods`
    governors: dict[int, int | None] = {}  # a day-valued date's start → the token of the event it dates
    for f in found:
        if f.kind == "clock":
            continue
        if f.kind == "dayof":
            if parsed is not None and (mention := _day_of_event_phrase(text, parsed, f, events, document)):
                out.append(mention)
                dates.append((mention.start, mention.end, _day_of(mention.value), mention.anchor))
            continue
        if f.kind == "ref" and parsed is not None and (f.m["ref"] or "").lower() == "soon" and verb_tense(
                parsed, f.start, f.end) == "past":
            continue  # "the trickle soon became a flood": soon after a past event, not the future of the telling
        if f.kind == "eventspan":
            if parsed is not None and (mention := _span_of_event(text, parsed, f, events, periods, document)):
                out.append(mention)
            continue
        tense = None
        if f.kind in TENSED_KINDS:
            tense = "future" if _FORWARD_CUE.search(text, max(0, f.start - 24), f.start) else (
                "past" if _SINCE.search(text, max(0, f.start - 40), f.start) else None)
            tense = tense or (verb_tense(parsed, f.start, f.end) if parsed is not None else None)
            tense = None if tense == "noun" else tense or _tense(text, f.start, f.end, sentences)
        if tense == "past" and f.kind in {"dmy", "mdy", "dayrange", "month"} and _DEADLINE.search(
                text, max(0, f.start - 30), f.start):
            tense = None
        mention = _normalise_date(document, f, anchor_date, tense)
        mention.anchor = "explicit" if _is_explicit(f) else relative_anchor
        if period is not None and f.start - period.end < PERIOD_REACH:
            mention.value = _in_period(f, mention.value, period.value)
        if f.kind == "anaphor" and context is not None:
            mention.value, mention.anchor = _anaphor(f.m, context.value, anchor_date), "context"
        if mention.value[:4].isdigit() and mention.type == "DATE" and f.kind not in COMPARISON_KINDS:
            context = mention
        if _PERIOD.fullmatch(mention.value) and f.kind not in COMPARISON_KINDS:
            period = mention
        out.append(mention)
        day = _day_of(mention.value)
        if parsed is not None and f.kind == "duration" and (shifted := _event_anchored(text, parsed, mention, events)):
            mention.type, mention.value, mention.anchor, day = "DATE", shifted.isoformat(), "context", shifted
            dates.append((mention.start, mention.end, day, mention.anchor))
        elif day and f.kind in ANCHOR_KINDS:
            dates.append((mention.start, mention.end, day, mention.anchor))
            if parsed is not None:
                verb = governor(parsed, f.start, f.end)[0]
                governors[mention.start] = verb.i if verb is not None else None
                for key in _dated_events(verb):
                    events[key] = (f.end, day)
        elif spans_of_events and mention.type == "DATE" and _EVENT_PERIOD.fullmatch(mention.value):
            for key in _dated_events(governor(parsed, f.start, f.end)[0]):  # "was killed last fall"
                periods[key] = (f.end, mention.value)
    for f in found:
        if f.kind == "clock":
            near = _nearest_day(f, dates, sentences)
            if parsed is not None:
                near = _day_of_event(f, parsed, dates, governors, events) or near
            day, how = near if near else (anchor_date, relative_anchor)
            mention = _normalise_clock(document, f, day, sentences, places, dct)
            mention.anchor = how
            out.append(mention)
    out.sort(key=lambda t: t.start)
    out = _join_adjacent(text, out, {f.start: f.kind for f in found})
    out = _offset_from_date(text, out)
    out = _second_days(text, out, {f.start: f.kind for f in found})
    _share_glossed_instants(text, out)
    for mention in out:
        mention.granularity = granularity(mention.value)
        if mention.type == "DATE" and mention.granularity == "part-of-day":
            mention.type = "TIME"  # TimeML: a time of day, however vague ("Friday morning", "tonight"), is TIME
        if mention.anchor != "explicit" and ("X" in mention.value or mention.value.endswith("_REF")):
            mention.anchor = "unresolved"
    return sorted(out, key=lambda t: t.start)


# Two expressions written one after the other that TimeML reads as one ("5 p.m. EST Nov. 9",
# "Saturday, April 25", "June last year", "January nineteen ninety-seven"): at most a comma between them.
_JOIN_GAP = re.compile(r",? ?")
DAY_KINDS = {"weekday", "relday", "dmy", "mdy", "iso"}


def _join_adjacent(text: str, mentions: list[TimeMention], kinds: dict[int, str]) -> list[TimeMention]:
    out: list[TimeMention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        joined = previous and _JOIN_GAP.fullmatch(text[previous.end:mention.start]) and _joined(
            previous, kinds.get(previous.start), mention, kinds.get(mention.start))
        if joined:
            joined.text = text[joined.start:joined.end]
            kinds[joined.start] = kinds[previous.start]
            out[-1] = joined
        else:
            out.append(mention)
    return out


def _joined(a: TimeMention, a_kind: str | None, b: TimeMention, b_kind: str | None) -> TimeMention | None:
    """The one expression two neighbours make, or None when they stay two."""
    day = _day_of(b.value) if b_kind in DAY_KINDS and len(b.value) == 10 else None
    if a_kind == "clock" and day is not None:  # "10 p.m. Wednesday": the clock on that day
        utc = a.utc
        if utc and (a_day := _day_of(a.value)) is not None:
            utc = (datetime.fromisoformat(utc) + (day - a_day)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return replace(a, end=b.end, value=day.isoformat() + a.value[10:], utc=utc, anchor=b.anchor)
    if a_kind == "weekday" and b_kind in {"dmy", "mdy", "iso"}:  # "Saturday, April 25": the date says which
        return replace(b, start=a.start)
    month = re.fullmatch(r"[\dX]{4}-(\d\d)", a.value)
    if a_kind == "month" and month and b_kind in {"calendar", "year", "spelled"} and re.fullmatch(r"\d{4}", b.value):
        return replace(b, start=a.start, value=f"{b.value}-{month[1]}")  # "June last year"
    return None


# "the day before last Tuesday", "two weeks after 9 May", "the week of March 6": a day counted from a date
# the text gives is one expression, valued by that count (TimeML's anchored TIMEX3 read to its value).
_OFFSET_WORDS = re.compile(r"(?:\b(?P<the>the|a)\s+(?P<unit>day|week)|\b(?P<of>the\s+week)\s+of)\s+"
                           r"(?:(?P<rel>before|after|prior\s+to)\s+)?$", re.I)
_OFFSET_AFTER_DURATION = re.compile(r"\s+(?P<rel>before|after|prior\s+to)\s+", re.I)
_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_LASTING = re.compile(r"\b(?:for|over|during|within|lasted|lasting)\s+(?:about\s+|some\s+|nearly\s+)?$", re.I)


def _offset_from_date(text: str, mentions: list[TimeMention]) -> list[TimeMention]:
    out: list[TimeMention] = []
    for mention in mentions:
        day = _day_of(mention.value) if _FULL_DAY.fullmatch(mention.value) else None
        previous = out[-1] if out else None
        if day is None:
            out.append(mention)
            continue
        between = text[previous.end:mention.start] if previous else ""
        gap = _OFFSET_AFTER_DURATION.fullmatch(between) if previous and previous.type == "DURATION" else None
        if gap and re.fullmatch(r"P\d+[DW]", previous.value) and not _LASTING.search(
                text, max(0, previous.start - 12), previous.start):  # "two weeks after 9 May", not "for two weeks …"
            n = int(previous.value[1:-1]) * (7 if previous.value.endswith("W") else 1)
            sign = 1 if gap["rel"].lower() == "after" else -1
            out[-1] = replace(mention, start=previous.start, type="DATE",
                              value=(day + timedelta(days=sign * n)).isoformat())
            continue
        words = _OFFSET_WORDS.search(text, max(0, mention.start - 30), mention.start)
        if words and words["of"]:  # "the week of March 6"
            out.append(replace(mention, start=words.start(), value=day.strftime("%G-W%V")))
        elif words and words["rel"]:  # "the day before Tuesday's vote"
            sign = 1 if words["rel"].lower() == "after" else -1
            n = 7 if words["unit"].lower() == "week" else 1
            out.append(replace(mention, start=words.start(), value=(day + timedelta(days=sign * n)).isoformat()))
        else:
            out.append(mention)
    for mention in out:
        mention.text = text[mention.start:mention.end]
    return out


# "April 24 and 25": the second day is a date of its own, in the first one's month. Only before a clause
# break or a function word: in "on April 24 and 25 people died" the number counts people.
_SECOND_DAY = re.compile(r"\s+(?:and|or|&)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
                         r"(?=\s*[.,;:)!?\n]|\s*$|\s+(?:in|at|when|respectively|this|last|next)\b)")


def _second_days(text: str, mentions: list[TimeMention], kinds: dict[int, str]) -> list[TimeMention]:
    out: list[TimeMention] = []
    for mention in mentions:
        out.append(mention)
        if kinds.get(mention.start) != "mdy" or not _FULL_DAY.fullmatch(mention.value):
            continue
        second = _SECOND_DAY.match(text, mention.end)
        if second is None or not int(mention.value[8:]) < int(second["day"]) <= 31:
            continue
        value = _iso(int(mention.value[:4]), int(mention.value[5:7]), int(second["day"]))
        if value:
            start, end = second.span("day")
            out.append(replace(mention, start=start, end=end, text=text[start:end], value=value))
    return out


def _share_glossed_instants(text: str, mentions: list[TimeMention]) -> None:
    """'1300 local time (0900 UTC)': a clock glossed in parentheses by another is the same instant."""
    clocks = [m for m in mentions if m.type == "TIME"]
    for a, b in pairwise(clocks):
        between = text[a.end:b.start]
        if len(between) <= 3 and "(" in between and bool(a.utc) != bool(b.utc):
            a.utc = b.utc = a.utc or b.utc


# A comparison ("a year earlier") names a period relative to another: it is never itself the period named.
COMPARISON_KINDS = {"ago", "yearago"}
PERIOD_REACH = 400  # characters: a comparison ("a year earlier") refers to a period named just before it
_PERIOD = re.compile(r"\d{4}-(?:Q\d|H\d|\d{2})")


def _in_period(f: _Found, value: str, period: str) -> str:
    """Expressions that point back at the period just named: 'a year earlier', 'the year-ago quarter',
    'the latest period', 'the 1988 period'."""
    if f.kind == "ago":
        return _same_period_earlier(period, value, f)
    if f.kind == "yearago" and not f.m["ord"] and value[:4].isdigit() and _fits(f.m["noun"], period):
        return f"{int(period[:4]) - 1:04d}{period[4:]}"
    if f.kind == "reported" and "-Q" in period:
        return period
    if f.kind == "yearq" and not f.m["ord"] and "-Q" in period and value.isdigit():
        return value + period[4:]
    return value


def _fits(noun: str | None, period: str) -> bool:
    """Whether a period named before can be what 'the year-ago quarter' (or half, period) compares with."""
    noun = (noun or "").lower()
    return not noun or ("-Q" in period if noun == "quarter" else "-H" in period if noun == "half" else
                        "-Q" in period or "-H" in period)


def _same_period_earlier(period: str, value: str, f: _Found) -> str:
    """'The third quarter … a year earlier' is the third quarter of the year before, not just that year."""
    n = _number(f.m["num"])
    if n != 1 or _unit(f.m["unit"]) != "year" or not value[:4].isdigit():
        return value  # "41 years ago" dates a past event, it compares no period
    return f"{int(period[:4]) - n:04d}{period[4:]}"


EXPLICIT_KINDS = {"iso", "my", "year", "fiscal", "duration", "span", "set", "weekdays", "century", "spelled"}


def _is_explicit(f: _Found) -> bool:
    """The text alone fixes the value (a full date, a year, a duration), no anchor needed."""
    if f.kind in EXPLICIT_KINDS:
        return True
    return f.kind in {"dmy", "mdy", "dayrange", "holiday"} and f.m["year"] is not None


def granularity(value: str) -> str | None:
    """The unit a TIMEX3 value is precise to; None for durations, sets and *_REF."""
    if value.startswith("P") or value.endswith("_REF"):
        return None
    if "T" in value[10:] and ":" in value:
        return "minute"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}(T(MO|AF|EV|NI))?", value):
        return "day" if "T" not in value else "part-of-day"
    for pattern, unit in (("-W", "week"), ("-Q", "quarter"), ("-H", "half-year"), ("-SP", "season"),
                          ("-SU", "season"), ("-FA", "season"), ("-WI", "season")):
        if pattern in value:
            return unit
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", value):
        return "month"
    return {4: "year", 3: "decade", 2: "century"}.get(len(value))


TENSE_REACH = 60  # characters: a tense marker farther away belongs to another clause
_ATTRIBUTION = {"said", "told"}


def _tense(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> str | None:
    """'future', 'past' or None: the tense marker of the sentence nearest the expression ("talks will be
    held on Friday" → future; "said Wednesday that it will…" → past, "said" being nearer). A reporting
    verb after the expression is the attribution of the whole quote ("…will leave Thursday,'' Castro
    said"), not the tense of the event."""
    sentence = next(((s, e) for s, e in sentences if s <= start < e), (max(0, start - 200), end + 200))
    best, tense = None, None
    for m in _TENSE.finditer(text, sentence[0], sentence[1]):
        if m.start() < end and m.end() > start:
            continue
        if m["past"] and _AUXILIARY.search(text, max(0, m.start() - 16), m.start()):
            continue  # a participle ("will be held", "has agreed"): its auxiliary carries the tense
        distance = start - m.end() if m.end() <= start else m.start() - end
        if distance > TENSE_REACH or (m.start() >= end and m.group(0).lower() in _ATTRIBUTION):
            continue
        if best is None or distance < best:
            best, tense = distance, ("future" if m["future"] else "past" if m["past"] else "plan")
        if m.start() > end:
            break
    return tense


# Auxiliaries and modals by what they say of the time of their verb.
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "must", "should", "may", "might"}
_PERFECT_OR_PAST_AUX = {"has", "have", "had", "'s", "'ve", "'d", "was", "were", "did"}
_PRESENT_AUX = {"is", "are", "am", "'re", "'m", "be"}
# Verbs whose date is the time of what they plan or put off, not of the planning: told in the past,
# the date may lie on either side of publication ("planned a rally on Saturday"), or after it
# ("postponed the vote until Tuesday").
_PLAN_VERBS = {"plan", "schedule", "set", "call", "slate", "arrange", "organize", "organise", "announce", "expect"}
_DELAY_VERBS = {"postpone", "delay", "adjourn", "defer", "extend", "reschedule", "push", "put"}
# Verbs whose present (other than the third person) is spelled as their past: the tagger cannot tell them
# apart.
_PAST_LIKE_PRESENT = {"hurt", "put", "set", "cut", "hit", "cost", "let", "shut", "spread", "quit", "beat", "bet",
                      "cast", "split", "burst", "read", "broadcast", "upset", "forecast", "bid", "thrust",
                      "shed", "rid"}
# "has given them until Tuesday", "have until Friday to respond": a time limit still running
_TIME_LIMIT_VERBS = {"give", "grant", "allow", "have"}
# A date that modifies a noun ("Wednesday's ruling", "the Oct. 23 slaying") dates that noun's event, not
# the event of the verb the noun depends on.
_NOUN_MODIFIER = {"poss", "compound", "nmod", "amod", "nummod"}


def verb_tense(parsed: Doc, start: int, end: int) -> str | None:
    """'future', 'past', 'plan' or None: the tense of the verb that governs the expression in the parse
    (HeidelTime reads the sentence's tense from its part-of-speech tags the same way). "will be held on
    Friday" → future; "said Friday" → past; "planned to leave on Thursday" → plan (a plan told in the
    past, which may lie on either side of publication); "is leaving Friday" → future."""
    token, preposition = governor(parsed, start, end)
    if token is None:
        return None
    if token.pos_ not in {"VERB", "AUX"}:
        return "noun"  # "Wednesday's ruling": the noun's event, whose tense the sentence does not give
    if token.lemma_ in _DELAY_VERBS and preposition in {"until", "till", "to", "through", "into", "for"}:
        return "future"  # "postponed until Tuesday", "extended the deadline to Friday"
    date_after_verb = parsed.char_span(start, end, alignment_mode="expand")[0].i > token.i
    tense = _tense_of(token, date_after_verb)
    if token.lemma_ in _TIME_LIMIT_VERBS and preposition in {"until", "till"}:
        return "future" if tense in {"present", "past-perfect"} else "plan"  # "has given them until Tuesday"
    if tense == "present":
        # news writes what is scheduled in the present ("ministers meet Monday", "the union plans to hold a rally
        # on Tuesday"); a reporting verb ("says Monday") or a form that is also the past ("hurt", "set") does not
        same_as_past = token.lower_ == token.lemma_ and token.lemma_ in _PAST_LIKE_PRESENT
        return None if same_as_past or token.lemma_ in _reporting_verbs() else "future"
    return "past" if tense == "past-perfect" else tense


def governor(parsed: Doc, start: int, end: int) -> tuple[Token | None, str | None]:
    """The word whose event the expression dates, and the preposition on the way to it: the verb above it
    in the parse ("was shot to death at 10 p.m." → shot, at), or the noun it modifies ("the Oct. 23
    slaying", "Wednesday's ruling")."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, None
    token = span.root
    preposition = None
    for _ in range(6):
        head = token.head
        if head is token:
            return None, preposition
        if token.dep_ in _NOUN_MODIFIER and head.pos_ in {"NOUN", "PROPN"}:
            return head, preposition
        token = head
        if token.pos_ == "ADP" and preposition is None:
            preposition = token.lower_
        if token.pos_ in {"VERB", "AUX"}:
            return token, preposition
    return None, preposition


def _tense_of(verb: Token, date_after_verb: bool = True) -> str | None:
    """future, past, past-perfect (has/have + participle), present, plan, or None."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if not auxiliaries and verb.dep_ == "conj":  # "will meet and sign Friday": the first verb's auxiliary
        auxiliaries = {c.lower_ for c in verb.head.children if c.dep_ in {"aux", "auxpass"}}
    # "planned a rally on Saturday", "has scheduled a news conference Thursday"; but "On Friday, the
    # government planned to pay": a date before the verb dates the planning
    if verb.lemma_ in _PLAN_VERBS and date_after_verb and (verb.tag_ == "VBD" or auxiliaries & _PERFECT_OR_PAST_AUX):
        return "plan"
    if "have" in auxiliaries and auxiliaries & (_FUTURE_AUX | {"could"}):
        return "past"  # "may have been responsible on Wednesday"
    if auxiliaries & _FUTURE_AUX:
        return "future"
    if "could" in auxiliaries:
        return None  # past ability or present possibility
    if "to" in auxiliaries and verb.head is not verb and verb.dep_ in {"xcomp", "advcl", "ccomp", "acl", "relcl"}:
        governing = _tense_of(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
        # "plans to meet Friday", "will try to meet Friday"; "agreed to meet Friday"
        return {"past": "plan", "past-perfect": "plan", "future": "future", "present": "future"}.get(governing)
    if "going" in auxiliaries or (verb.lower_ == "going" and auxiliaries & _PRESENT_AUX):
        return "future"
    tag = verb.tag_
    if tag == "VBN" and auxiliaries & {"has", "have", "'s", "'ve"}:
        return "past-perfect"
    if tag == "VBD" or auxiliaries & _PERFECT_OR_PAST_AUX:
        return "past"
    if tag in {"VBN", "VBG"} and auxiliaries & _PRESENT_AUX - {"be"}:
        return "future"  # "is scheduled for Friday", "is leaving Friday"
    if tag == "VBN" and not auxiliaries and verb.dep_ in {"ROOT", "conj", "ccomp"}:
        return "past"  # a main verb without auxiliary tagged as a participle is a simple past
    if tag in {"VBZ", "VBP"} or auxiliaries & _PRESENT_AUX:
        return "present"
    return None


# Words that name one violent death the way news varies them ("shot to death on Oct. 23 … ten days before
# the murder"): within a report they are one event.
_KILLING = {"kill", "murder", "slay", "shoot", "assassinate", "assassination", "death", "die"}
# Verbs that date nothing but the telling or are too light to name an event.
_LIGHT_VERBS = {"be", "have", "do", "get", "make", "take", "go", "come", "give", "put", "begin", "start", "continue"}


def event_key(token: Token | None) -> str | None:
    """The event a verb or event noun names, as a key that its other mentions share: the lemma, a gerund as
    its verb ("the shooting" → shoot), the words for one killing as one; None for reporting and light verbs."""
    if token is None or token.pos_ not in {"VERB", "NOUN"}:
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma.endswith("ing") and len(lemma) > 5:
        lemma = lemma[:-3]
        if len(lemma) > 3 and lemma[-1] == lemma[-2] and lemma[-1] not in "ls":
            lemma = lemma[:-1]  # "running" → run
    if lemma in _reporting_verbs() or lemma in _LIGHT_VERBS:
        return None
    return "kill" if lemma in _KILLING else lemma


def _dated_events(verb: Token | None) -> list[str]:
    """The events a date dates through its governing word: the verb itself, and an event noun the verb
    carries out ("launched an offensive on 19 September", "the talks were held on Monday") — the words
    "after the offensive began" or "two days after the talks" will refer back to."""
    if verb is None:
        return []
    keys = [event_key(verb)]
    if verb.pos_ in {"VERB", "AUX"}:
        keys += [event_key(c) for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.pos_ == "NOUN"]
    return [k for k in keys if k]


@lru_cache(maxsize=1)
def _reporting_verbs() -> frozenset[str]:
    return frozenset(r["lemma"] for r in data_rows("lexicons/reporting_verbs.csv"))


def _day_of_event(
    f: _Found, parsed: Doc, dates: list[tuple[int, int, date, str]], governors: dict[int, int | None],
    events: dict[str, tuple[int, date]],
) -> tuple[date, str] | None:
    """The day of a clock time from the parse: a date that dates the same verb ("at 10 p.m. on Oct. 23"),
    else the day given before to the same event ("was shot to death on Oct. 23 … was shot at 10 p.m."),
    even when the sentence dates something else ("said Monday the judge was shot at 10 p.m.")."""
    verb = governor(parsed, f.start, f.end)[0]
    if verb is None:
        return None
    same = [(abs(s - f.start), d, how) for s, _, d, how in dates if governors.get(s) == verb.i]
    if same:
        _, day, how = min(same)
        return day, how
    key = event_key(verb)
    if key in events and events[key][0] < f.start:
        return events[key][1], "context"
    return None


_BEFORE_AFTER = re.compile(r"\s+(?P<rel>before|after|prior\s+to)\s+", re.I)


def _day_of_event_phrase(
    text: str, parsed: Doc, f: _Found, events: dict[str, tuple[int, date]], document: Document
) -> TimeMention | None:
    """'the day after his death': a day from an event the text dated before; None when it did not (or when a
    date follows: 'the day before last Tuesday' is counted from that date, see _offset_from_date)."""
    days = 7 if f.m["unit"].lower() == "week" else 1
    day = _counted_from_event(parsed, f.m.start("rel"), f.m.end("rel"), f.m["rel"], days, f.start, events)
    if day is None:
        return None
    value = day.strftime("%G-W%V") if days == 7 else day.isoformat()
    end = f.m.end("unit")
    return TimeMention(doc=document.id, start=f.start, end=end, text=text[f.start:end], value=value, anchor="context")


_EVENT_PERIOD = re.compile(r"\d{4}(?:-(?:[01]\d|SP|SU|FA|WI))?")
_COUNTED = re.compile(r"(?:\d|\b(?:a|an|several|few|many|some|couple|of|" + "|".join(_ONES + _TEENS + list(_TENS))
                      + r"))[\s-]*$", re.I)


def _span_of_event(
    text: str, parsed: Doc, f: _Found, events: dict[str, tuple[int, date]], periods: dict[str, tuple[int, str]],
    document: Document,
) -> TimeMention | None:
    """'in the weeks before the shooting', 'days after a sniper killed him': a stretch of days next to an event
    the text dated before, valued as that event's month, or as the month, season or year that dated it ('was
    killed last fall' → 1998-FA); TIMEX3 has no value for 'some days around a date'. None when the event was
    not dated, or when a count makes it a duration ('several days after')."""
    if _COUNTED.search(text, max(0, f.start - 12), f.start):
        return None
    start, end = f.m.span("rel")
    day = _counted_from_event(parsed, start, end, f.m["rel"], 0, f.start, events)
    key = None if day is not None else _signalled_event(parsed, start, end, f.start, periods)
    if day is None and key is None:
        return None
    end = f.m.end("unit")
    value = f"{day:%Y-%m}" if day is not None else periods[key][1]
    return TimeMention(doc=document.id, start=f.start, end=end, text=text[f.start:end], value=value,
                       anchor="context")


def _event_anchored(text: str, parsed: Doc, mention: TimeMention, events: dict[str, tuple[int, date]]) -> date | None:
    """'ten days before the shooting', 'twenty-four hours after the offensive began': the day of an event
    the text dated before, counted off. None when the event was not dated or the count is not in days."""
    amount = re.fullmatch(r"P(\d+)([DW])|PT(\d+)H", mention.value)
    gap = _BEFORE_AFTER.match(text, mention.end)
    if amount is None or gap is None:
        return None
    days = int(amount[1]) * (7 if amount[2] == "W" else 1) if amount[1] else int(amount[3]) / 24
    if days != int(days) or _LASTING.search(text, max(0, mention.start - 12), mention.start):
        return None
    return _counted_from_event(parsed, gap.start("rel"), gap.end("rel"), gap["rel"], int(days), mention.start, events)


def _counted_from_event(
    parsed: Doc, start: int, end: int, rel: str, days: int, before: int, events: dict[str, tuple[int, date]]
) -> date | None:
    """The day `days` before or after the event that the signal word at start:end introduces, when the
    text dated that event before `before`."""
    key = _signalled_event(parsed, start, end, before, events)
    if key is None:
        return None
    sign = -1 if rel.lower() != "after" else 1
    return events[key][1] + timedelta(days=sign * days)


def _signalled_event(parsed: Doc, start: int, end: int, before: int, known: dict[str, tuple]) -> str | None:
    """The event the signal word at start:end ('before', 'after') introduces, when `known` has it dated
    before `before`: its object ('after the offensive'), else the clause's subject or verb ('after the
    offensive began', 'after a sniper killed him')."""
    signal = parsed.char_span(start, end, alignment_mode="expand")
    if signal is None:
        return None
    word = signal[0]
    candidates = [c for c in word.children if c.dep_ == "pobj"]
    if word.dep_ == "mark":  # "after the offensive began": the clause's subject, else its verb
        candidates = [c for c in word.head.children if c.dep_ in {"nsubj", "nsubjpass"}] + [word.head]
    for candidate in candidates:
        key = event_key(candidate)
        if key in known and known[key][0] < before:
            return key
    return None


# "WASHINGTON, August 13 (Xinhua) --": a wire dateline gives the day the story was filed, which the
# feed's own date (a day later, in another clock) may not be.
_WIRE_DATELINE = re.compile(r"\A\s*[A-Z][A-Za-z .,'’-]{1,60}?,\s+(?i:" + _MONTH + r")\s+(?P<day>[0-3]?\d)(?:,?\s+"
                            + _YEAR + r")?\s*\([A-Z][A-Za-z .&-]{1,30}\)\s*(?:--|—|–|_|-)")
STORY_LAG_DAYS = 3  # a dateline this many days before the feed's date is the story's day; beyond, a mistake


def _story_day(text: str, published: date) -> date | None:
    """The wire dateline's day when it falls shortly before the publication date: relative expressions
    ("Thursday", "today") count from the day the story was filed."""
    m = _WIRE_DATELINE.match(text)
    if m is None:
        return None
    month = _month_number(m["month"])
    year = int(m["year"]) if m["year"] else published.year - (1 if month > published.month else 0)
    try:
        day = date(year, month, int(m["day"]))
    except ValueError:
        return None
    return day if 0 < (published - day).days <= STORY_LAG_DAYS else None


def _first_full_date(found: list[_Found]) -> date | None:
    """Without a publication time, relative expressions lean on the first full date the text gives
    (HeidelTime's narrative strategy): 'Tuesday, 18 November 2031 … on Thursday' → 20 November."""
    for f in found:
        if f.kind in {"iso", "dmy", "mdy"} and f.m["year"]:
            try:
                return date(int(f.m["year"]), _month_number(f.m["month"]), int(f.m["day"]))
            except ValueError:
                continue
    return None


def _month_number(month: str) -> int:
    return int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]  # "Dec." as well as "Dec"


# Kinds found from a literal every match contains, then matched in a window around it: scanning for
# "century" is several times cheaper than trying the whole pattern at every word (the stage's speed is
# the sum over patterns of that per-position cost). Kind → (literal pattern, characters it may be preceded by).
TRIGGERS: dict[str, tuple[re.Pattern[str], int]] = {
    "decade": (re.compile(r"0'?s\b|ties\b", re.I), 30),
    "century": (re.compile(r"[- ]century\b", re.I), 30),
    "spelled": (re.compile(r"nineteen|eighteen|two thousand", re.I), 20),
    "ago": (re.compile(r"\b(?:ago|earlier)\b", re.I), 40),
    "weekday": (re.compile(r"day\b", re.I), 30),
    "duration": (re.compile(r"[sSmMhHdDwWyYcC](?:econd|inute|our|ay|eek|onth|ear|ecade|entur)"), 45),
    "span": (re.compile(r"[sSmMhHdDwWyYcC](?:econd|inute|our|ay|eek|onth|ear|ecade|entur)"), 45),
    "yearago": (re.compile(r"year-(?:ago|earlier)", re.I), 30),
    "yearq": (re.compile(r"\b(?:quarter|half|period)\b", re.I), 50),
    "yearend": (re.compile(r"\bend\b", re.I), 10),
    "weekdays": (re.compile(r"days\b|day\s+(?:morning|afternoon|evening|night)s\b", re.I), 12),
    "eventspan": (re.compile(r"\b(?:days|weeks)\s+(?:before|after)\b", re.I), 10),
}


def _matches(text: str, kind: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The pattern's matches, through its trigger literal when it has one."""
    trigger = TRIGGERS.get(kind)
    if trigger is None:
        yield from pattern.finditer(text)
        return
    last = 0
    for hit in trigger[0].finditer(text):
        for m in pattern.finditer(text, max(last, hit.start() - trigger[1]), hit.end() + 24):
            if m.start() <= hit.start() < m.end():
                last = m.end()
                yield m
                break


def _match_all(text: str) -> list[_Found]:
    spans: list[_Found] = []
    for kind, pattern in _patterns():
        for m in _matches(text, kind, pattern):
            if (kind == "clock" and not _is_real_clock(m)) or (kind == "relday" and _inside_name(text, m)):
                continue
            if kind == "anaphor" and _is_span(m):
                continue
            if kind == "duration" and (_ORDINAL_SECOND.match(text, m.start()) or _quoted_title(text, m)):
                continue
            if kind == "duration" and m["num"].lower() in {"a", "an"} and _RATE.search(text, max(0, m.start() - 24),
                                                                                       m.start()):
                continue
            if kind == "month" and m["month"] in {"May", "March"} and not m["rel"] and not _MONTH_CUE.search(
                    text[max(0, m.start() - 12):m.start()]) and not _month_as_modifier(text, m):
                continue
            start = m.start(kind) if kind in {"year", "plural"} else m.start()  # the signal word stays out
            prefix = _MODIFIER if kind in MODIFIABLE_KINDS else _APPROX if kind in {"duration", "span"} else None
            if prefix is not None:
                modifier = prefix.search(text[max(0, start - 30):start])
                if modifier and not _over_the(modifier.group(0), m.group(0)):
                    start -= len(modifier.group(0))
            end = m.end()
            if kind == "clock" and text[end - 1] == ")" and "(" not in m.group(0):
                end = len(text[:end - 1].rstrip())  # "(1300 GMT)": the parenthesis opened before the clock
            spans.append(_Found(start, end, kind, m))
    spans.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[_Found] = []
    last_end = -1
    for f in spans:
        if f.start >= last_end:
            chosen.append(f)
            last_end = f.end
    return chosen


_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!(?:of|on|to|for|in|and|or|by|with|from|at)\b)[a-z]{3,}\b")


def _month_as_modifier(text: str, m: re.Match[str]) -> bool:
    """'the March accession', 'the May elections': a month named as a noun's date. Not 'the March on Rome'
    or 'the March of Dimes', where a preposition follows the noun 'march'."""
    return bool(_THE_BEFORE.search(text, max(0, m.start() - 5), m.start())) and bool(_NOUN_AFTER.match(text, m.end()))


def _quoted_title(text: str, m: re.Match[str]) -> bool:
    """"''60 Minutes''", "“48 Hours”": a quoted title with a capitalised unit is a name, which the TIDES/TimeML
    guidelines leave unmarked (non-markable proper names)."""
    return m["unit"][:1].isupper() and text[max(0, m.start() - 2):m.start()].endswith(("'", '"', "“", "‘", "`"))


def _is_span(m: re.Match[str]) -> bool:
    """'the next year' is the coming twelve months (a span, see "span"); 'the next day' is the day after."""
    return bool(m["after"]) and "next" in m["after"].lower() and m["unit"].lower() in CALENDAR_UNITS


def _over_the(modifier: str, expression: str) -> bool:
    """'over the past two years': 'over' is the preposition here, not 'more than' as in 'over 20 years'."""
    return modifier.lower().startswith("over") and expression[:4].lower() == "the "


def _inside_name(text: str, m: re.Match[str]) -> bool:
    """'Dardania Today' is an outlet: a capitalised 'Today' right after a capitalised word is a name."""
    if not m.group(0)[0].isupper():
        return False
    before = text[max(0, m.start() - 30):m.start()].rstrip(" ")
    words = before.split()
    return bool(words) and words[-1][:1].isupper() and not before.endswith((".", "!", "?", ":", "\n", "\t"))


def _is_real_clock(m: re.Match[str]) -> bool:
    """'3.5' or '12.30 million' are not clock times: a dotted time needs a zone or am/pm."""
    if m["h"] is not None and m.group(0)[len(m["h"])] == "." and not (m["zone"] or m["ampm1"]):
        return False
    if m["h4"] is not None and not m["zone"]:
        return m["m4"] is not None
    return True


def _normalise_date(document: Document, f: _Found, anchor: date | None, tense: str | None = None) -> TimeMention:
    m, kind = f.m, f.kind
    plan, tense = tense == "plan", (None if tense == "plan" else tense)
    value, type_ = None, "DATE"
    if kind == "iso":
        value = _iso(int(m["year"]), int(m["month"]), int(m["day"]))
    elif kind in {"dmy", "mdy"}:
        month = MONTHS[m["month"].lower().rstrip(".")]
        year = int(m["year"]) if m["year"] else _year_of_day(anchor, month, int(m["day"]), tense)
        value = _iso(year, month, int(m["day"]))
    elif kind == "dayrange":
        month = MONTHS[m["month"].lower().rstrip(".")]
        year = int(m["year"]) if m["year"] else _year_of_day(anchor, month, int(m["day1"]), tense)
        first, last = _iso(year, month, int(m["day1"])), _iso(year, month, int(m["day"]))
        value = f"{first}/{last}" if first and last else None
    elif kind == "my":
        value = f"{int(m['year']):04d}-{MONTHS[m['month'].lower()]:02d}"
    elif kind == "year":
        value = m["year"]
    elif kind == "spelled":
        value = _spelled_year(m)
    elif kind == "decade":
        value = _decade(m, anchor)
    elif kind == "century":
        value = f"{(int(m['ord']) if m['ord'] else CENTURY_WORDS[m['word'].lower()]) - 1:02d}"
    elif kind == "ago":
        n = _number(m["num"])
        value = _shift(anchor, n, _unit(m["unit"]), -1) if n else "PAST_REF"
    elif kind == "relday":
        rel = " ".join(m["rel"].lower().split())
        value = _relative_day(anchor, rel)
        value += _part_of_day(m["part"] or rel.split()[-1]) if value[0].isdigit() else ""
    elif kind == "weekday":
        direction = WEEKDAY_DIRECTIONS.get(m["dir"].lower().split()[-1], "") if m["dir"] else ""
        value = _weekday(anchor, WEEKDAYS[m["wd"].lower()], direction, tense == "future", nearest=plan)
        value += _part_of_day(m["part"]) if value[0].isdigit() else ""
    elif kind == "duration" and (m["half"] or m["half2"]) and _number(m["num"]):
        value, type_ = _and_a_half(_number(m["num"]), _unit(m["unit"])), "DURATION"
    elif kind == "duration":
        value, type_ = _duration(_number(m["num"]), _unit(m["unit"])), "DURATION"
    elif kind == "calendar":
        value = _calendar(anchor, (m["rel"] or "").lower(), m["unit"].lower())
    elif kind == "quarter" and m["year"]:
        value = f"{m['year']}-{m['part'][0].upper()}{ORDINALS[m['ord'].lower()]}"
    elif kind == "quarter":
        value = _quarter(anchor, ORDINALS[m["ord"].lower()], m["part"].lower())
    elif kind == "yearq":
        value = _year_quarter(m, anchor)
    elif kind == "yearago":
        value = _year_ago(m, anchor)
    elif kind == "theyear" and m["ended"] is not None:  # "the year ended Sept. 30": twelve months, not a calendar year
        value, type_ = "P1Y", "DURATION"
    elif kind in {"theyear", "yearend"}:
        value = f"{anchor.year:04d}" if anchor else "XXXX"
    elif kind == "fiscal":
        value = m["year"]  # TIMEX3 has no fiscal-year value; TimeML writes the year the fiscal year is named by
    elif kind == "span":
        # "the past year" is one year, "the coming years" some
        n = _number(m["num"]) if "num" in m.re.groupindex else (None if m.group(0).lower().endswith("s") else 1)
        value, type_ = _duration(n, _unit(m["unit"])), "DURATION"
    elif kind == "ref" and m["recent"]:
        value, type_ = _vague_duration(m["recent"]), "DURATION"
    elif kind == "ref":
        value = REF_WORDS[" ".join(m["ref"].lower().split())]
    elif kind == "month":
        month = MONTHS[m["month"].lower().rstrip(".")]
        rel = (m["rel"] or "").lower()
        year = anchor.year if rel == "this" and anchor else _year_of_month(
            anchor, month, {"next": "future", "last": "past"}.get(rel, tense))
        value = f"{year:04d}-{month:02d}" if year else f"XXXX-{month:02d}"
    elif kind == "set" and "adverb" in m.re.groupindex:
        unit = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month"}.get(m["adverb"].lower(), "year")
        prefix, letter = UNITS[unit]
        value, type_ = f"{prefix}1{letter}", "SET"
    elif kind == "weekdays":
        value = f"XXXX-WXX-{WEEKDAYS[m['wds'].lower()] + 1}" + (_part_of_day(m["pods"]) if m["pods"] else "")
        type_ = "SET"
    elif kind == "set" and m["set"]:
        unit = m["set"].split()[-1].lower()
        value, type_ = ("P3M" if unit == "quarter" else "{}1{}".format(*UNITS[unit])), "SET"
    elif kind == "set":  # "each Thursday", "every July"
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}" if m["wd"] else f"XXXX-{MONTHS[m['month'].lower()]:02d}"
        type_ = "SET"
    elif kind == "plural":
        prefix, letter = UNITS[_unit(m["plural"].removesuffix("s"))]
        value, type_ = f"{prefix}X{letter}", "DURATION"
    elif kind == "weekend":
        value = _last_weekend(anchor)
    elif kind == "season":
        value = _bare_season(m, anchor, tense)
    elif kind == "anaphor":
        value = _anaphor(m, None, anchor)
    elif kind == "reported":  # "earnings for the quarter": the last quarter that has ended
        value = _calendar(anchor, "last", "quarter")
    elif kind == "holiday":
        value = _holiday_value(m["holiday"], int(m["year"]) if m["year"] else None, anchor, tense)
        if m["week"] and value[0].isdigit():  # "Easter week": the week the day falls in
            value = date.fromisoformat(value).strftime("%G-W%V")
    if value is None:
        value = "XXXX-XX-XX"
    return TimeMention(doc=document.id, start=f.start, end=f.end, text=document.text[f.start:f.end], type=type_,
                       value=value)


def _normalise_clock(
    document: Document,
    f: _Found,
    day: date | None,
    sentences: list[tuple[int, int]],
    places: list[PlaceMention],
    dct: datetime | None,
) -> TimeMention:
    m = f.m
    hour, minute = _clock(m)
    tz = _zone(m, f.start, sentences, places, day)
    value = f"{day.isoformat() if day else 'XXXX-XX-XX'}T{hour:02d}:{minute:02d}"
    return TimeMention(doc=document.id, start=f.start, end=f.end, text=document.text[f.start:f.end], type="TIME",
                       value=value, utc=utc_instant(day, hour, minute, tz))


def utc_instant(day: date | None, hour: int, minute: int, tz: timezone | ZoneInfo | None) -> str | None:
    """The UTC instant of a wall-clock time on a day in a zone (DST by zoneinfo); hour 24 is the next midnight.
    Shared with the other languages' clocks (times_multilingual.py), so every clock is converted one way."""
    if day is None or tz is None:
        return None
    local = datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=tz) + timedelta(days=hour // 24)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clock(m: re.Match[str]) -> tuple[int, int]:
    if m["h"] is not None:
        hour, minute, ampm = int(m["h"]), int(m["m"]), m["ampm1"]
    elif m["h2"] is not None:
        hour, minute, ampm = int(m["h2"]), int(m["m2"]), None
    elif m["h3"] is not None:
        hour, minute, ampm = int(m["h3"]), 0, m["ampm"]
    elif m["h4"] is not None:
        hour, minute, ampm = int(m["h4"]), int(m["m4"] or 0), None
    elif m["h6"] is not None:
        hour, minute = _number(m["h6"]) % 12, 0
        late = m["pod"].split()[-1].lower() in {"afternoon", "evening"} or (m["pod"].endswith("night") and hour >= 6)
        return hour + (12 if late else 0), minute
    else:  # TimeML writes midnight as the end of its day, T24:00
        hour, minute, ampm = (24 if m["h5"].lower() == "midnight" else 12), 0, None
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return hour, minute


def _zone(m, start, sentences, places, day) -> timezone | ZoneInfo | None:
    if m["off"] or m["off2"]:
        raw = (m["off"] or m["off2"]).replace(" ", "").replace("−", "-")
        sign = -1 if raw[0] == "-" else 1
        digits = raw[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    word = m["abbr"] or m["abbr1"] or m["city"]
    if word:
        zone = _ambiguous_zone(word, places) or _zones().get(word.lower())
        if isinstance(zone, str):
            return ZoneInfo(zone)
        if zone is not None:
            return timezone(timedelta(hours=zone))
    if m["zone"] and re.search(r"GMT|UTC", m["zone"], re.I):
        return UTC
    if m["local"]:
        return _local_zone(start, sentences, places)
    return None


@lru_cache(maxsize=1)
def _zone_readings() -> dict[str, dict[str, str]]:
    readings: dict[str, dict[str, str]] = {}
    for row in data_rows("lexicons/zone_ambiguity.csv"):
        readings.setdefault(row["word"].lower(), {})[row["country"]] = row["zone"]
    return readings


def _ambiguous_zone(word: str, places: list[PlaceMention]) -> str | None:
    """IST in a report about Israel is Israel's clock, not India's: the document's places decide."""
    readings = _zone_readings().get(word.lower())
    if not readings:
        return None
    counts: dict[str, int] = {}
    for p in places:
        if p.country in readings:
            counts[p.country] = counts.get(p.country, 0) + 1
    return readings[max(counts, key=counts.get)] if counts else None


def _local_zone(start: int, sentences: list[tuple[int, int]], places: list[PlaceMention]) -> ZoneInfo | None:
    """'local time' is the clock of the place the sentence is about, else the document's main place."""
    sentence = next(((s, e) for s, e in sentences if s <= start < e), None)
    zoned = [p for p in places if p.timezone]
    if sentence:
        in_sentence = [p for p in zoned if sentence[0] <= p.start < sentence[1]]
        if in_sentence:
            return ZoneInfo(min(in_sentence, key=lambda p: abs(p.start - start)).timezone)
    if not zoned:
        return None
    counts: dict[str, int] = {}
    for p in zoned:
        counts[p.timezone] = counts.get(p.timezone, 0) + 1
    return ZoneInfo(max(counts, key=counts.get))


def _nearest_day(
    f: _Found, dates: list[tuple[int, int, date, str]], sentences: list[tuple[int, int]]
) -> tuple[date, str] | None:
    """The day (and how it was obtained) of the date nearest the clock time in its sentence."""
    sentence = next(((s, e) for s, e in sentences if s <= f.start < e), (f.start - 200, f.end + 200))
    near = [(min(abs(s - f.end), abs(f.start - e)), d, how) for s, e, d, how in dates if sentence[0] <= s < sentence[1]]
    if not near:
        return None
    _, day, how = min(near)
    return day, how


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word


def _year_of_month(anchor: date | None, month: int, tense: str | None) -> int | None:
    """A month named without a year: the last one in a sentence that looks back ("fighting broke out in
    March"), the next one in a sentence that looks ahead ("talks will resume in March"), else the nearest.
    The month before or after publication is always the nearest one: a reporter who means last year's
    November in an October story writes the year, so a tense read there is more likely the parse's error."""
    if anchor is None:
        return None
    ahead = (month - anchor.month + 6) % 12 - 6  # months from the anchor's month to the nearest such month, -6 … 5
    if abs(ahead) <= 1 or tense is None:
        return (anchor.year * 12 + anchor.month - 1 + ahead) // 12
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


NEAR_DAYS = 31  # a year-less date this close to publication is that occurrence, whatever the tense seems to say


def _year_of_day(anchor: date | None, month: int, day: int, tense: str | None) -> int | None:
    """A day and month without a year, by the same rule at the precision of days: the last or the next
    occurrence when the tense says which, else the one nearest the anchor (a year-less date in news is
    within months of publication: "payable Jan. 3 to holders of record Dec. 15"); within a month of
    publication always the nearest."""
    if anchor is None:
        return None
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return anchor.year
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    if abs((nearest - anchor).days) <= NEAR_DAYS:
        return nearest.year
    if tense == "future":
        ahead = [c for c in candidates if c >= anchor]
        return ahead[0].year if ahead else anchor.year
    if tense == "past":
        behind = [c for c in candidates if c <= anchor]
        return behind[-1].year if behind else anchor.year
    return nearest.year


def _holiday_value(name: str, year: int | None, anchor: date | None, tense: str | None) -> str:
    """A holiday without a year: within a month of publication the nearest occurrence; else the last one
    in a sentence that looks back, the next one in a sentence that looks ahead, else the nearer of the two."""
    if year is None and anchor is None:
        return "XXXX-XX-XX"
    if year is not None:
        return holiday_date(name, year).isoformat()
    this_year = holiday_date(name, anchor.year)
    nearest = min((holiday_date(name, anchor.year + step) for step in (-1, 0, 1)), key=lambda d: abs((d - anchor).days))
    if abs((nearest - anchor).days) <= NEAR_DAYS:  # as for dates: within a month of publication, the nearest
        return nearest.isoformat()
    if tense == "future":
        return (this_year if this_year >= anchor else holiday_date(name, anchor.year + 1)).isoformat()
    if tense == "past" or this_year <= anchor:
        return (this_year if this_year <= anchor else holiday_date(name, anchor.year - 1)).isoformat()
    last_year = holiday_date(name, anchor.year - 1)
    return (this_year if this_year - anchor < anchor - last_year else last_year).isoformat()


def _bare_season(m: re.Match[str], anchor: date | None, tense: str | None) -> str:
    """'the summer': the current one, else the last one (the next one in a sentence that looks ahead)."""
    code = SEASONS[m["season"]]
    if anchor is None:
        return f"XXXX-{code}"
    current = ["WI", "SP", "SU", "FA"][(anchor.month % 12) // 3]
    step = -1 if "past" in m.group(0).lower() or (code != current and tense != "future") else (
        1 if code != current else 0)
    return _season(anchor, code, step)


def _anaphor(m: re.Match[str], base: str | None, anchor: date | None) -> str:
    """'that year', 'the following month', 'the next morning', 'the previous day': the period of the date
    named before (base), or of the anchor when none was, shifted by one unit for following/previous."""
    unit = m["unit"].lower()
    shift = 1 if m["after"] else -1 if m["before"] else 0
    part = _part_of_day(unit)
    unit = "day" if part else unit
    day = _day_of(base) if base else None
    if unit == "day" and base and day is None and re.fullmatch(r"\d{4}-\d\d", base):
        return f"{base}-XX{part}"  # "last October … that same day": a day of that month, which the text does not say
    if base is None or (unit != "year" and day is None and not (unit in {"month", "quarter"} and
                                                                 re.match(r"\d{4}-(?:\d\d|Q\d)", base))):
        if anchor is None:
            return "XXXX-XX-XX"
        base, day = anchor.isoformat(), anchor
    if unit == "year":
        return f"{int(base[:4]) + shift:04d}"
    if unit == "quarter":
        quarter = int(base[6]) if base[5] == "Q" else (int(base[5:7]) - 1) // 3 + 1
        index = int(base[:4]) * 4 + quarter - 1 + shift
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "month":
        if base[5] == "Q":
            return base[:4]
        index = int(base[:4]) * 12 + int(base[5:7]) - 1 + shift
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "week":
        return (day + timedelta(weeks=shift)).strftime("%G-W%V")
    return (day + timedelta(days=shift)).isoformat() + part


def _duration(n: int | None, unit: str) -> str:
    """'three days' → P3D; decades and centuries in years ('a decade' → P10Y), as ISO 8601 has no unit for
    them; an unknown count ('several decades') keeps TimeML's DE/CE unit, which no count of years can say."""
    prefix, letter = UNITS[unit]
    if n and unit in {"decade", "century"}:
        return f"P{n * (10 if unit == 'decade' else 100)}Y"
    return f"{prefix}{n}{letter}" if n else f"{prefix}X{letter}"


def _and_a_half(n: int, unit: str) -> str:
    """'2 1/2 years' → P2Y6M, 'an hour and a half' → PT1H30M: the half in the next smaller unit, as ISO 8601
    writes it (weeks, which ISO does not combine with other units, in days; decades and centuries in years)."""
    return {"year": f"P{n}Y6M", "month": f"P{n}M15D", "week": f"P{7 * n + 3}DT12H", "day": f"P{n}DT12H",
            "hour": f"PT{n}H30M", "minute": f"PT{n}M30S", "second": f"PT{n}.5S", "decade": f"P{10 * n + 5}Y",
            "century": f"P{100 * n + 50}Y"}[unit]


def _vague_duration(phrase: str) -> str:
    """'recent years', 'the weeks ahead', 'future quarters': an unspecified number of the unit (quarters in months)."""
    unit = next(w for w in phrase.lower().split() if w.rstrip("s") in UNITS or w == "quarters").rstrip("s")
    return "PXM" if unit == "quarter" else "{}X{}".format(*UNITS[unit])


def _year_quarter(m: re.Match[str], anchor: date | None) -> str:
    """'the 1988 third quarter', "next year's first quarter", 'the 1989 period' (its quarter comes from the
    period named before, in find_times)."""
    if m["year"]:
        year = int(m["year"])
    elif anchor is None:
        return {"last": "PAST_REF", "this": "PRESENT_REF", "next": "FUTURE_REF"}[m["rel"].lower()]
    else:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    if m["ord"]:
        return f"{year:04d}-{m['part'][0].upper()}{ORDINALS[m['ord'].lower()]}"
    return f"{year:04d}"


def _year_ago(m: re.Match[str], anchor: date | None) -> str:
    """'the year-ago quarter': the same period a year before; without a period named before it (find_times
    supplies that), the last quarter that has ended, a year back."""
    if anchor is None:
        return "PAST_REF"
    if m["ord"]:
        n = ORDINALS[m["ord"].lower()]
        return f"{int(_quarter(anchor, n, 'quarter')[:4]) - 1:04d}-Q{n}"
    if m["noun"] and m["noun"].lower() in {"quarter", "period"}:
        last = _calendar(anchor, "last", "quarter")
        return f"{int(last[:4]) - 1:04d}{last[4:]}"
    return f"{anchor.year - 1:04d}"


def _spelled_year(m: re.Match[str]) -> str:
    """'nineteen ninety-six' → 1996, 'the year two thousand and one' → 2001."""
    if m["hundreds"] is None:
        return f"{2000 + (_number(m['y2k']) if m['y2k'] else 0):04d}"
    hundreds = _number(m["hundreds"])
    return f"{hundreds * 100 + _number(m['tens']) + (_number(m['ones']) if m['ones'] else 0):04d}"


def _decade(m: re.Match[str], anchor: date | None) -> str:
    """'the 1970s' → 197 (TimeML's decade value); "the '80s" and 'the eighties' are the latest such
    decade that has begun by the anchor."""
    if m["decade"]:
        return m["decade"]
    tens = int(m["short"]) if m["short"] else DECADE_WORDS[m["word"].lower()]
    if anchor is None:
        return f"XX{tens}"
    century = anchor.year // 100 - (1 if tens > anchor.year // 10 % 10 else 0)
    return f"{century:02d}{tens}"


def _last_weekend(anchor: date | None) -> str:
    """'Over the weekend' in news is the latest weekend: this one on Saturday or Sunday, else the last."""
    if anchor is None:
        return "XXXX-WXX-WE"
    day = anchor if anchor.weekday() >= 5 else anchor - timedelta(days=anchor.weekday() + 1)
    return day.strftime("%G-W%V") + "-WE"


def _part_of_day(word: str | None) -> str:
    code = PARTS_OF_DAY.get((word or "").lower())
    return f"T{code}" if code else ""


def _calendar(anchor: date | None, rel: str, unit: str) -> str:
    """'last year', 'this week', 'next month', 'last fall' relative to the anchor, at the unit's granularity."""
    step = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, 0)
    if anchor is None:
        return {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[step]
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit in {"week", "weekend"}:
        day = anchor + timedelta(weeks=step)
        return day.strftime("%G-W%V") + ("-WE" if unit == "weekend" else "")
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{(anchor.year // 10 + step):03d}"
    if unit == "century":
        return f"{(anchor.year // 100 + step):02d}"
    return _season(anchor, SEASONS[unit], step)


def _season(anchor: date, season: str, step: int) -> str:
    order = ["WI", "SP", "SU", "FA"]
    current = order[(anchor.month % 12) // 3]
    year = anchor.year
    if step < 0 and order.index(season) >= order.index(current):
        year -= 1
    elif step > 0 and order.index(season) <= order.index(current):
        year += 1
    return f"{year:04d}-{season}"


def _quarter(anchor: date | None, n: int, part: str) -> str:
    """'the third quarter': of the anchor's year, or the year before if it has not begun yet."""
    letter = "Q" if part == "quarter" else "H"
    if anchor is None:
        return f"XXXX-{letter}{n}"
    first_month = (n - 1) * (3 if letter == "Q" else 6) + 1
    year = anchor.year if first_month <= anchor.month else anchor.year - 1
    return f"{year:04d}-{letter}{n}"


def _iso(year: int | None, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if year else f"XXXX-{month:02d}-{day:02d}"
    except ValueError:
        return None


def _day_of(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


def _shift(anchor: date | None, n: int, unit: str, sign: int) -> str:
    if anchor is None:
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    if unit in {"decade", "century"}:
        return f"{anchor.year + sign * n * (10 if unit == 'decade' else 100):04d}"
    if unit not in {"day", "week", "month", "year"}:
        return anchor.isoformat()
    if unit == "year":
        return f"{anchor.year + sign * n:04d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + sign * n
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    shifted = anchor + timedelta(days={"day": 1, "week": 7}[unit] * n * sign)
    return shifted.isoformat() if unit == "day" else shifted.strftime("%G-W%V")


def _relative_day(anchor: date | None, rel: str) -> str:
    offsets = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
               "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2}
    if anchor is None:
        return "PRESENT_REF" if offsets[rel] == 0 else ("PAST_REF" if offsets[rel] < 0 else "FUTURE_REF")
    return (anchor + timedelta(days=offsets[rel])).isoformat()


def _weekday(anchor: date | None, weekday: int, direction: str, future: bool = False, nearest: bool = False) -> str:
    """'On Tuesday' is the last Tuesday (or today), or the coming one in a sentence that looks ahead;
    'last'/'next' pick the side explicitly. A plan told in the past ("the team planned to leave on
    Thursday") may lie on either side of publication: the nearer one."""
    if anchor is None:
        return "XXXX-WXX-" + str(weekday + 1)
    delta = weekday - anchor.weekday()
    if direction == "last":
        delta = delta - 7 if delta >= 0 else delta
    elif direction == "next":
        delta = delta + 7 if delta <= 0 else delta
    elif future:
        delta = delta + 7 if delta < 0 else delta
    elif nearest:
        delta = delta + 7 if delta < -3 else delta - 7 if delta > 3 else delta
    else:
        delta = delta - 7 if delta > 0 else delta
    return (anchor + timedelta(days=delta)).isoformat()
