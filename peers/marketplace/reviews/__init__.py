"""Workers review vendors: writing one's own review, the ratings of vendors; votes, flags and
moderation come from the engine (peers.community)."""
