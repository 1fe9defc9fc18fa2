"""The open JSON API under /api/v1."""

from peers.api.views import bp

__all__ = ["bp"]
