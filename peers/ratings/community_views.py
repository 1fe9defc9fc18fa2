"""Routes for what workers do with others' reviews: helpful votes, flags, replies."""

from flask import Blueprint

bp = Blueprint("community", __name__)
