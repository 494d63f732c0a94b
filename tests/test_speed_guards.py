"""Guards against a costly idiom coming back: spaCy's `Doc.text` joins every token of the document each time
it is read, so a stage that reads it per sentence or per mention spends more than the rest of the stage
(it happened three times in one day). Stages take the text from `nlp.doc_text(doc)` or the Document."""
from __future__ import annotations

import re
from pathlib import Path

import rashomon.annotate

# `span.doc.text`, `token.doc.text`, `sent.doc.text` and a spaCy `doc.text` (not `ann.doc.text` or
# `document.text`, which are the Document's stored string)
SPACY_DOC_TEXT = re.compile(r"\b(?:span|sent|token|tok|t|head|root|ent|chunk|self)\.doc\.text\b|(?<![\w.])doc\.text\b")
ALLOWED = {"nlp.py", "russian.py"}  # doc_text itself and a one-time check after parsing


def test_stages_do_not_rebuild_the_document_text():
    folder = Path(rashomon.annotate.__file__).parent
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted(folder.glob("*.py")) if path.name not in ALLOWED
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if SPACY_DOC_TEXT.search(line.split("#")[0])]
    assert not found, "use nlp.doc_text(doc) (or the Document's text) instead of Doc.text:\n" + "\n".join(found)


def test_doc_text_is_the_docs_text():
    from rashomon.annotate.nlp import doc_text, load_blank

    doc = load_blank("en")("One line.\nAnother  one. ")
    assert doc_text(doc) == doc.text == "One line.\nAnother  one. "
    assert doc_text(doc) is doc_text(doc)  # joined once
