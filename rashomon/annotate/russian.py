"""Russian through natasha (razdel, slovnet's news models, pymorphy lemmas), handed to the stages as a spaCy Doc.

The stages read spaCy Docs; natasha's news models (trained on Russian news: morphology, UD syntax and
PER/LOC/ORG entities) are the maintained Russian toolkit that installs from PyPI with its models. So a
Russian text is segmented and tagged by natasha and its words are written into a `Doc` over the vocab of
`spacy.blank("ru")`, with the text's own white space, so every character offset is the original one.

- Sentences never cross a line break (the line-break rule of nlp.py): razdel splits each line.
- Lemmas are pymorphy's (via natasha's MorphVocab), lower case as it gives them, except for proper
  nouns and words capitalised inside a sentence, which keep it ("России" → "Россия"), as spaCy's English
  lemmas do.
- The root of each sentence carries spaCy's "ROOT"; every other relation keeps its UD name.
- Entities: PER → PERSON, ORG → ORG, LOC → GPE (natasha's LOC is mostly countries, regions and towns,
  what the English model calls GPE).
- Models load on the first Russian document (~1.7 s, ~150 MB), never at start-up.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.tokens import Doc, Span

ENTITY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class _Models:
    morph: Any  # natasha.NewsMorphTagger
    syntax: Any  # natasha.NewsSyntaxParser
    ner: Any  # natasha.NewsNERTagger
    vocab: Any  # natasha.MorphVocab


@lru_cache(maxsize=1)
def _models() -> _Models:
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    return _Models(NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding),
                   MorphVocab())


@lru_cache(maxsize=1)
def _blank() -> spacy.language.Language:
    return spacy.blank("ru")


@dataclass
class _Word:
    start: int
    end: int
    text: str
    pos: str = ""
    feats: str = ""
    lemma: str = ""
    head: int = 0  # index into the Doc's tokens
    dep: str = ""


def parse_russian(text: str) -> Doc:
    """A spaCy Doc of `text` with natasha's sentences, lemmas, tags, morphology, dependencies and entities."""
    models = _models()
    sentences = list(_sentences(text))
    words = [[_Word(start, end, piece) for start, end, piece in sentence] for sentence in sentences]
    chunk = [[w.text for w in sentence] for sentence in words]
    if chunk:
        for sentence, morph, syntax in zip(words, models.morph.map(chunk), models.syntax.map(chunk), strict=True):
            _annotate(sentence, morph.tokens, syntax.tokens, models.vocab)
    doc = _doc(text, [w for sentence in words for w in sentence], [len(s) for s in words])
    doc.set_ents(list(_entities(doc, models.ner(text).spans)) if text.strip() else [])
    return doc


def _sentences(text: str) -> Iterator[list[tuple[int, int, str]]]:
    """razdel's sentences of each line, as lists of (start, end, word) in the whole text's offsets."""
    from razdel import sentenize, tokenize

    for line in _LINE.finditer(text):
        for sentence in sentenize(line.group()):
            base = line.start() + sentence.start
            tokens = [(base + t.start, base + t.stop, t.text) for t in tokenize(sentence.text)]
            if tokens:
                yield tokens


def _annotate(sentence: list[_Word], morph: list[Any], syntax: list[Any], vocab: Any) -> None:
    for position, (word, tagged, parsed) in enumerate(zip(sentence, morph, syntax, strict=True)):
        word.pos = tagged.pos
        word.feats = "|".join(f"{k}={v}" for k, v in sorted(tagged.feats.items()))
        word.lemma = _lemma(word.text, tagged.pos, tagged.feats, vocab, first=position == 0)
        word.head = int(parsed.head_id) - 1  # within the sentence, -1 = root; made absolute in _doc
        word.dep = "ROOT" if parsed.rel == "root" else parsed.rel
    _as_tree(sentence)


def _as_tree(sentence: list[_Word]) -> None:
    """One root, no cycles: the parser picks each word's head on its own, and spaCy needs a tree (a cycle makes
    Span.root fail). Words beyond the first root, and any word on a cycle, hang on that root."""
    roots = [i for i, w in enumerate(sentence) if w.head < 0 or w.head >= len(sentence) or w.head == i]
    root = roots[0] if roots else 0
    sentence[root].head, sentence[root].dep = -1, "ROOT"
    for i in roots[1:]:
        sentence[i].head, sentence[i].dep = root, "parataxis"
    for i in range(len(sentence)):
        seen, j = set(), i
        while sentence[j].head >= 0 and j not in seen:
            seen.add(j)
            j = sentence[j].head
        if sentence[j].head >= 0:  # came back to a word already on the path: a cycle through i's ancestors
            sentence[j].head, sentence[j].dep = root, "dep"


def _lemma(text: str, pos: str, feats: dict[str, str], vocab: Any, *, first: bool = False) -> str:
    """pymorphy's lemma; a proper noun, or a capitalised word inside a sentence, keeps its capital."""
    lemma = vocab.lemmatize(text, pos, feats) or text.lower()
    if pos == "PROPN" or (text[:1].isupper() and not first):
        lemma = "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))
    return lemma


def _doc(text: str, words: list[_Word], sizes: list[int]) -> Doc:
    """Words and the white space between them as spaCy tokens: one space goes with the word before it,
    any other white space is a token of its own (as spaCy's tokenizer makes it)."""
    tokens: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []  # token index of each word
    position = 0
    for word in words:
        _gap(text[position:word.start], tokens, spaces)
        index.append(len(tokens))
        tokens.append(word.text)
        spaces.append(False)
        position = word.end
    _gap(text[position:], tokens, spaces)
    n = len(tokens)
    heads, deps = list(range(n)), ["dep"] * n
    pos, lemmas, morphs = ["SPACE"] * n, [t for t in tokens], [""] * n
    first = 0
    for size in sizes:
        for k in range(first, first + size):
            word, i = words[k], index[k]
            heads[i] = i if word.head < 0 else index[first + word.head]
            deps[i], pos[i], lemmas[i], morphs[i] = word.dep, word.pos, word.lemma, word.feats
        first += size
    for i in range(n):
        if pos[i] == "SPACE":  # white space hangs on the word before it (or after it, at the very start)
            heads[i] = _neighbour(pos, i)
    doc = Doc(_blank().vocab, words=tokens, spaces=spaces, pos=pos, lemmas=lemmas, morphs=morphs,
              heads=heads, deps=deps)
    if doc.text != text:  # razdel keeps every character that is not white space, so this never happens
        raise ValueError("natasha's tokens do not rebuild the text")
    return doc


def _gap(gap: str, tokens: list[str], spaces: list[bool]) -> None:
    if not gap:
        return
    if gap[0] == " " and tokens and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        tokens.append(gap)
        spaces.append(False)


def _neighbour(pos: list[str], i: int) -> int:
    for j in range(i - 1, -1, -1):
        if pos[j] != "SPACE":
            return j
    for j in range(i + 1, len(pos)):
        if pos[j] != "SPACE":
            return j
    return i


def _entities(doc: Doc, spans: list[Any]) -> Iterator[Span]:
    for span in spans:
        entity = doc.char_span(span.start, span.stop, label=ENTITY_LABELS.get(span.type, span.type),
                               alignment_mode="contract")
        if entity is not None and len(entity) and "\n" not in entity.text:
            yield entity
