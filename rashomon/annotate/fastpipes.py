"""Exact, faster stand-ins for two rule-based spaCy components: the attribute ruler and the lemmatizer.

The small English model spends a sixth of its time in these two (measured: 0.43 s and 0.21 s of 3.8 s
over the 60 corpus reports), though what they compute is a pure function of a few token attributes:
the attribute ruler runs a Matcher with 179 patterns over every token, the lemmatizer rebuilds each
token's morphology dictionary in Python. Both stand-ins answer from a cache keyed by exactly the
attributes the originals read, ask the original component on a miss, and write the answers back as
arrays (`Doc.from_array`). The result is the same token by token (tests/test_fastpipes.py compares
every attribute over the demo corpus); a rule set they cannot reproduce exactly keeps the original.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# Caches hold one entry per distinct key (a word with its tag, dependency, …): they grow like a
# vocabulary, slowly, and start over past this size so that a run of millions of reports stays bounded.
CACHE_LIMIT = 300_000
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # the attributes the model's patterns test
SIGNATURE = [TAG, LOWER, DEP, IS_SPACE]
WRITABLE = (POS, MORPH, LEMMA, TAG, DEP)  # the attributes the model's rules set


class Unsupported(ValueError):
    """A pattern the stand-in cannot evaluate exactly (operators, other attributes): keep the original."""


@dataclass(frozen=True)
class Condition:
    """One test of one token attribute, as spaCy's Matcher does it (equality, IN, NOT_IN, REGEX)."""

    column: int
    kind: str
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None

    def holds(self, value: int, strings) -> bool:
        if self.kind == "IN":
            return value in self.values
        if self.kind == "NOT_IN":
            return value not in self.values
        return bool(self.regex.search(strings[value]))  # REGEX, on the attribute's string as the Matcher does

    def mask(self, column: numpy.ndarray) -> numpy.ndarray | None:
        """Which tokens pass, for every token at once; None for a regex (tested token by token)."""
        if self.kind == "REGEX":
            return None
        if len(self.values) == 1:
            inside = column == next(iter(self.values))
        else:
            inside = numpy.isin(column, numpy.fromiter(self.values, dtype=numpy.uint64, count=len(self.values)))
        return inside if self.kind == "IN" else ~inside


def _value_id(key: str, value: object) -> int:
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise Unsupported(f"{key} {value!r}")
    from spacy.strings import get_string_id

    return get_string_id(value)


def _conditions(spec: dict) -> tuple[Condition, ...]:
    out = []
    for key, value in spec.items():
        if key not in COLUMNS:
            raise Unsupported(f"pattern key {key}")
        column = COLUMNS[key]
        if not isinstance(value, dict):
            out.append(Condition(column, "IN", frozenset([_value_id(key, value)])))
            continue
        if len(value) != 1:
            raise Unsupported(f"{key} {value!r}")
        ((kind, arg),) = value.items()
        if kind in ("IN", "NOT_IN"):
            out.append(Condition(column, kind, frozenset(_value_id(key, v) for v in arg)))
        elif kind == "REGEX" and key == "LOWER":
            out.append(Condition(column, kind, regex=re.compile(arg)))
        else:
            raise Unsupported(f"{key} {kind}")
    return tuple(out)


@dataclass(frozen=True)
class Rule:
    """One attribute-ruler entry: fixed-length token tests, the token it writes, what it writes."""

    order: int
    tokens: tuple[tuple[Condition, ...], ...]
    index: int
    attrs: tuple[tuple[int, int], ...]


class FastAttributeRuler:
    """spaCy's AttributeRuler with the same rules and the same result, at a fraction of the cost.

    The ruler matches all its patterns, sorts the matches by rule, and lets later rules overwrite earlier
    ones. A one-token rule depends only on its token's (tag, lowercase form, dependency, is-space), so
    the rules that fire for each such signature are found once and cached; the few two-token rules are
    matched over the whole document with arrays. Each token then gets, attribute by attribute, the value
    of the last rule in rule order that set it: exactly what the original leaves.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        single, multi = [], []
        for order, (entry, attrs, index) in enumerate(zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)):
            if set(attrs) - set(WRITABLE) or "_" in attrs:
                raise Unsupported(f"rule sets {sorted(attrs)}")
            for pattern in entry["patterns"]:
                tokens = tuple(_conditions(spec) for spec in pattern)
                if not tokens or not -len(tokens) <= index < len(tokens):
                    raise Unsupported(f"rule {order}: index {index} outside its pattern")
                rule = Rule(order, tokens, index % len(tokens), tuple(attrs.items()))
                (single if len(tokens) == 1 else multi).append(rule)
        self.single, self.multi = single, multi
        self._buckets, self._unkeyed = _index(single)
        self._cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[bool, ...]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        signature = doc.to_array(SIGNATURE)
        cache = self._cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        rows = []
        for key in map(tuple, signature.tolist()):
            row = cache.get(key)
            if row is None:
                row = cache[key] = _fold(self._fired(key))
            rows.append(row)
        for i, fired in self._multi_token_matches(signature).items():  # rare: merge in rule order
            rows[i] = _fold(sorted(self._fired(tuple(signature[i].tolist())) + tuple(fired)))
        values = numpy.array([row[0] for row in rows], dtype=numpy.uint64)
        written = numpy.array([row[1] for row in rows], dtype=bool)
        current = doc.to_array(list(WRITABLE))
        wanted = numpy.where(written, values, current)
        changed = [k for k in range(len(WRITABLE)) if written[:, k].any()
                   and not numpy.array_equal(wanted[:, k], current[:, k])]
        if changed:
            doc.from_array([WRITABLE[k] for k in changed], numpy.ascontiguousarray(wanted[:, changed]))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _fired(self, key: tuple[int, int, int, int]) -> tuple[tuple[int, tuple[tuple[int, int], ...]], ...]:
        """The one-token rules that match a token with this signature, in rule order, with what they set."""
        strings = self.vocab.strings
        candidates = list(self._unkeyed)
        for column, value in enumerate(key):
            candidates += self._buckets.get((column, value), ())
        candidates.sort(key=lambda rule: rule.order)
        return tuple((rule.order, rule.attrs) for rule in candidates
                     if all(c.holds(key[c.column], strings) for c in rule.tokens[0]))

    def _multi_token_matches(self, signature: numpy.ndarray) -> dict[int, list]:
        """Token index -> [(rule order, attrs)] for the rules longer than one token."""
        found: dict[int, list] = {}
        n = len(signature)
        strings = self.vocab.strings
        present = [set(signature[:, column].tolist()) for column in range(len(COLUMNS))]
        for rule in self.multi:
            width = len(rule.tokens)
            if n < width or any(c.kind == "IN" and c.values.isdisjoint(present[c.column])
                                for conditions in rule.tokens for c in conditions):
                continue  # a word the rule needs is not in the document (the usual case)
            starts = numpy.ones(n - width + 1, dtype=bool)
            for offset, conditions in enumerate(rule.tokens):
                for condition in conditions:
                    mask = condition.mask(signature[offset:offset + n - width + 1, condition.column])
                    if mask is not None:
                        starts &= mask
            for start in numpy.flatnonzero(starts).tolist():
                if all(c.holds(int(signature[start + offset, c.column]), strings)
                       for offset, conditions in enumerate(rule.tokens) for c in conditions if c.kind == "REGEX"):
                    found.setdefault(start + rule.index, []).append((rule.order, rule.attrs))
        return found


def _fold(fired) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """What a token ends with after these rules ran in order (later ones overwrite): the value of each
    writable attribute, and whether any rule wrote it."""
    values, written = [0] * len(WRITABLE), [False] * len(WRITABLE)
    for _, attrs in fired:
        for attr, value in attrs:
            k = WRITABLE.index(attr)
            values[k], written[k] = value, True
    return tuple(values), tuple(written)


def _index(rules: list[Rule]) -> tuple[dict[tuple[int, int], list[Rule]], list[Rule]]:
    """One-token rules filed under a value their token must have (the test with the fewest values), so
    that a new signature is checked against a handful of rules, not all of them; the rest are unkeyed."""
    preference = [COLUMNS[name] for name in ("LOWER", "DEP", "TAG", "IS_SPACE")]
    buckets: dict[tuple[int, int], list[Rule]] = {}
    unkeyed = []
    for rule in rules:
        keys = [c for c in rule.tokens[0] if c.kind == "IN"]
        if not keys:
            unkeyed.append(rule)
            continue
        best = min(keys, key=lambda c: (len(c.values), preference.index(c.column)))
        for value in best.values:
            buckets.setdefault((best.column, value), []).append(rule)
    return buckets, unkeyed


class FastLemmatizer:
    """spaCy's rule lemmatizer, answering from a cache keyed by (form, part of speech, morphology).

    A rule lemma depends on nothing else (the generic and English rules read the form, the POS and the
    morphology's features; other languages' lemmatizers keep the original), but spaCy caches it only
    after the rules ran: a singular noun or a base-form verb, most tokens, rebuilds its morphology
    dictionary every time. Tokens that already have a lemma (the
    attribute ruler sets some) keep it, as with the original (overwrite off).
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if (type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode != "rule"
                or lemmatizer.overwrite):
            raise Unsupported(f"{type(lemmatizer).__name__} mode {lemmatizer.mode}, overwrite {lemmatizer.overwrite}")
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = numpy.flatnonzero(rows[:, 3] == 0)
        if not len(todo):
            return doc
        cache = self._cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        lemmas = rows[:, 3].copy()
        strings = self.lemmatizer.vocab.strings
        for i in todo.tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("fast_attribute_ruler", assigns=["token.pos", "token.morph", "token.lemma", "token.tag"])
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("fast_lemmatizer", assigns=["token.lemma"])
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


def use_fast_components(nlp: Language) -> Language:
    """Put the stand-ins in place of the attribute ruler and lemmatizer (kept, disabled) when both exist
    and their rules are ones the stand-ins reproduce exactly; otherwise leave the pipeline as it is."""
    for original, fast in (("attribute_ruler", "fast_attribute_ruler"), ("lemmatizer", "fast_lemmatizer")):
        if original not in nlp.pipe_names:
            continue
        try:
            nlp.add_pipe(fast, after=original)
        except Unsupported:
            continue
        nlp.disable_pipe(original)
    return nlp
