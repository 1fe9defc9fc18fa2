"""Routes that compare platforms: /compare and the issue map at /issues."""

from flask import Blueprint

bp = Blueprint("insights", __name__)
