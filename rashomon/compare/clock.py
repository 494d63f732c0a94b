"""The UTC clock time of a time mention the annotate stage could not place on a day.

A report without a publication date still says "9:45 p.m. Khartoum time (1945 GMT)": the day is
unknown, but the instant's UTC clock time is not, and it is enough to see that another outlet's
"21:45 Khartoum time on May 22" is the same moment. The zone is read where the times stage reads
it (a GMT/UTC offset, an abbreviation, "<city> time") from rashomon/data/lexicons/zones.csv;
a city's zone uses the day the mention gives, else the story's day, for summer time.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.times_multilingual import LANGUAGES, zoned_clock
from rashomon.model import PlaceMention, TimeMention

REACH = 30  # characters after a clock time searched for its zone ("13:00 hours (Moscow time)")
_CLOCK = re.compile(r"T(?P<h>\d\d):(?P<m>\d\d)")


@lru_cache(maxsize=1)
def _zones() -> tuple[dict[str, str | float], re.Pattern[str]]:
    zones = {row["word"].lower(): (row["zone"] or float(row["offset"])) for row in data_rows("lexicons/zones.csv")}
    abbreviations = "|".join(re.escape(w.upper()) for w, v in sorted(zones.items(), key=lambda i: -len(i[0]))
                             if not isinstance(v, str) and len(w) > 1)
    cities = "|".join(re.escape(w) for w, v in sorted(zones.items(), key=lambda i: -len(i[0])) if isinstance(v, str))
    pattern = re.compile(
        r"^[\s(]*(?:hours?\s*|hrs\s*)?\(?\s*(?:"
        r"(?:GMT|UTC)\s*(?P<off>[+−-]\s*\d{1,2}(?::?\d{2})?)?"
        rf"|(?-i:(?P<abbr>{abbreviations}))\b"
        rf"|(?P<city>{cities})\s+time)", re.I)
    return zones, pattern


def utc_clock(t: TimeMention, text: str, day: date | None, language: str | None = None,
              places: list[PlaceMention] | None = None) -> tuple[str | None, str] | None:
    """(UTC day or None, "HH:MM") of a clock time whose zone the words give; None when they give none.
    A document in another language (`language`) is read by that language's clock and zone words, "local
    time" through its `places`."""
    clock = _CLOCK.search(t.value)
    if t.type != "TIME" or clock is None:
        return None
    stated = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.value)
    on = date(int(stated[1]), int(stated[2]), int(stated[3])) if stated else day
    if language in LANGUAGES:
        found = zoned_clock(text, language, t.start, t.end, places or [])
        if found is None:
            return None
        hour, minute, zone = found
        local = datetime.combine(on or date(2000, 1, 1), datetime.min.time()).replace(hour=hour, minute=minute)
        utc = local - (zone.utcoffset(local) or timedelta(0))
        return (utc.date().isoformat() if stated else None), utc.strftime("%H:%M")
    zones, pattern = _zones()
    m = pattern.match(text[t.end - _zone_tail(t.text):t.end + REACH])
    if m is None:
        return None
    local = datetime.combine(on or date(2000, 1, 1), datetime.min.time()).replace(hour=int(clock["h"]) % 24,
                                                                                  minute=int(clock["m"]))
    if m["city"]:
        offset = ZoneInfo(str(zones[m["city"].lower()])).utcoffset(local) or timedelta(0)
    elif m["abbr"]:
        offset = timedelta(hours=float(zones[m["abbr"].lower()]))
    else:
        offset = _offset(m["off"])
    utc = local - offset
    return (utc.date().isoformat() if stated else None), utc.strftime("%H:%M")


def _zone_tail(surface: str) -> int:
    """How many characters at the end of the mention's own words are its zone ("9:45 pm Khartoum time")."""
    found = re.search(r"(?:\s*\(?\s*(?:GMT|UTC)[^)]*\)?|\s+[A-Z]{2,4}\)?|\s+\w+\s+time\)?)$", surface)
    return len(found.group(0)) if found else 0


def _offset(words: str | None) -> timedelta:
    if not words:
        return timedelta(0)
    sign = -1 if words.strip()[0] in "−-" else 1
    digits = re.sub(r"\D", "", words)
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return sign * timedelta(hours=hours, minutes=minutes)
