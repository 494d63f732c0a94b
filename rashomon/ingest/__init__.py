"""Ingest: turn files, folders, globs and stdin into Documents (readers, metadata, dedupe)."""
from rashomon.ingest.readers import expand_paths, read_inputs

__all__ = ["expand_paths", "read_inputs"]
