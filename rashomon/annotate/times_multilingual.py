"""When, beyond English: dates, weekdays, relative days and clock times in Russian, Ukrainian, Arabic,
Turkish, Azerbaijani and Armenian, normalised exactly as the English stage normalises them.

The words are data (rashomon/data/lexicons/times/<language>.yaml: CLDR month and weekday names with their
case forms, relative days, parts of day, the "Moscow time" / "local time" phrases of each language); the
grammar here is the small one news uses in every one of these languages (day month year, weekday, relative
day, clock with an optional zone). Values, anchoring to the publication date, which year a year-less date
falls in, which Tuesday a sentence means, "local time" through the places stage's zones and the UTC
arithmetic are the English stage's own functions (times.py), so "в 12:00 по московскому времени" and
"13:00 (GMT+4)" become the same instant by the same code. Arabic-Indic and Persian digits are read as
digits (one character each, so offsets hold).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from spacy.tokens import Doc

from rashomon.annotate import times
from rashomon.annotate.morphology import analyzer
from rashomon.data import load_yaml
from rashomon.model import Document, PlaceMention, TimeMention

LANGUAGES = ("ru", "uk", "ar", "tr", "az", "hy")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
TENSE_REACH = 60  # characters around an expression searched for the verb that says past or future
_OFFSET = r"(?:GMT|UTC|ГМТ|МСК|MSK)\s*(?P<sign>[+−-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d\d))?"


@dataclass(frozen=True)
class Lexicon:
    """One language's time words (see rashomon/data/lexicons/times/README.md)."""

    language: str
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    parts: dict[str, str]
    late: frozenset[str]
    night: frozenset[str]
    hour_words: dict[str, int]
    minute_words: dict[str, int]
    zones: dict[str, str | float]
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None
    hour_markers: frozenset[str]  # clock words that make a bare number an hour ("الساعة 7", "saat 13")
    ambiguous_weekdays: frozenset[str]  # weekday forms that are also common words ("среду": environment)
    weekday_cue: re.Pattern[str] | None  # what must stand before or after such a form
    clock_prepositions: re.Pattern[str] | None  # a clock word's leading preposition, left out of the extent
    units: dict[str, str]  # word → day | week | … (durations: "4 дня", "لمدة أسبوع")
    age_cue: re.Pattern[str] | None  # words before a number of years that make it an age
    clause_break: re.Pattern[str] | None  # a complementizer ("что", "أن"): a date before it dates another verb
    duals: dict[str, tuple[int, str]]  # Arabic duals: "يومين" = two days
    sets: dict[str, str]  # "ежедневно" → P1D
    references: dict[str, str]  # "сейчас" → PRESENT_REF; a P… value ("önümüzdeki günlerde" → PXD) is a DURATION
    seasons: dict[str, str]  # "baharında" → SP
    periods: dict[str, tuple[int, str]]  # "next week" → (1, "week"): the calendar period that many from the anchor's
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def key(word: str) -> str:
    """A lexicon key: case-folded, spaces collapsed, the dot of Turkish İ dropped ("TSİ" = "tsi")."""
    return " ".join(word.casefold().replace("\u0307", "").split())


def _alt(words: Any) -> str:
    """An alternation of phrases, longest first, any run of spaces matching any whitespace."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) if " " in w else
                    (w if "\\" in w else re.escape(w)) for w in items)


@cache
def lexicon(language: str) -> Lexicon | None:
    """The language's lexicon and patterns, or None for a language without one."""
    if language not in LANGUAGES:
        return None
    raw = load_yaml(resources.files("rashomon.data").joinpath(f"lexicons/times/{language}.yaml")
                         .read_text(encoding="utf-8"))
    months = {key(w): int(n) for n, ws in raw["months"].items() for w in ws}
    weekdays = {key(w): int(n) for n, ws in raw["weekdays"].items() for w in ws}
    relative = {key(w): int(n) for w, n in raw["relative_days"].items()}
    parts = {key(w): code for w, code in raw["parts_of_day"].items()}
    zones = {key(w): z for w, z in raw["zones"].items()}
    hour_words = {w: int(n) for w, n in (raw.get("hour_words") or {}).items()}
    minute_words = {w: int(n) for w, n in (raw.get("minute_words") or {}).items()}
    start = r"(?<!\w)"
    if raw.get("prefixes"):  # Arabic writes و ف ب ل ك onto the next word: "والجمعة", "بتوقيت"
        start = rf"(?:(?<!\w)|(?<=(?<!\w)[{''.join(raw['prefixes'])}]))"
    end = r"(?!\w)"
    # patterns list both the written words and their keys: casefolding changes some letters ("և" → "եւ")
    month = _alt([*months, *(w for ws in raw["months"].values() for w in ws)])
    weekday = _alt([*weekdays, *(w for ws in raw["weekdays"].values() for w in ws)])
    rel, part = _alt([*relative, *raw["relative_days"]]), _alt([*parts, *raw["parts_of_day"]])
    # case suffixes written onto a month or a relative day ("10 Mart'ta", "6 Haziran'dan", "yarından", "sabahdan")
    month_suffix = rf"(?:{'|'.join(raw['month_suffixes'])})?" if raw.get("month_suffixes") else ""
    rel_suffix = rf"(?:{'|'.join(raw['relative_suffixes'])})?" if raw.get("relative_suffixes") else ""
    zone_words = _alt([*zones, *raw["zones"]])
    year_words = _alt(raw.get("year_words") or ["\\b\\B"])
    seasons = _alt(raw.get("seasons") or ["(?!x)x"])
    season_codes = {key(w): code for w, code in (raw.get("seasons") or {}).items()}
    year = rf"(?P<year>(?:19|20)\d\d)(?:\s*(?:{year_words}))?"
    suffix = "|".join(raw.get("clock_suffixes") or [])
    clock_suffix = rf"(?:{suffix})?" if suffix else ""
    day_suffix = "|".join(raw.get("day_suffixes") or [r"-?(?:го|е|ого|ci|cü|cı|cu|da|də)"])
    zone_after = (rf"(?:\s*\(?\s*(?:(?P<zone>{zone_words})|(?P<off>{_OFFSET})|(?P<utc>GMT|UTC))(?:\s*\))?{end})")
    clock_words = _alt(raw.get("clock_words") or [])
    hours = _alt(raw.get("clock_hours") or ["\\b\\B"])
    zone_ahead = rf"(?=\s*\(?\s*(?:{zone_words}|GMT|UTC)(?!\w))"  # "05,00 ت غ": a comma only before a zone
    digits = (rf"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d)|,(?P<mc>[0-5]\d){zone_ahead}"
              rf"|\s+(?P<hours>{hours}){end}(?:\s+(?P<mh>[0-5]?\d)\s+минут\w*)?)?")
    hour_word = (rf"(?P<hw>{_alt(hour_words)})(?:\s+(?P<mw>{_alt(minute_words)}))?" if hour_words
                 else r"(?P<hw>(?!x)x)(?P<mw>(?!x)x)?")
    clock = (rf"{start}(?:(?P<zone0>{zone_words})\s+)?(?:(?P<cw>{clock_words})\s+(?:الـ\s*|الــ\s*)?)?"
             rf"(?:{digits}|{hour_word}){clock_suffix}(?!\d)(?:\s+(?:من\s+)?(?P<part>{part}){end}"
             # "السابعة صباح الجمعة", "الساعة 4 من عصر غد الجمعة": the day the clock's part of day belongs to
             rf"(?:\s+(?:يوم\s+)?(?P<crel>{rel}){end})?(?:\s*\(?\s*(?:يوم\s+)?(?P<cwd>{weekday}){end}\)?)?)?"
             rf"{zone_after}?")
    mdy = (rf"{start}(?:{year}\s+)?(?P<month>{month})\s+(?P<day>[0-3]?\d)(?:{day_suffix})?{end}"
           if raw.get("month_day_order") else r"(?!x)x")
    patterns = [
        ("clock", re.compile(clock, re.I)),
        ("numeric", re.compile(r"(?<![\w.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)"
                               r"(?![\w.]\w)")),
        ("iso", re.compile(r"(?<!\w)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
        ("date", re.compile(rf"{start}(?:(?P<day1>[0-3]?\d)\s*[-–—]\s*)?(?P<day>[0-3]?\d)(?:{day_suffix})?\s+"
                            rf"(?P<month>{month}){month_suffix}{end}(?:\s*\((?:{month})\))?(?:,?\s+{year}{month_suffix})?",
                            re.I)),
        ("mdy", re.compile(mdy, re.I)),
        ("my", re.compile(rf"{start}(?P<month>{month})\s+{year}", re.I)),
        # "2016 թվականի ապրիլին": the year, its word, then the month
        ("ym", re.compile(rf"{start}(?P<year>(?:19|20)\d\d)\s*(?:{year_words})\s+(?P<month>{month}){month_suffix}{end}",
                          re.I)),
        # "2022 baharında", "весной 2022 года": a season with its year
        ("ys", re.compile(rf"{start}{year}\s+(?P<season>{seasons}){end}", re.I)),
        ("sy", re.compile(rf"{start}(?P<season>{seasons})\s+{year}", re.I)),
        # "2018 yılında", "2020 թվականին": a year with its word is a year, not a count
        ("year", re.compile(rf"{start}(?P<year>(?:19|20)\d\d)\s*(?:{year_words}){end}", re.I)),
        ("relday", re.compile(rf"{start}(?:(?P<part0>{part})\s+)?(?:يوم\s+)?(?P<rel>{rel}){rel_suffix}{end}"
                              rf"(?:\s*\(?\s*(?:يوم\s+)?(?P<wd>{weekday})(?:\s*\))?)?(?:\s+(?P<part>{part}){end})?"
                              + (raw.get("relative_guard") or ""), re.I)),
        ("weekday", re.compile(rf"{start}(?:(?P<part0>{part})\s+)?(?:يوم\s+)?(?P<wd>{weekday}){end}"
                               rf"(?:\s+(?P<part>{part}){end})?", re.I)),
    ]
    if raw.get("lone_parts"):  # "akşam saatlerinde", "կեսօրին": a part of the day the context dates
        patterns.append(("part", re.compile(rf"{start}(?P<part>{_alt(raw['lone_parts'])}){end}", re.I)))
    periods = {key(w): (int(n), unit) for w, (n, unit) in (raw.get("relative_periods") or {}).items()}
    if periods:
        patterns.append(("period", re.compile(rf"{start}(?P<period>{_alt([*periods, *raw['relative_periods']])}){end}",
                                              re.I)))
    units = {key(w): unit for unit, ws in (raw.get("units") or {}).items() for w in ws}
    duals = {key(w): (int(n), unit) for w, (n, unit) in (raw.get("duals") or {}).items()}
    sets = {key(w): v for w, v in (raw.get("sets") or {}).items()}
    references = {key(w): v for w, v in (raw.get("references") or {}).items()}
    if units:
        from rashomon.annotate.quantities_multilingual import number_words

        number = rf"(?:\d+|{_alt(number_words(language))})"
        unit = _alt([*units, *(w for ws in raw["units"].values() for w in ws)])
        dual = _alt([*duals, *(raw.get("duals") or {})]) if duals else r"(?!x)x"
        ago = raw.get("ago") or {}
        ago_before = rf"(?:(?P<agob>{_alt(ago['before'])})\s+)?" if ago.get("before") else r"(?P<agob>(?!x)x)?"
        ago_after = rf"(?:\s+(?P<ago>{_alt(ago['after'])}){end})?" if ago.get("after") else r"(?P<ago>(?!x)x)?"
        cues = _alt(raw.get("unit_cues") or [r"(?!x)x"])
        # "yaklaşık 4 saat", "մոտ երկու ժամ": an approximate duration keeps its qualifier in the extent
        approx = rf"(?:(?:{_alt(raw['duration_qualifiers'])})\s+)?" if raw.get("duration_qualifiers") else ""
        patterns.append(("duration", re.compile(
            rf"{start}{ago_before}(?:{approx}(?P<num>{number})\s*[-‐]?\s*(?P<unit>{unit})|(?P<dual>{dual})){end}{ago_after}"
            rf"|(?<!\w)(?:{cues})\s+(?P<unit1>{unit}){end}", re.I)))
    if sets:
        patterns.append(("set", re.compile(rf"{start}(?P<set>{_alt([*sets, *raw['sets']])}){end}", re.I)))
    if references:
        patterns.append(("ref", re.compile(rf"{start}(?P<ref>{_alt([*references, *raw['references']])}){end}", re.I)))
    if raw.get("month_cues"):
        patterns.append(("month", re.compile(rf"(?<!\w)(?:{_alt(raw['month_cues'])})\s+(?P<month>{month}){end}",
                                             re.I)))
    return Lexicon(
        language=language, months=months, weekdays=weekdays, relative=relative, parts=parts,
        late=frozenset(key(w) for w in raw.get("late_parts") or []),
        night=frozenset(key(w) for w in raw.get("night_parts") or []),
        hour_words=hour_words, minute_words=minute_words, zones=zones,
        future=re.compile(raw["future"], re.I) if raw.get("future") else None,
        past=re.compile(raw["past"], re.I) if raw.get("past") else None,
        hour_markers=frozenset(key(w) for w in raw.get("hour_markers") or []),
        ambiguous_weekdays=frozenset(key(w) for w in raw.get("ambiguous_weekdays") or []),
        weekday_cue=re.compile(raw["weekday_cue"], re.I) if raw.get("weekday_cue") else None,
        units=units, duals=duals, sets=sets, references=references, periods=periods, seasons=season_codes,
        age_cue=re.compile(raw["age_cue"] + r"\s*$", re.I) if raw.get("age_cue") else None,
        clause_break=re.compile(rf"(?<!\w)(?:{_alt(raw['clause_breaks'])})(?!\w)", re.I)
        if raw.get("clause_breaks") else None,
        clock_prepositions=re.compile(rf"^(?:{_alt(raw['clock_prepositions'])})(?:\s+|$)", re.I)
        if raw.get("clock_prepositions") else None,
        patterns=tuple(patterns),
    )


_Found = times._Found  # one match, the English stage's own record, so its helpers (nearest day) read it


def find_times_multilingual(
    document: Document,
    language: str,
    sentences: list[tuple[int, int]],
    places: list[PlaceMention],
    parsed: Doc | None = None,
) -> list[TimeMention]:
    """Every time expression of a document in `language`, normalised as the English stage does; the
    language-neutral forms the English rules read (ISO dates, "GMT" clocks, English quotations) are kept
    where no expression of the language covers them."""
    lex = lexicon(language)
    own = _find(document, lex, sentences, places, parsed) if lex else []
    english = times.find_times(document, sentences, places, None)
    kept = own + [t for t in english if not any(o.start < t.end and t.start < o.end for o in own)]
    return sorted(kept, key=lambda t: t.start)


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # Arabic vowel signs, shadda, tatweel


def unmarked(text: str) -> tuple[str, list[int] | None]:
    """The text without Arabic vowel marks ("قُتلوا" → "قتلوا", "صباحاً" → "صباحا"), so the lexicons' plain
    spellings match; and where each of its characters stands in the original (one more entry: the end).
    A span [s, e) of the plain text is [index[s], index[e]) of the original, marks at its end included."""
    if not _MARKS.search(text):
        return text, None
    keep = [i for i, ch in enumerate(text) if not _MARKS.match(ch)]
    return "".join(text[i] for i in keep), [*keep, len(text)]


def _matches(text: str, lex: Lexicon) -> list[_Found]:
    """Non-overlapping matches, longest first (a clock with its zone before a bare weekday); offsets are the
    original text's even where the patterns read it without its vowel marks."""
    read, index = unmarked(text) if lex.language == "ar" else (text, None)
    found: list[_Found] = []
    for kind, pattern in lex.patterns:
        for m in _search_all(pattern, read, kind, lex):
            start = _start(kind, m, lex)  # a bare month's cue is not part of it
            end = m.end() - 1 if m.group(0).count(")") > m.group(0).count("(") else m.end()
            if index is not None:
                start, end = index[start], index[end]
                while end > start and text[end - 1].isspace():
                    end -= 1
            found.append(_Found(start, end, kind, m))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: -(f.end - f.start)):
        if not any(k.start < f.end and f.start < k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _search_all(pattern: re.Pattern[str], text: str, kind: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """Like finditer, but a match the rules reject gives way to one starting a character later: in "noyabrin
    10-da" + "Baku time" + "saat 01:00-da" the clock is not at "10", it starts at the zone's words."""
    at = 0
    while (m := pattern.search(text, at)) is not None:
        if m.end() > m.start() and _is_real(kind, m, lex):
            yield m
            at = m.end()
        else:
            at = m.start() + 1


def _start(kind: str, m: re.Match[str], lex: Lexicon) -> int:
    """Where the expression begins: a bare month's cue and a clock's preposition ("в 12:00", "عند الساعة 9")
    are not part of it, as TimeML leaves "at" out of "at 13:00"."""
    if kind == "month":
        return m.start("month")
    if kind == "duration" and m["unit1"]:
        return m.start("unit1")
    if kind == "clock" and m["cw"] and not m["zone0"]:
        preposition = lex.clock_prepositions.search(m["cw"]) if lex.clock_prepositions else None
        if preposition is not None:
            at = m.start("cw") + preposition.end()
            return at + len(m.string[at:]) - len(m.string[at:].lstrip())
    return m.start()


def zoned_clock(text: str, language: str, start: int, end: int,
                places: list[PlaceMention]) -> tuple[int, int, timezone | ZoneInfo] | None:
    """Hour, minute and zone of the clock expression at [start, end) when its words name a zone, even if no
    day is known: an undated report's "الساعة 7 صباحا بالتوقيت المحلي" still has a UTC clock time, which is
    how the compare stage sees it is another report's instant (as clock.py does for "1945 GMT"). A clock
    without a zone takes the report's own clock: the first named one it states ("local time", "Moscow
    time"; a GMT gloss is not the report's clock)."""
    lex = lexicon(language)
    if lex is None:
        return None
    clocks = _clock_matches(text, language)
    for f in clocks:
        if f.start < end and start < f.end:
            sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?؟\n]+", text)]
            tz = _zone(f.m, lex, f.start, sentences, places)
            if tz is None:  # "الساعة 4 من عصر الجمعة" after "الساعة 7 صباحا بالتوقيت المحلي": the report's clock
                named = next((c for c in clocks if isinstance(lex.zones.get(key(c.m["zone"] or c.m["zone0"] or "")),
                                                                 str)), None)
                tz = _zone(named.m, lex, f.start, sentences, places) if named else None
            return (*_clock(f.m, lex), tz) if tz is not None else None
    return None


@lru_cache(maxsize=64)
def _clock_matches(text: str, language: str) -> tuple[_Found, ...]:
    lex = lexicon(language)
    return tuple(f for f in _matches(text.translate(DIGITS), lex) if f.kind == "clock") if lex else ()


def _is_real(kind: str, m: re.Match[str], lex: Lexicon) -> bool:
    """A clock needs minutes, an hour word ("13 часов"), an hour marker ("الساعة 7", "saat 13") or a part of
    the day ("в 8 вечера"): a bare "7" is a number, even before a zone (an Azerbaijani day "10-da"). A
    weekday form that is also a common word ("среду" is also "environment", "bazar" also "market") needs its
    cue ("в среду", "bazar günü")."""
    if kind == "weekday":
        wd = key(m["wd"])
        if wd in lex.ambiguous_weekdays and not m["part"] and not m["part0"]:
            text = m.string
            around = text[max(0, m.start() - 12):m.start()] + "|" + text[m.end():m.end() + 12]
            return bool(lex.weekday_cue and lex.weekday_cue.search(around))
        return True
    if kind != "clock":
        return True
    marker = key(m["cw"] or "") in lex.hour_markers
    if m["hw"] is not None:
        return bool(marker or m["part"])
    if m["hours"] or (m["part"] and key(m["part"]) in lex.units):  # "6 часов", "4 дня" are durations
        return bool(m["cw"] or m["m"] or m["mh"] or m["zone"] or m["zone0"])  # "в 13 часов", "в 3 часа дня"
    return bool(m["m"] or m["mc"] or marker or m["part"])  # a zone alone does not make "10-da" an hour


def _find(
    document: Document, lex: Lexicon, sentences: list[tuple[int, int]], places: list[PlaceMention],
    parsed: Doc | None,
) -> list[TimeMention]:
    text = document.text.translate(DIGITS)
    found = _matches(text, lex)
    dct = document.published_time
    dateline = _dateline_date(found, lex, dct.date() if dct else None)
    dateline = None if dct and dateline == dct.date() else dateline
    anchor = dateline or (dct.date() if dct else _first_full_date(found, lex))
    relative_anchor = "dct" if dct and not dateline else ("context" if anchor else "unresolved")
    first = found[0] if dateline else None  # the dateline's own date counts from the publication date
    out: list[TimeMention] = []
    dates: list[tuple[int, int, date, str]] = []
    for f in found:
        if f.kind in {"clock", "part"}:
            continue
        tense = _tense(text, f, lex, sentences, parsed) if f.kind in {"weekday", "date", "month"} else None
        value, explicit, type_ = _date_value(f, lex, dct.date() if f is first and dct else anchor, tense)
        how = "explicit" if explicit else ("dct" if f is first and dct else relative_anchor)
        if type_ == "DURATION" and lex.age_cue and lex.age_cue.search(text, max(0, f.start - 24), f.start):
            continue  # an age ("أعمارهم عن 18 عاماً", "в возрасте 18 лет") is not a duration of anything
        if "X" in value or value.endswith("_REF"):
            how = "unresolved" if not explicit else how
        mention = TimeMention(doc=document.id, start=f.start, end=f.end, text=document.text[f.start:f.end],
                              type=type_, value=value, anchor=how)
        out.append(mention)
        day = times._day_of(value)
        if day is not None and len(value) >= 10 and "/" not in value and f.kind in DAY_KINDS:
            dates.append((f.start, f.end, day, how))
    for f in found:
        if f.kind == "part":  # a bare part of day belongs to the nearest day of its sentence, else the anchor's
            near = _clock_day(f, dates, sentences, text, lex)
            day, how = near if near else (anchor, relative_anchor)
            value = f"{day.isoformat() if day else 'XXXX-XX-XX'}{_part(f.m, lex)}"
            out.append(TimeMention(doc=document.id, start=f.start, end=f.end, text=document.text[f.start:f.end],
                                   type="TIME", value=value, anchor=how if day else "unresolved"))
            continue
        if f.kind != "clock":
            continue
        own = _own_day(f, lex, anchor, text, sentences, parsed)
        near = own or _clock_day(f, dates, sentences, text, lex)
        day, how = near if near else (anchor, relative_anchor)
        hour, minute = _clock(f.m, lex)
        tz = _zone(f.m, lex, f.start, sentences, places)
        unknown = f"XXXX-WXX-{lex.weekdays[key(f.m['cwd'])] + 1}" if f.m["cwd"] else _weekday_near(
            f, [t for t in out if _WEEK_DAY.fullmatch(t.value[:10])], sentences, text, lex)
        value = f"{day.isoformat() if day else unknown}T{hour:02d}:{minute:02d}"
        out.append(TimeMention(doc=document.id, start=f.start, end=f.end, text=document.text[f.start:f.end],
                               type="TIME", value=value, utc=times.utc_instant(day, hour, minute, tz),
                               anchor=how if day else "unresolved"))
    out.sort(key=lambda t: t.start)
    out = _weekday_with_date(document.text, out, {f.start: f.kind for f in found})
    times._share_glossed_instants(text, out)
    _share_glossed_days(text, out)
    for mention in out:
        mention.granularity = times.granularity(mention.value)
    return out


DAY_KINDS = {"numeric", "iso", "date", "mdy", "relday", "weekday"}  # what can give a clock time its day
DATELINE_REACH = 80  # characters: a date this early in the text, before any full stop, is the dateline's


def _dateline_date(found: list[_Found], lex: Lexicon, dct: date | None) -> date | None:
    """'موسكو 10 نوفمبر 2020 (شينخوا)', 'ТБИЛИСИ, 10 ноя - Sputnik': the day a wire dateline gives is the day
    the report's "today" and "yesterday" count from, even when the page was published a day later."""
    for f in found:
        if f.start > DATELINE_REACH or "." in f.m.string[:f.start].rstrip(". "):
            return None
        if f.kind in {"date", "mdy", "numeric", "iso"}:
            value = _date_value(f, lex, dct, None)[0]
            day = times._day_of(value)
            return day if day is not None and (dct is None or abs((dct - day).days) <= 3) else None
    return None


def _date_value(f: _Found, lex: Lexicon, anchor: date | None, tense: str | None) -> tuple[str, bool, str]:
    """The TIMEX3 value of a date-like match, whether the text gave it whole (explicit), and its type."""
    m = f.m
    if f.kind == "duration":
        return _duration(m, lex, anchor)
    if f.kind == "set":
        return lex.sets[key(m["set"])], True, "SET"
    if f.kind == "ref":
        value = lex.references[key(m["ref"])]
        return value, False, "DURATION" if value.startswith("P") else "DATE"
    if f.kind == "period":
        return _period(lex.periods[key(m["period"])], anchor), False, "DATE"
    value, explicit = _day_value(f, lex, anchor, tense)
    return value, explicit, "TIME" if PART_OF_DAY.search(value) else "DATE"


PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI)$")  # a part of day makes a date a TIME, as in TimeML


def _period(period: tuple[int, str], anchor: date | None) -> str:
    """"önümüzdeki hafta" = the ISO week after the anchor's; "geçen ay" = the month before; "geçen yıl" = the year
    before (as the English stage reads "next week", "last month")."""
    n, unit = period
    if anchor is None:
        return "FUTURE_REF" if n > 0 else "PAST_REF" if n < 0 else "PRESENT_REF"
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=n)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + n
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{anchor.year + n:04d}"


def _duration(m: re.Match[str], lex: Lexicon, anchor: date | None) -> tuple[str, bool, str]:
    """"4 дня" → P4D, "يومين" → P2D, "لمدة أسبوع" → P1W; "два дня назад", "قبل يومين" → the day it names."""
    from rashomon.annotate.quantities_multilingual import number_words

    if m["dual"]:
        n, unit = lex.duals[key(m["dual"])]
    elif m["unit1"]:
        n, unit = 1, lex.units[key(m["unit1"])]
    else:
        n = int(m["num"]) if m["num"].isdigit() else number_words(lex.language).get(key(m["num"]))
        unit = lex.units[key(m["unit"])]
    if m["ago"] or m["agob"]:
        return times._shift(anchor, n or 1, unit, -1), False, "DATE"
    return times._duration(n, unit), True, "DURATION"


def _day_value(f: _Found, lex: Lexicon, anchor: date | None, tense: str | None) -> tuple[str, bool]:
    m = f.m
    if f.kind in {"numeric", "iso"}:
        return times._iso(int(m["year"]), int(m["month"]), int(m["day"])) or "XXXX-XX-XX", True
    if f.kind in {"date", "mdy"}:
        month = lex.months[key(m["month"])]
        year = int(m["year"]) if m["year"] else times._year_of_day(anchor, month, int(m["day"]), tense)
        value = times._iso(year, month, int(m["day"])) or "XXXX-XX-XX"
        if f.kind == "date" and m["day1"]:
            first = times._iso(year, month, int(m["day1"]))
            value = f"{first}/{value}" if first else value
        return value, bool(m["year"])
    if f.kind in {"my", "ym"}:
        return f"{int(m['year']):04d}-{lex.months[key(m['month'])]:02d}", True
    if f.kind == "year":
        return f"{int(m['year']):04d}", True
    if f.kind in {"ys", "sy"}:
        return f"{int(m['year']):04d}-{lex.seasons[key(m['season'])]}", True
    if f.kind == "month":
        month = lex.months[key(m["month"])]
        year = times._year_of_month(anchor, month, tense)
        return (f"{year:04d}-{month:02d}" if year else f"XXXX-{month:02d}"), False
    part = _part(m, lex)
    if f.kind == "relday":
        offset = lex.relative[key(m["rel"])]
        if anchor is None and m["wd"]:  # "مساء أمس الخميس" with no date to count from: still a Thursday
            return f"XXXX-WXX-{lex.weekdays[key(m['wd'])] + 1}{part}", False
        if anchor is None:
            return ("PRESENT_REF" if offset == 0 else "PAST_REF" if offset < 0 else "FUTURE_REF"), False
        day = anchor + timedelta(days=offset)
        if m["wd"]:  # "اليوم (الثلاثاء)": the weekday named settles the day when the anchor is a day off
            day += timedelta(days=(lex.weekdays[key(m["wd"])] - day.weekday() + 3) % 7 - 3)
        return day.isoformat() + part, False
    weekday = lex.weekdays[key(m["wd"])]
    value = times._weekday(anchor, weekday, "", future=tense == "future", nearest=tense is None)
    return value + (part if value[0].isdigit() else ""), False


def _part(m: re.Match[str], lex: Lexicon) -> str:
    word = m["part"] or m["part0"]
    code = lex.parts.get(key(word)) if word else None
    return f"T{code}" if code else ""


def _first_full_date(found: list[_Found], lex: Lexicon) -> date | None:
    """Without a publication date, relative words lean on the first full date of the text (as in English)."""
    for f in found:
        if f.kind in {"date", "mdy", "numeric", "iso"} and f.m["year"]:
            month = int(f.m["month"]) if f.m["month"].isdigit() else lex.months[key(f.m["month"])]
            try:
                return date(int(f.m["year"]), month, int(f.m["day"]))
            except ValueError:
                continue
    return None


FULL_DATES = {"date", "mdy", "numeric", "iso"}


def _weekday_with_date(text: str, mentions: list[TimeMention], kinds: dict[int, str]) -> list[TimeMention]:
    """"в четверг, 20 ноября", "يوم الخميس 21 نوفمبر", "դեկտեմբերի 12-ին, երկուշաբթի": a weekday and the date
    beside it are one expression, and the date says which day (as English "Saturday, April 25"); so are
    "yesterday, 11 April" ("Երեկ՝ ապրիլի 11-ին") and "yesterday, Friday" ("Երեկ՝ ուրբաթ"), the relative day
    glossed by the day it is."""
    out: list[TimeMention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        pair = (kinds.get(previous.start), kinds.get(mention.start)) if previous is not None else (None, None)
        joined = previous is not None and re.fullmatch(r"[\s,،՝]{1,3}", text[previous.end:mention.start]) and (
            (pair[0] in {"weekday", "relday"} and pair[1] in FULL_DATES)
            or (pair[0] in FULL_DATES and pair[1] == "weekday")
            or (pair[0] == "relday" and pair[1] == "weekday" and "՝" in text[previous.end:mention.start]))
        if joined:
            dated, other = (mention, previous) if pair[1] in FULL_DATES else (previous, mention)
            part = PART_OF_DAY.search(other.value)  # "21 Eylül Çarşamba günü gece saatlerinde": the night of the 21st
            value = dated.value + part.group(0) if part and not PART_OF_DAY.search(dated.value) else dated.value
            out[-1] = TimeMention(doc=mention.doc, start=previous.start, end=mention.end,
                                  text=text[previous.start:mention.end], type="TIME" if part else dated.type,
                                  value=value, anchor=dated.anchor)
            kinds[previous.start] = pair[1] if pair[1] in FULL_DATES else pair[0]
        else:
            out.append(mention)
    return out


_WEEK_DAY = re.compile(r"XXXX-WXX-\d")


def _weekday_near(f: _Found, weekdays: list[TimeMention], sentences: list[tuple[int, int]], text: str,
                  lex: Lexicon) -> str:
    """With no date to count from, a clock still belongs to the weekday its clause names ("في تمام الرابعة
    مساء … من يوم الجمعة" is a Friday's 16:00): XXXX-WXX-5."""
    dates = [(t.start, t.end, date(2000, 1, 3 + int(t.value[9]) - 1), "unresolved") for t in weekdays]
    near = _clock_day(f, dates, sentences, text, lex)
    return f"XXXX-WXX-{near[0].isoweekday()}" if near else "XXXX-XX-XX"


def _share_glossed_days(text: str, mentions: list[TimeMention]) -> None:
    """"السابعة صباح الجمعة (05,00 ت غ)": a clock glossed in another clock is on the same day when the text
    gives it no day of its own (and the gloss does not cross midnight: its hour is not later)."""
    clocks = [m for m in mentions if m.type == "TIME"]
    for a, b in itertools.pairwise(clocks):
        if len(text[a.end:b.start]) > 3 or "(" not in text[a.end:b.start]:
            continue
        for known, bare in ((a, b), (b, a)):
            if bare.value.startswith("XXXX-XX-XXT") and not known.value.startswith("XXXX-XX-XX") \
                    and "T" in known.value and bare.value[-5:] <= known.value[-5:]:
                bare.value = known.value.split("T")[0] + bare.value[10:]


def _own_day(f: _Found, lex: Lexicon, anchor: date | None, text: str, sentences: list[tuple[int, int]],
             parsed: Doc | None) -> tuple[date, str] | None:
    """The day written with the clock itself ("السابعة صباح الجمعة" = Friday 07:00), read as a date would be."""
    m = f.m
    if not (m["crel"] or m["cwd"]) or anchor is None:
        return None
    if m["crel"]:
        day = anchor + timedelta(days=lex.relative[key(m["crel"])])
        if m["cwd"]:
            day += timedelta(days=(lex.weekdays[key(m["cwd"])] - day.weekday() + 3) % 7 - 3)
        return day, "context"
    tense = _tense(text, f, lex, sentences, parsed)
    value = times._weekday(anchor, lex.weekdays[key(m["cwd"])], "", future=tense == "future", nearest=tense is None)
    return times._day_of(value), "context"


def _clock_day(f: _Found, dates: list[tuple[int, int, date, str]], sentences: list[tuple[int, int]], text: str,
               lex: Lexicon) -> tuple[date, str] | None:
    """The day of the date nearest the clock in its sentence and clause: "Накануне сообщалось, что подписание
    запланировано на 16:30" dates the report, not the signing, so a complementizer between them separates."""
    sentence = next(((s, e) for s, e in sentences if s <= f.start < e), (f.start - 200, f.end + 200))
    near = []
    for start, end, day, how in dates:
        if not sentence[0] <= start < sentence[1]:
            continue
        between = text[min(end, f.end):max(start, f.start)]
        if lex.clause_break and lex.clause_break.search(between):
            continue
        near.append((min(abs(start - f.end), abs(f.start - end)), day, how))
    return min(near)[1:] if near else None


def _clock(m: re.Match[str], lex: Lexicon) -> tuple[int, int]:
    """Hour and minute; a part of the day after noon moves a 12-hour clock ("в 8 вечера", "الرابعة مساء")."""
    if m["hw"] is not None:
        hour = lex.hour_words[" ".join(m["hw"].split())]
        shift = lex.minute_words.get(" ".join(m["mw"].split()), 0) if m["mw"] else 0
        total = hour * 60 + shift
        hour, minute = divmod(total % (24 * 60), 60)
    else:
        hour = int(m["h"])
        minute = int(m["m"] or m["mc"] or m["mh"] or 0)
    word = key(m["part"] or "")
    if word and hour < 12 and (word in lex.late or (word in lex.night and hour >= 6)):
        hour += 12
    return hour, minute


def _zone(m: re.Match[str], lex: Lexicon, start: int, sentences: list[tuple[int, int]],
          places: list[PlaceMention]) -> timezone | ZoneInfo | None:
    """The clock's zone: a named clock ("по московскому времени"), "local time" through the places stage's
    zones (times.py's rule), a numeric offset, or UTC/GMT."""
    if m["off"]:
        sign = -1 if m["sign"] in "−-" else 1
        return timezone(sign * timedelta(hours=int(m["oh"]), minutes=int(m["om"] or 0)))
    if m["utc"]:
        return UTC
    phrase = m["zone"] or m["zone0"]
    if not phrase:
        return None
    zone = lex.zones.get(key(phrase))
    if zone == "local":
        return times._local_zone(start, sentences, places)
    if isinstance(zone, str):
        return ZoneInfo(zone)
    if zone is not None:
        return timezone(timedelta(hours=float(zone)))
    return None


def _tense(text: str, f: _Found, lex: Lexicon, sentences: list[tuple[int, int]], parsed: Doc | None) -> str | None:
    """Past or future for which weekday / which 21 November: the verb nearest the expression in its sentence,
    from the parse's morphology (Russian through natasha), else from a dictionary's (pymorphy3 for Russian and
    Ukrainian), else from the lexicon's tense markers; None (the nearest such day) when nothing says."""
    sentence = next(((s, e) for s, e in sentences if s <= f.start < e), (0, len(text)))
    lo, hi = max(sentence[0], f.start - TENSE_REACH), min(sentence[1], f.end + TENSE_REACH)
    if parsed is not None:
        tense = _parsed_tense(parsed, f.start, lo, hi)
        if tense:
            return tense
    if lex.language in {"ru", "uk"}:
        return _dictionary_tense(text, f, lex.language, lo, hi)
    marks = []
    for tense, pattern in (("future", lex.future), ("past", lex.past)):
        if pattern is not None:
            marks += [(min(abs(m.start() - f.end), abs(f.start - m.end())), tense)
                      for m in pattern.finditer(text, lo, hi) if not (f.start <= m.start() < f.end)]
    return min(marks)[1] if marks else None


def _parsed_tense(parsed: Doc, at: int, lo: int, hi: int) -> str | None:
    best: tuple[int, str] | None = None
    for token in parsed:
        if token.idx < lo or token.idx >= hi or token.pos_ not in {"VERB", "AUX"}:
            continue
        tense = token.morph.get("Tense")
        if tense:
            reading = {"Past": "past", "Fut": "future"}.get(tense[0])
            if reading and (best is None or abs(token.idx - at) < best[0]):
                best = (abs(token.idx - at), reading)
    return best[1] if best else None


def _dictionary_tense(text: str, f: _Found, language: str, lo: int, hi: int) -> str | None:
    morph = analyzer(language)
    best: tuple[int, str] | None = None
    for word in _WORD.finditer(text, lo, hi):
        if f.start <= word.start() < f.end:
            continue
        tag = morph.parse(word.group(0))[0].tag
        if tag.POS not in {"VERB", "PRTS"}:
            continue
        reading = "past" if "past" in tag else "future" if "futr" in tag else None
        distance = min(abs(word.start() - f.end), abs(f.start - word.end()))
        if reading and (best is None or distance < best[0]):
            best = (distance, reading)
    return best[1] if best else None


_WORD = re.compile(r"[^\W\d_]+")


