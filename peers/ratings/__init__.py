"""Ratings: workers review platforms as places to work; honest aggregates for everyone."""
