"""Where annotation runs: this process or local worker processes (`local`), or a Ray cluster (`ray`)."""
