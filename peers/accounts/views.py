"""Routes of the accounts feature (HTTP only: forms in, services and queries out)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
