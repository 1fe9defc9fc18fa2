"""Routes of follows (HTTP only): follow buttons, the Following page, one-click unsubscribe."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.campaigns import queries as campaign_queries
from peers.discovery import queries as discovery_queries
from peers.errors import Refused, refused_as_http
from peers.extensions import csrf, db, limiter
from peers.follows import digests, queries, services
from peers.follows.forms import FollowForm, FrequencyForm

bp = Blueprint("follows", __name__)
EXPIRED = "The form expired. Go back, reload the page and try again."
BAD_LINK = ("This unsubscribe link is not valid: it may have been cut or changed. Use the "
            "link of your latest digest, or choose “No digest” on your Following page.")


def _me():
    return current_user._get_current_object()


def _apply(write, done: str, back: str):
    if not FollowForm().validate():
        abort(400, description=EXPIRED)
    try:
        with refused_as_http():
            write()
        db.session.commit()
        flash(done, "success")
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(back)


@bp.post("/platforms/<slug>/follow")
@login_required
@limiter.limit("60 per hour")
def follow_platform(slug: str):
    platform = discovery_queries.platform_by_slug(slug)
    return _apply(lambda: services.follow_platform(_me(), platform),
                  "You follow this platform: its news comes in your digest.",
                  url_for("discovery.platform", slug=slug))


@bp.post("/platforms/<slug>/unfollow")
@login_required
def unfollow_platform(slug: str):
    platform = discovery_queries.platform_by_slug(slug) or abort(404)
    return _apply(lambda: services.unfollow(_me(), platform_id=platform.id),
                  "You no longer follow this platform.",
                  request.form.get("back") == "following" and url_for("follows.following")
                  or url_for("discovery.platform", slug=slug))


@bp.post("/campaigns/<int:campaign_id>/follow")
@login_required
@limiter.limit("60 per hour")
def follow_campaign(campaign_id: int):
    campaign = campaign_queries.campaign(campaign_id)
    return _apply(lambda: services.follow_campaign(_me(), campaign),
                  "You follow this campaign: its updates come in your digest.",
                  url_for("campaigns.show", campaign_id=campaign_id))


@bp.post("/campaigns/<int:campaign_id>/unfollow")
@login_required
def unfollow_campaign(campaign_id: int):
    back = (url_for("follows.following") if request.form.get("back") == "following"
            else url_for("campaigns.show", campaign_id=campaign_id))
    return _apply(lambda: services.unfollow(_me(), campaign_id=campaign_id),
                  "You no longer follow this campaign.", back)


@bp.route("/account/following", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def following():
    me = _me()
    setting = queries.setting(me.id)
    form = FrequencyForm(data={"frequency": setting.frequency if setting else "weekly"})
    status = 200
    if request.method == "POST":
        if form.validate():
            services.set_frequency(me, form.frequency.data)
            db.session.commit()
            flash("Your digest setting is saved.", "success")
            return redirect(url_for("follows.following"))
        status = 400
    return render_template("follows/following.html", follows=queries.following(me.id),
                           form=form, unfollow_form=FollowForm(formdata=None)), status


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token proves the link came from us; mail clients post no session
@limiter.limit("30 per hour", methods=["POST"])
def unsubscribe(token: str):
    """GET shows a button (link scanners must not unsubscribe anyone); POST unsubscribes, as
    mail clients do with List-Unsubscribe-Post: List-Unsubscribe=One-Click."""
    user_id = digests.user_id_from_token(token) if len(token) <= 200 else None
    if user_id is None:
        return render_template("follows/unsubscribe.html", error=BAD_LINK), 400
    if request.method == "POST":
        services.unsubscribe(user_id)
        db.session.commit()
        return render_template("follows/unsubscribe.html", done=True)
    return render_template("follows/unsubscribe.html", token=token)
