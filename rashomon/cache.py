"""Where Rashomon keeps what it builds once and reuses on every start (the GeoNames index, an empty store)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`RASHOMON_CACHE_DIR`, else ~/.cache/rashomon (may be shared storage on a cluster)."""
    return Path(os.environ.get("RASHOMON_CACHE_DIR") or Path.home() / ".cache" / "rashomon")
