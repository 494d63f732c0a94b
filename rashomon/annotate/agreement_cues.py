"""The cue words of agreements by role and language (data/lexicons/agreement_cues.csv).

The agreements and provisions stages read every language's rows at once: a lemma or phrase of one
language does not occur in another's text, so one set per role serves English and Russian alike and a
new language is a matter of adding rows.
"""
from __future__ import annotations

import re
from functools import cache

from rashomon.annotate.gazetteer import data_rows


@cache
def cue_words(role: str) -> frozenset[str]:
    """The cues of one role (announce, agree, commit, frame, obligation, mediation, list, list_inside)."""
    return frozenset(r["cue"] for r in data_rows("lexicons/agreement_cues.csv") if r["role"] == role)


def cue_alternation(*roles: str, exclude: frozenset[str] | set[str] = frozenset()) -> str:
    """A regular-expression alternation of the roles' phrases (but `exclude`), longest first, spaces
    matching any run of white space."""
    phrases = sorted({p for role in roles for p in cue_words(role)} - set(exclude), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
