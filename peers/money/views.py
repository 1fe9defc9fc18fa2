"""Money pages: the earnings calculator (HTTP only)."""

from decimal import Decimal

from flask import Blueprint, render_template, request

from peers.discovery import queries as discovery_queries
from peers.money.calculator import Work, calculate
from peers.money.forms import CalculatorForm
from peers.money.reference import load as load_reference

bp = Blueprint("money", __name__)


@bp.get("/calculator")
def calculator():
    """Anyone may use it; the inputs are in the address, so a result can be shared."""
    form = CalculatorForm(request.args if request.args else None)
    form.set_platforms(discovery_queries.platform_names(active_only=True))
    result, status = None, 200
    if request.args:
        if form.validate():
            currency = form.worker_currency()
            platforms = discovery_queries.platforms_by_slug([s for s, _h, _g in form.filled_rows()])
            work = [Work(platforms.get(slug), hours, gross)
                    for slug, hours, gross in form.filled_rows()]
            result = calculate(work, form.country.data or None, currency,
                               form.distance.data or Decimal(0),
                               form.other_costs.data or Decimal(0))
        else:
            status = 400
    return render_template("money/calculator.html", form=form, result=result,
                           reference=load_reference()), status
