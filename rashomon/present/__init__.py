"""Present: the rashomon/1 output document, its exports and the offline report."""
