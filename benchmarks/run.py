"""Entry point: `python -m benchmarks.run [NAME...]` (all when none named)."""
from __future__ import annotations

import importlib
import sys

from benchmarks.common import Skip, console

BENCHMARKS = {"speed": "speed", "time": "times", "places": "places", "events": "events", "stories": "stories",
              "compare": "compare", "coref": "coref", "actors": "actors", "agreements": "agreements",
              "web": "web", "scale": "scale", "crash": "crash", "load": "load",
              "multilingual": "multilingual"}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        console.print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        module = importlib.import_module(f"benchmarks.{BENCHMARKS[name]}")
        try:
            report = module.run()
        except Skip as skip:
            console.print(f"[yellow]skipped {name}[/]: {skip}")
            continue
        report.show()
        console.print(f"  wrote {report.save()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
