"""Routes of the ratings feature (HTTP only: forms in, services and queries out)."""

from flask import Blueprint

bp = Blueprint("ratings", __name__)
