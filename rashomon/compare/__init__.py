"""Compare: stories across outlets, and the same fact aligned across their accounts."""
from rashomon.compare.compare import compare

__all__ = ["compare"]
