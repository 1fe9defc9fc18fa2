"""Marketplace pages: browse and search offers, vendor profiles, vendors' own offers."""

from flask import Blueprint

bp = Blueprint("marketplace", __name__)
