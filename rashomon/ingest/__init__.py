"""Ingest: turn files, folders, globs and stdin into Documents (readers, metadata, dedupe)."""
from rashomon.ingest.readers import read_inputs, expand_paths

__all__ = ["read_inputs", "expand_paths"]
