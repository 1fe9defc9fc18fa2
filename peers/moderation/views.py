"""Routes of the moderation feature (HTTP only: forms in, services and queries out)."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)
