"""Where, beyond English: place names in inflected and cliticised languages matched to the gazetteer.

GeoNames' alternate names (and our CLDR country names, data/places/country_names.csv) hold the dictionary
form of a name: "Степанакерт", "غزة", "İstanbul", "Ստեփանակերտ". News writes it inflected or with clitics:
"в Степанакерте", "из Одессы", "بغزة", "والقاهرة", "İstanbul'da", "Şuşada", "Ստեփանակերտում". Each word
(and runs of two or three) is turned into its possible dictionary forms — pymorphy3's nominative for
Russian and Ukrainian, clitics and the article peeled for Arabic, the case suffix cut after an apostrophe
or from a closed list for Turkish, Azerbaijani and Armenian — and looked up. Resolution among the readings
is the English stage's (places.py: prior, the document's countries, nearness).

Precision: with no capital letters (Arabic) or at a sentence start, only sizeable places and areas count;
a small place needs a capitalised name after a locative preposition ("в Гадруте").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise, product

from spacy.tokens import Doc

from rashomon.annotate import places
from rashomon.annotate.gazetteer import Gazetteer, Place, data_rows, default_gazetteer
from rashomon.annotate.morphology import analyzer, arabic_proclitics
from rashomon.annotate.times_multilingual import lexicon
from rashomon.model import Document, PlaceMention

LANGUAGES = ("ru", "uk", "ar", "tr", "az", "hy")
MAX_WORDS = 3
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640"  # Arabic vowel signs, shadda, tatweel: inside a word
_LETTERS = rf"(?:[^\W\d_]|[{_MARKS}])+"
_WORD = re.compile(rf"{_LETTERS}(?:[-‐]{_LETTERS})*(?:['’]{_LETTERS})?")
_STRIP_MARKS = str.maketrans("", "", "".join(chr(c) for c in [*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670,
                                                                0x640]))
_LATIN = re.compile(r"[A-Za-z]")
NON_LATIN = {"ru", "uk", "ar", "hy"}
MIN_POPULATION_UNCASED = 100_000  # a single Arabic word (no capitals to go by) must name a city this big
# prepositions after which a capitalised name is a place even when the place is small
LOCATIVES = {
    "ru": {"в", "во", "из", "изо", "под", "на", "к", "ко", "у", "около", "возле", "близ", "через", "до", "над"},
    "uk": {"в", "у", "з", "із", "зі", "до", "біля", "на", "під", "через", "над", "поблизу"},
    "ar": {"مدينة", "بلدة", "قرية", "مخيم", "بلدات", "قرى"},  # no capitals: only "the town of", not "in"
}
# case endings of Turkish, Azerbaijani and Armenian names written without an apostrophe, longest first
SUFFIXES = {
    "tr": ("daki", "deki", "taki", "teki", "dan", "den", "tan", "ten", "nın", "nin", "nun", "nün", "yla", "yle", "da",
           "de", "ta", "te", "ya", "ye", "yı", "yi", "la", "le", "ın", "in", "un", "ün", "a", "e", "ı", "i", "u", "ü"),
    "az": ("dakı", "dəki", "dan", "dən", "nın", "nin", "nun", "nün", "yla", "ylə", "da", "də", "ya", "yə", "la", "lə",
           "ın", "in", "un", "ün", "a", "ə", "ı", "i", "u", "ü"),
    "hy": ("յում", "յից", "յին", "յով", "ում", "ից", "ին", "ով", "յի", "ի", "ը", "ն"),
}
# Armenian names ending in -ի decline on -ու: "Մարտունի" → genitive "Մարտունու", ablative "Մարտունուց"
REPLACED_ENDINGS = {"hy": (("ուց", "ի"), ("ու", "ի"))}
# languages whose place names we read by their capital letter alone (no NER): a capitalised word inside a
# sentence is a name, so a small town may be meant; at a sentence's start it may be any word
CASED_RULES = {"tr", "az", "hy"}
# a city named as a clock ("بتوقيت موسكو", "Moskova saatiyle") is not where anything happened (as in English,
# places.py `_is_clock_name`)
_CLOCK_BEFORE = {"ar": re.compile(r"توقيت\s+$")}
_CLOCK_AFTER = {"tr": re.compile(r"^\s*saat"), "az": re.compile(r"^\s*vaxt"), "hy": re.compile(r"^\s*ժամանակով")}
MIN_LETTERS = 3


@dataclass(frozen=True)
class _Name:
    """A candidate name: its dictionary form (`text`, the key resolution compares) and where it is written."""

    text: str
    start: int
    end: int
    sure: bool = False  # a hand-listed name (alternate_names.csv): never dropped as a stray reading


def find_places_multilingual(
    document: Document, language: str, doc: Doc | None = None, gazetteer: Gazetteer | None = None
) -> list[PlaceMention]:
    """Places of a document in one of LANGUAGES, each resolved to one GeoNames entry."""
    gazetteer = gazetteer or default_gazetteer()
    text = document.text
    words = list(_WORD.finditer(text))
    entities = _entity_spans(doc)
    others = _named_otherwise(doc)
    found: list[tuple[_Name, tuple[Place, ...]]] = []
    i = 0
    while i < len(words):
        match = _longest_at(text, words, i, language, gazetteer, entities, others)
        if match is None:
            i += 1
            continue
        name, candidates, width = match
        found.append((name, candidates))
        i += width
    focus = places._focus(found, places._focus(found))
    mentions = []
    for name, candidates in found:
        place = places._resolve(name.text, candidates, focus)
        if not name.sure and _stray(name, place, focus):
            continue
        mentions.append(PlaceMention(doc=document.id, start=name.start, end=name.end, text=text[name.start:name.end],
                                     geonames_id=place.geonames_id, name=place.name, lat=place.lat, lon=place.lon,
                                     country=place.country, timezone=place.timezone))
    return mentions


STRAY_POPULATION = 100_000  # a town smaller than this, alone in its country in a document about elsewhere


def _stray(name: _Name, place: Place, focus: places.Focus) -> bool:
    """A small foreign town no other name of the document points to ("Ибара" in a report from Kosovo: the
    river Ibar, not Ibara in Japan): in a text whose other names agree on other countries, the reading is more
    likely a misread word or a place the gazetteer lacks (a river, a district; the NER may rightly call it a
    place) than the one mention of a town abroad."""
    if place.kind != "city" or place.population >= STRAY_POPULATION or not place.country:
        return False
    others = focus.without(name.text)
    return others.countries.get(place.country, 0.0) < 0.5 and len(others.readings) >= 2


def _entity_spans(doc: Doc | None) -> list[tuple[int, int]]:
    """Where the language's NER (natasha for Russian) saw a place."""
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS]


PLACE_LABELS = {"LOC", "GPE", "FAC"}


def _named_otherwise(doc: Doc | None) -> list[tuple[int, int]]:
    """Where the NER saw a person or an organisation: a name inside a longer one («Бригады долины Ибара») is
    left to the actors stage, as in English."""
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"PERSON", "PER", "ORG"}]


def _longest_at(
    text: str, words: list[re.Match[str]], i: int, language: str, gazetteer: Gazetteer,
    entities: list[tuple[int, int]], others: list[tuple[int, int]],
) -> tuple[_Name, tuple[Place, ...], int] | None:
    """The longest run of words starting at word i that names a place, with its readings."""
    for width in range(min(MAX_WORDS, len(words) - i), 0, -1):
        run = words[i:i + width]
        if width > 1 and any(text[a.end():b.start()].strip(" ") not in {"", "-"} for a, b in pairwise(run)):
            continue  # a run does not cross punctuation or a line break
        if not _may_name(run, language):
            continue
        for form, start, end in _forms(run, language):
            if len(run) == 1 and _key(form) in _common_words(language):
                continue
            short = len(form.replace(" ", "")) < MIN_LETTERS
            if short and not _abbreviation(run):
                continue
            # GeoNames' alternate names are how these languages write most places: no reading is an alias
            readings = gazetteer.candidates(_key(form))
            if _key(form) in _actor_names():  # "Hamas" is the movement, not Hamm (one of Hamm's alternate names)
                readings = tuple(p for p in readings if not p.alias)
            candidates = tuple(replace(p, alias=False) for p in readings)
            if _abbreviation(run) and len(form) <= MIN_LETTERS:
                # "РФ", "ԱՄՆ", "ABD": a capitals-only abbreviation names a country, never a village ("APA" is an agency)
                candidates = tuple(p for p in candidates if p.kind == "country")
            if not candidates or _is_clock_name(text, start, end, language):
                continue
            tagged = any(s <= start and end <= e for s, e in entities)
            if not tagged and any(s <= start and end <= e and e - s > end - start for s, e in others):
                continue  # inside a longer name of a person or an organisation
            kept = _plausible(run, language, candidates, tagged, _small_allowed(text, words, i, width, language))
            if language in CASED_RULES and not tagged:
                kept = _cased_readings(text, words, i, width, language, kept, gazetteer, form)
            kept = kept or tuple(p for p in candidates if p.geonames_id in _curated().get(_key(form), ()))
            if kept and language in _REGION_AFTER and _REGION_AFTER[language].match(text, end):
                # "Herson bölgesinde", "Kəlbəcər rayonunun", "Սյունիքի մարզի": the province, not its town
                divisions = tuple(replace(p, alias=False) for p in gazetteer.divisions(_key(form)))
                kept = divisions or tuple(p for p in kept if p.kind in REGION_KINDS) or kept
            if kept:
                sure = any(p.geonames_id in _curated().get(_key(form), ()) for p in kept)
                return _Name(form.casefold(), start, end, sure), kept, width
    return None


REGION_KINDS = {"admin1", "admin2", "region"}  # what "the X region/district/province" names
_REGION_AFTER = {"tr": re.compile(r"\s+(?:bölge|vilayet|eyalet)\w*"),
                 "az": re.compile(r"\s+(?:rayon|region|vilayət|əyalət)\w*"),
                 "hy": re.compile(r"\s+(?:մարզ|շրջան)\w*"),
                 "ru": re.compile(r"\s+(?:област|район|кра[йяюе])\w*"),
                 "uk": re.compile(r"\s+(?:област|район|кра[йюї])\w*")}


def _sentence_initial(text: str, words: list[re.Match[str]], i: int) -> bool:
    """The word opens the text or a sentence (after a full stop, a line break, a dash or a colon)."""
    before = text[:words[i].start()].rstrip(" \t\u00a0")
    return not before or before[-1] in ".!?։:\n–—-«\"(" or (i > 0 and before.endswith(words[i - 1].group(0))
                                                              and words[i - 1].group(0).isupper() and i < 2)


def _cased_readings(text: str, words: list[re.Match[str]], i: int, width: int, language: str,
                    kept: tuple[Place, ...], gazetteer: Gazetteer, form: str) -> tuple[Place, ...]:
    """Readings of a run in a language we read by its capitals alone. Inside a sentence a capitalised word is a
    name, so a town of any size may be meant ("Թեղ գյուղի", "Xankəndi yaxınlığında"; a small foreign town no
    other name points to is dropped later as a stray). A single word right before another capitalised word that
    names no place is a given name ("Vladimir Putin'in", "Volodimir Zelenskiy"), not a town. At a sentence's start
    the capital says nothing: a town needs a case suffix ("Ջերմուկում", "İstanbul'da") or a big population, and
    the word not to be written in lower case elsewhere in the text ("Aranın pazartesi…" after "insani ara"). The
    dateline (the text's first word) is a place whatever its size."""
    last = words[i + width - 1]
    if width == 1 and i + 1 < len(words) and text[last.end():words[i + 1].start()] == " " \
            and words[i + 1].group(0)[0].isupper() and not _names_place(words[i + 1].group(0), language, gazetteer):
        kept = tuple(p for p in kept if p.kind != "city")
    if _dateline(text, words, i, width):
        return kept
    if _sentence_initial(text, words, i):
        word = words[i].group(0)
        stem = form.split(" ")[0].casefold()
        stripped = _key(form) != _key(" ".join(m.group(0) for m in words[i:i + width]))
        apostrophe = bool(re.search(r"['’]", last.group(0)))
        if stripped and not apostrophe and (language == "tr" or len(stem) < SURE_STEM):
            return ()  # Turkish writes a name's suffix after an apostrophe; "Bundan" is "from this", not Bun
        lower = not word.isupper() and any(
            re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", text) for w in {word.lower(), stem})
        cued = apostrophe or stripped or width > 1 or _cue_after(text, last.end(), language)
        if lower or not cued:
            kept = tuple(p for p in kept if p.kind != "city" or (p.population >= MIN_POPULATION_UNCASED and not lower))
    return kept


def _dateline(text: str, words: list[re.Match[str]], i: int, width: int) -> bool:
    """The text's first name, before the comma, bracket or dash of a wire dateline ("KİEV (AA) –", "Bakı, 23
    aprel")."""
    return i == 0 and re.match(r"\s*[,(–—-]", text[words[width - 1].end():]) is not None


SURE_STEM = 4  # letters a case suffix must leave of a sentence's first word for it to read as a name


def _cue_after(text: str, at: int, language: str) -> bool:
    """The word for a town or a province follows ("Herson kentinde", "Laçın rayonunda")."""
    return any(cues.get(language) is not None and cues[language].match(text, at)
               for cues in (_SETTLEMENT_AFTER, _REGION_AFTER))


def _names_place(word: str, language: str, gazetteer: Gazetteer) -> bool:
    """Some form of the word is in the gazetteer ("Katar Dışişleri" no; "Kiev ve" is not capitalised anyway)."""
    run = [re.match(r".+", word)]
    return any(gazetteer.candidates(_key(form)) for form, _, _ in _forms(run, language))  # type: ignore[arg-type]


def _may_name(run: list[re.Match[str]], language: str) -> bool:
    """Scripts with capitals name places with a capital letter; Arabic has none. A Latin word inside a
    Cyrillic, Arabic or Armenian text (a photo credit, an English tweet) is left alone; so is a time word
    ("الخميس" is Thursday before it is a town in Algeria)."""
    first = run[0].group(0)
    if len("".join(m.group(0) for m in run)) < MIN_LETTERS and not _abbreviation(run):
        return False
    if language in NON_LATIN and _LATIN.match(first):
        return False
    if language == "ar":
        return len(run) > 1 or _key(first) not in _time_words(language)
    return first[0].isupper()


@lru_cache(maxsize=8)
def _common_words(language: str) -> frozenset[str]:
    """Common nouns that are also place names (data/places/not_places.csv: "المدينة" is "the city" before it is
    Medina)."""
    return frozenset(_key(r["word"]) for r in data_rows("places/not_places.csv") if r["lang"] == language)


def _abbreviation(run: list[re.Match[str]]) -> bool:
    return len(run) == 1 and len(run[0].group(0)) >= 2 and run[0].group(0).isupper()


@lru_cache(maxsize=8)
def _time_words(language: str) -> frozenset[str]:
    lex = lexicon(language)
    return frozenset() if lex is None else frozenset([*lex.months, *lex.weekdays, *lex.relative, *lex.parts])


def _key(word: str) -> str:
    return word.translate(_STRIP_MARKS).casefold()


def _plausible(run: list[re.Match[str]], language: str, candidates: tuple[Place, ...], tagged: bool,
               small: bool) -> tuple[Place, ...]:
    """The readings a run may have: all of them when the NER tagged it or a locative precedes a capitalised
    name; else areas and sizeable towns — and for one Russian or Ukrainian word, only a word the dictionary
    knows as a noun or does not know at all ("Такой" is an adjective, not Tāki)."""
    if tagged:
        return candidates
    if language in {"ru", "uk"} and len(run) == 1 and not _slavic_place_word(run[0].group(0), language):
        return ()
    if small:
        return candidates
    floor = MIN_POPULATION_UNCASED if language == "ar" and len(run) == 1 else places.MIN_POPULATION_UNTAGGED
    return tuple(p for p in candidates if p.kind != "city" or p.population >= floor)


@lru_cache(maxsize=1)
def _actor_names() -> frozenset[str]:
    """Names of the actor dictionary (data/actors/): a word that names an actor reaches a place only by the place's
    own name, never by an alternate name the gazetteer gives it. Where no NER tells an organisation from a
    place (Turkish, Azerbaijani, Armenian), this keeps "Hamas", "Hizbullah" out of the places."""
    from rashomon.annotate.actors import dictionary  # actors read places; imported here, when first needed

    return frozenset(_key(name) for name in dictionary())


@lru_cache(maxsize=1)
def _curated() -> dict[str, frozenset[int]]:
    """Names in these languages listed by hand (data/places/alternate_names.csv): news uses them, so they
    stand whatever the town's size in cities500 ("ستيباناكيرت" is Khankendi, listed with 2,100 people)."""
    out: dict[str, set[int]] = {}
    for row in data_rows("places/alternate_names.csv"):
        out.setdefault(_key(row["alias"]), set()).add(int(row["id"]))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def _slavic_place_word(word: str, language: str) -> bool:
    morph = analyzer(language)
    if not morph.word_is_known(word.lower()):
        return True
    parses = morph.parse(word)
    return any(p.tag.POS == "NOUN" or "Geox" in str(p.tag) for p in parses)


def _small_allowed(text: str, words: list[re.Match[str]], i: int, width: int, language: str) -> bool:
    """A name right after a locative preposition (in Arabic, with no capitals to tell a name, only after "the
    town of": "بلدة عبسان") may be a village ("в Гадруте"); so may a capitalised name in a locative case
    ("Ստեփանակերտում", "Şuşa'da") or followed by the word for a town or village ("Xankəndi şəhərində")."""
    last = words[i + width - 1]
    if language in CASED_RULES and (_dateline(text, words, i, width) or not _sentence_initial(text, words, i)):
        return True  # a capitalised name inside a sentence, or the dateline (the readings are narrowed later)
    if language in _LOCATIVE_CASE and _LOCATIVE_CASE[language].search(last.group(0)):
        return True
    if language in _SETTLEMENT_AFTER and _SETTLEMENT_AFTER[language].match(text, last.end()):
        return True
    if language not in LOCATIVES or i == 0:
        return False
    before = words[i - 1]
    return before.group(0).lower() in LOCATIVES[language] and not text[before.end():words[i].start()].strip()


_LOCATIVE_CASE = {"tr": re.compile(r"['’](?:da|de|ta|te|dan|den|tan|ten)$"), "az": re.compile(r"(?:da|də|dan|dən)$"),
                  "hy": re.compile(r"(?:ում|ից)$")}
_SETTLEMENT_AFTER = {"tr": re.compile(r"\s+(?:kent|şehr|ilçe|köy|kasaba)\w*"),
                     "az": re.compile(r"\s+(?:şəhər|kənd|qəsəbə|rayon)\w*"),
                     "hy": re.compile(r"\s+(?:քաղաք|գյուղ|ավան)\w*"),
                     "ru": re.compile(r"\s+(?:город|сел[оа]|посел)\w*"), "uk": re.compile(r"\s+(?:міст|сел[оа])\w*")}


def _forms(run: list[re.Match[str]], language: str) -> list[tuple[str, int, int]]:
    """Possible dictionary forms of a run of words, each with the span it names (clitics and an apostrophe's
    suffix left out of the span; a Slavic or Armenian case ending stays inside it)."""
    start, end = run[0].start(), run[-1].end()
    words = [m.group(0) for m in run]
    if language in {"ru", "uk"}:
        variants = [_slavic_forms(w, language) for w in words]
        return [(" ".join(combo), start, end) for combo in list(product(*variants))[:16]]
    if language == "ar":
        out = []
        for prefix_len, first in _arabic_forms(words[0]):
            for variant in _arabic_spellings(" ".join([first, *words[1:]])):
                out.append((variant, start + prefix_len, end))
        return out
    out = [(" ".join(words), start, end)]
    last = words[-1]
    apostrophe = re.search(r"['’]", last)
    if apostrophe:
        # "İstanbul'da": the name is written before the apostrophe, but the mention is the whole word, suffix
        # included, as a Russian or Armenian case ending is (benchmarks/data/multilingual/README.md, "Spans")
        out = [(" ".join([*words[:-1], last[:apostrophe.start()]]), start, end)]
    else:
        for suffix in SUFFIXES.get(language, ()):
            if last.endswith(suffix) and len(last) - len(suffix) >= MIN_LETTERS:
                out.append((" ".join([*words[:-1], last[:-len(suffix)]]), start, end))
        for ending, base in REPLACED_ENDINGS.get(language, ()):
            if last.endswith(ending) and len(last) - len(ending) >= MIN_LETTERS - 1:
                out.append((" ".join([*words[:-1], last[:-len(ending)] + base]), start, end))
    return [(variant, s, e) for form, s, e in out for variant in _folded(form, language)]


def _folded(form: str, language: str) -> list[str]:
    """The form and the spellings its capitals hide: Turkish "KİEV" casefolds to "ki̇ev" (a combining dot) where
    the gazetteer has "kiev"; Armenian capitals write the ligature "և" as "ԵՎ" ("ԵՐԵՎԱՆ" is "Երևան")."""
    out = [form]
    folded = form.casefold()
    if language in {"tr", "az"} and "\u0307" in folded:
        out.append(folded.replace("\u0307", ""))
    if language == "hy" and re.search(r"(?<=\w)եվ", folded):
        out.append(re.sub(r"(?<=\w)եվ", "եւ", folded))
    return out


def _slavic_forms(word: str, language: str) -> list[str]:
    """The word and its nominative readings by pymorphy3 ("Степанакерте" → "Степанакерт", "Одесской" →
    "Одесская"); proper names keep their capital for the dictionary's sake only (lookup is case-blind)."""
    return list(_slavic_cache(word, language))


@lru_cache(maxsize=65536)
def _slavic_cache(word: str, language: str) -> tuple[str, ...]:
    if "-" in word:  # "Косовска-Митровице": the last part declines; GeoNames may write a space for the hyphen
        head, _, last = word.rpartition("-")
        tails = _slavic_cache(last, language)
        return tuple(dict.fromkeys(f"{head}{sep}{tail}".casefold() for tail in tails for sep in "- "))
    forms = [word]
    for parse in analyzer(language).parse(word)[:4]:
        for candidate in (parse.inflect({"nomn"}), parse.inflect({"nomn", "sing"})):
            if candidate is not None:
                forms.append(candidate.word)
        forms.append(parse.normal_form)
    return tuple(dict.fromkeys(f.casefold() for f in forms))


def _arabic_forms(word: str) -> list[tuple[int, str]]:
    """The word with its clitics peeled (morphology.arabic_proclitics: "والقاهرة" → "القاهرة", "بغزة" → "غزة",
    "للقاهرة" → "القاهرة"), and the last reading also without its article ("الخرطوم" and "خرطوم")."""
    out = arabic_proclitics(word)
    dropped, rest = out[-1]
    if rest.startswith("ال") and len(rest) > MIN_LETTERS + 2:
        out.append((dropped, rest[2:]))
    return out


def _arabic_spellings(name: str) -> list[str]:
    """The name and its common other spellings: a final heh for taa marbuta ("المتحده"), a bare alef for the hamza one
    ("اذربيجان", "الامارات"), as informal Arabic writes them and GeoNames does not."""
    out = [name]
    if re.search(r"ه(?=\s|$)", name):
        out.append(re.sub(r"ه(?=\s|$)", "ة", name))
    if _BARE_ALEF.search(name):
        out += [_BARE_ALEF.sub(hamza, variant) for variant in list(out) for hamza in "أإ"]
    return out


_BARE_ALEF = re.compile(r"(?:(?<!\w)ا(?!ل)|(?<=(?<!\w)ال)ا)")  # a word's first alef, or the first after its article


def _is_clock_name(text: str, start: int, end: int, language: str) -> bool:
    before, after = _CLOCK_BEFORE.get(language), _CLOCK_AFTER.get(language)
    return bool(before and before.search(text, max(0, start - 12), start)) or bool(
        after and after.match(text[end:end + 16]))
