"""The open JSON API under /api/v1."""

from peers.api import marketplace  # noqa: F401  (the marketplace routes join bp)
from peers.api.views import bp

__all__ = ["bp"]
