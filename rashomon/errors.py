"""Errors Rashomon raises, one tree so callers can catch what they can handle.

    RashomonError
    ├── InputError      an input file or record cannot be read (names the file and the reason)
    └── StoreError      the database cannot be opened or written
"""
from __future__ import annotations


class RashomonError(Exception):
    """Base of every error Rashomon raises on purpose."""


class InputError(RashomonError):
    """An input (file, record of a file, or stdin) that was rejected, and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Picklable as itself, so errors found on a worker process or a Ray node reach the run intact."""
        return (InputError, (self.source, self.reason))


class StoreError(RashomonError):
    """The store could not be opened, migrated or written."""
