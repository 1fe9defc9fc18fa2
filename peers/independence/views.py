"""/about/independence: who funds Peers, and the rules that keep funders, platforms and
vendors away from ratings, orders and moderation."""

from flask import Blueprint, render_template

from peers.independence.funders import funding

bp = Blueprint("independence", __name__)


@bp.get("/about/independence")
def page():
    return render_template("pages/independence.html", funding=funding())
