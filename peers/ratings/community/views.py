"""Routes for what people do with platform reviews: the engine's helpful, flag and reply."""

from flask import Blueprint

from peers.community.views import add_actions
from peers.ratings.community.kind import PLATFORM_REVIEWS

bp = Blueprint("community", __name__)
add_actions(bp, PLATFORM_REVIEWS, "/reviews")
