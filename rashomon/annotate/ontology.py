"""The event ontology as data: PLOVER types, triggers, word classes, context and argument rules.

Everything the events stage knows about *which* words mean *which* event lives in
rashomon/data/ontology/ (plover.yaml and triggers.csv), so a user can add a type, a trigger or a
context rule without touching code; this module only reads and indexes those files once.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.data import load_yaml

DEFAULT_WEIGHT = 0.75  # a context rule that codes a word which is no trigger by itself


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    weight: float
    phrase: str  # the lemma or multiword lemma that matched


@dataclass(frozen=True)
class Context:
    lemmas: frozenset[str]
    argument: str  # subject | object | any | modifier
    words: frozenset[str]  # the word class
    type: str  # "-" = no event of its own
    mode: str | None


@dataclass(frozen=True)
class Ontology:
    types: dict[str, dict[str, Any]]
    aux_modes: dict[str, str]
    arguments: dict[str, frozenset[str]]
    confidence: dict[str, float]
    classes: dict[str, frozenset[str]]
    sector_words: dict[str, str]
    rebel_markers: frozenset[str]
    single: dict[tuple[str, str], Trigger]  # (lemma, pos) → trigger
    # first lemma → (rest of the lemmas, pos, trigger), longest first
    multi: dict[str, tuple[tuple[tuple[str, ...], str, Trigger], ...]]
    contexts: tuple[Context, ...]
    context_lemmas: frozenset[str]
    obligation: float  # weight of "X said Y must …" as Y being requested to; 0 = off
    lemmas: frozenset[str]  # every lemma that can start a trigger or a context rule (a fast first filter)

    def quad(self, type_: str) -> int:
        return int(self.types.get(type_, {}).get("quad", 0))


ENV = "RASHOMON_ONTOLOGY"  # a folder with plover.yaml and triggers.csv that replaces the shipped ontology


def _read(name: str) -> str:
    folder = os.environ.get(ENV)
    if folder:
        return (Path(folder) / name).read_text(encoding="utf-8")
    return resources.files("rashomon.data").joinpath("ontology", name).read_text(encoding="utf-8")


def _trigger_rows() -> list[dict[str, str]]:
    lines = [line for line in _read("triggers.csv").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The ontology in rashomon/data/ontology/, or in the folder $RASHOMON_ONTOLOGY names (read once)."""
    spec = load_yaml(_read("plover.yaml"))
    classes = {name: frozenset(words) for name, words in spec["classes"].items()}
    for name, words in [*spec["arguments"].items(), *classes.items()]:
        if not all(isinstance(w, str) for w in words):  # YAML reads a bare on/off/yes/no as a boolean
            raise ValueError(f"ontology/plover.yaml: {name} holds a non-string word; quote it")
    single: dict[tuple[str, str], Trigger] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str, Trigger]]] = {}
    for row in _trigger_rows():
        if row["type"] not in spec["types"]:
            raise ValueError(f"ontology/triggers.csv: {row['lemma']!r} has type {row['type']!r}, not in plover.yaml")
        trigger = Trigger(row["type"], row["mode"] or None, float(row.get("weight") or DEFAULT_WEIGHT), row["lemma"])
        words = tuple(row["lemma"].split())
        if len(words) == 1:
            single[(words[0], row["pos"])] = trigger
        else:
            multi.setdefault(words[0], []).append((words[1:], row["pos"], trigger))
    contexts = tuple(
        Context(frozenset(rule["lemma"].split("|")), rule["argument"], classes[rule["class"]], rule["type"],
                rule.get("mode") or None)
        for rule in spec["contexts"])
    sector_words = {word: sector for sector, words in spec["sector_words"].items() for word in words}
    return Ontology(
        types=spec["types"], aux_modes=spec["aux_modes"],
        arguments={k: frozenset(v) for k, v in spec["arguments"].items()},
        confidence={k: float(v) for k, v in spec["confidence"].items()},
        classes=classes, sector_words=sector_words, rebel_markers=frozenset(spec["rebel_markers"]), single=single,
        multi={k: tuple(sorted(v, key=lambda r: -len(r[0]))) for k, v in multi.items()},
        contexts=contexts,
        context_lemmas=frozenset(lemma.split()[0] for c in contexts for lemma in c.lemmas),
        obligation=float(spec.get("reported_obligation", 0.0)),
        lemmas=frozenset({lemma for lemma, _ in single} | set(multi)
                         | {lemma.split()[0] for c in contexts for lemma in c.lemmas}),
    )
