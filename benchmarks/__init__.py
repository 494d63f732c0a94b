"""Accuracy and speed benchmarks: `python -m benchmarks.run [NAME...]` prints tables and writes JSON."""
