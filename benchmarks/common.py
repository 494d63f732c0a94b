"""Shared pieces of every benchmark: where the data is, scoring, and how results are shown and kept."""
from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))
RESULTS = ROOT / "benchmarks" / "results"
console = Console(width=160)


class Skip(Exception):
    """A benchmark that cannot run here (its data is absent); the message says why."""


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise Skip(f"{path} not found: this benchmark needs the shared/ data beside the checkout "
                   "(or RASHOMON_SHARED pointing to it)")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class PRF:
    """Precision, recall and F1 from counts, the way TempEval and CoNLL report them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    """One benchmark's result: rows for the table and the same numbers for the JSON file."""

    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def show(self) -> None:
        table = Table(*self.columns, title=self.name)
        for row in self.rows:
            table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
        console.print(table)
        for key, value in self.extra.items():
            if not isinstance(value, dict):  # detail goes to the JSON file only
                console.print(f"  {key}: {value}")

    def save(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.name}.json"
        payload = {"name": self.name, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                   "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                   "columns": self.columns, "rows": self.rows, **self.extra}
        path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        return path
