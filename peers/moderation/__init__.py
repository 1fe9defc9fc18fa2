"""Moderation: the queue of flagged reviews, and decisions with an audit trail."""
