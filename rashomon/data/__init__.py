"""Lexicons, dictionaries and gazetteer supplements (each file notes its source), and how to read them."""
from __future__ import annotations

from typing import Any

import yaml

# libyaml's C loader reads the same documents as SafeLoader (same resolver and constructors), several
# times faster: the actor dictionary and the ontology are read on every start of `rashomon analyze`.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """A data file's YAML, parsed safely (no arbitrary objects) and fast."""
    return yaml.load(text, Loader=_LOADER)
