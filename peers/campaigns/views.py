"""Routes of campaigns (HTTP only: forms in, services and queries out)."""

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.campaigns import queries, services
from peers.campaigns.forms import CampaignForm, ResponseForm, SupportForm, UpdateForm, WithdrawForm
from peers.campaigns.kind import CAMPAIGN_UPDATES, CAMPAIGNS
from peers.community.views import add_actions
from peers.core import utcnow
from peers.discovery import queries as discovery_queries
from peers.discovery.places import country_name
from peers.errors import commit_or_show, refused_as_http
from peers.extensions import db, limiter
from peers.moderation.views import decide_about
from peers.pagination import InvalidParameter, page_arg
from peers.ratings.models import ISSUE_TAGS

bp = Blueprint("campaigns", __name__)
# Each kind's action routes (flag) live on a blueprint of their own: their endpoint names match.
updates_bp = Blueprint("campaign_updates", __name__)
PER_PAGE = 20
EXPIRED = "The form expired. Go back, reload the page and try again."

add_actions(bp, CAMPAIGNS, "/campaigns")
add_actions(updates_bp, CAMPAIGN_UPDATES, "/campaigns/updates")
bp.add_url_rule("/moderation/campaigns/<int:review_id>/decide", "decide",
                decide_about("campaign"), methods=["POST"])
bp.add_url_rule("/moderation/campaign-updates/<int:review_id>/decide", "decide_update",
                decide_about("campaign_update"), methods=["POST"])


@bp.app_template_filter("country_name")
def country_name_filter(code: str | None) -> str:
    return country_name(code) if code else ""


def _me():
    return current_user._get_current_object()


def _visible_or_404(campaign_id: int):
    campaign = queries.campaign(campaign_id)
    if campaign is None or campaign.status != "visible":
        abort(404)
    return campaign


def _one_arg(name: str, allowed=None) -> str | None:
    values = request.args.getlist(name)
    if not values or values == [""]:
        return None
    if len(values) > 1:
        raise InvalidParameter(name, f"Give {name} once.")
    value = values[0].strip()
    if allowed is not None and value not in allowed:
        raise InvalidParameter(name, f"{name} must be one of: {', '.join(allowed)}.")
    if len(value) > 80:
        raise InvalidParameter(name, f"{name} is too long.")
    return value


@bp.get("/campaigns")
def index():
    sort = _one_arg("sort", queries.SORTS) or "supported"
    platform = _one_arg("platform")
    tag = _one_arg("issue", ISSUE_TAGS)
    country = _one_arg("country")
    country = country.upper() if country else None
    found = queries.campaigns(page_arg(), PER_PAGE, sort, platform, tag, country)
    platform_found = discovery_queries.platform_by_slug(platform) if platform else None
    return render_template("campaigns/index.html", campaigns=found, sort=sort,
                           platform=platform_found, platform_slug=platform, tag=tag,
                           country=country)


def _platform_choices():
    return discovery_queries.platform_names(active_only=True)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def new():
    choices = _platform_choices()
    if request.method == "GET":
        data = {"platforms": [s for s in request.args.getlist("platform")[:5]
                              if s in dict(choices)],
                "tags": [t for t in request.args.getlist("issue")[:7] if t in ISSUE_TAGS]}
        form = CampaignForm(data=data, platform_choices=choices)
        return render_template("campaigns/form.html", form=form)
    form = CampaignForm(platform_choices=choices)
    status = 400
    if form.validate():
        ids = discovery_queries.platforms_by_slug(list(form.platforms.data))
        country, city = form.resolved_place()
        data = services.CampaignData(
            title=form.title.data, problem=form.problem.data, ask=form.ask.data,
            platform_ids=tuple(p.id for p in ids.values()), tags=tuple(form.tags.data or ()),
            country=country, city=city)
        campaign, status = commit_or_show(form, lambda: services.start(_me(), data))
        if status is None:
            flash("Your campaign is published. Share its page so others can support it.",
                  "success")
            return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    return render_template("campaigns/form.html", form=form), status


def _page(campaign, support_form=None, update_form=None, response_form=None, status=200):
    updates, responses = queries.updates(campaign.id)
    me = _me()
    own = queries.own_support(me, campaign.id)
    platform_choices = [(p.slug, p.name) for p in campaign.platforms]
    return render_template(
        "campaigns/show.html", campaign=campaign, counts=queries.counts(campaign),
        updates=updates, responses=responses,
        versions=queries.response_versions([r.id for r in responses]),
        own_support=own,
        support_form=support_form or SupportForm(formdata=None, platform_choices=platform_choices),
        withdraw_form=WithdrawForm(formdata=None),
        update_form=update_form or UpdateForm(formdata=None),
        response_form=response_form or ResponseForm(
            formdata=None, data={"body": getattr(services.own_response(me, campaign), "body", "")}
            if me.is_authenticated else None),
        may_respond=me.is_authenticated and services.may_respond(me, campaign),
        is_organizer=me.is_authenticated and campaign.user_id == me.id,
    ), status


@bp.get("/campaigns/<int:campaign_id>")
def show(campaign_id: int):
    return _page(_visible_or_404(campaign_id))


@bp.post("/campaigns/<int:campaign_id>/support")
@login_required
@limiter.limit("30 per hour")
def support(campaign_id: int):
    campaign = _visible_or_404(campaign_id)
    form = SupportForm(platform_choices=[(p.slug, p.name) for p in campaign.platforms])
    if not form.validate():
        return _page(campaign, support_form=form, status=400)
    platform_id = next((p.id for p in campaign.platforms if p.slug == form.platform.data), None)
    country, _city = form.resolved_place()
    _, status = commit_or_show(form, lambda: services.support(
        _me(), campaign, platform_id, country, bool(form.show_name.data)),
        conflict=services.ALREADY_SUPPORTED)
    if status is not None:
        return _page(campaign, support_form=form, status=status)
    flash("Thank you: your support is counted.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="support"))


@bp.post("/campaigns/<int:campaign_id>/withdraw")
@login_required
def withdraw(campaign_id: int):
    campaign = _visible_or_404(campaign_id)
    if not WithdrawForm().validate():
        abort(400, description=EXPIRED)
    removed = services.withdraw(_me(), campaign)
    db.session.commit()
    flash("Your support is withdrawn." if removed else "You were not supporting this campaign.",
          "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="support"))


@bp.post("/campaigns/<int:campaign_id>/updates")
@login_required
@limiter.limit("20 per hour")
def post_update(campaign_id: int):
    campaign = _visible_or_404(campaign_id)
    with refused_as_http():  # who may, before what they wrote
        services.require_organizer(_me(), campaign)
    form = UpdateForm()
    if not form.validate():
        return _page(campaign, update_form=form, status=400)
    with refused_as_http():
        services.post_update(_me(), campaign, form.body.data)
    db.session.commit()
    flash("Your update is published.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="updates"))


@bp.post("/campaigns/<int:campaign_id>/response")
@login_required
@limiter.limit("20 per hour")
def respond(campaign_id: int):
    campaign = _visible_or_404(campaign_id)
    with refused_as_http():
        services.require_representative(_me(), campaign)
    form = ResponseForm()
    if not form.validate():
        return _page(campaign, response_form=form, status=400)
    with refused_as_http():
        services.respond(_me(), campaign, form.body.data)
    db.session.commit()
    flash("The platform's response is published; earlier versions stay visible.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="responses"))


@bp.get("/campaigns/<int:campaign_id>/print")
def printable(campaign_id: int):
    campaign = _visible_or_404(campaign_id)
    updates, responses = queries.updates(campaign.id)
    return render_template("campaigns/print.html", campaign=campaign,
                           counts=queries.counts(campaign), responses=responses,
                           today=utcnow().date())


@bp.get("/campaigns/<int:campaign_id>/supporters.csv")
def supporters_csv(campaign_id: int):
    """For delivering the campaign: counts, and the names of those who agreed to be named."""
    campaign = _visible_or_404(campaign_id)
    counts = queries.counts(campaign)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "label", "value"])
    writer.writerow(["campaign", "title", _cell(campaign.title)])
    writer.writerow(["count", "total supporters", counts.total])
    for name, count in counts.by_platform:
        writer.writerow(["platform", _cell(name), count])
    writer.writerow(["platform", "none of these platforms", counts.not_on_these])
    for code, count in counts.by_country:
        writer.writerow(["country", country_name(code), count])
    writer.writerow(["country", "not given", counts.no_country])
    for name in counts.named:
        writer.writerow(["named supporter", _cell(name), ""])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=peers-campaign-{campaign.id}.csv"})


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
