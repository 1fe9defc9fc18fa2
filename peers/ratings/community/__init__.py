"""Platform reviews as a kind of contribution (votes, flags, the representative's reply)."""
