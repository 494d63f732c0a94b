"""Compare: stories across outlets, and the same fact aligned across their accounts."""
from rashomon.compare.compare import compare, story_of
from rashomon.compare.copies import prepare
from rashomon.compare.stories import Clusterer, day_order, profile

__all__ = ["Clusterer", "compare", "day_order", "prepare", "profile", "story_of"]
