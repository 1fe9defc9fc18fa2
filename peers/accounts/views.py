"""Routes of the accounts feature (HTTP only: forms in, services and queries out)."""

import json
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from peers.accounts import queries, services
from peers.accounts.decorators import role_required
from peers.accounts.forms import (
    ActionForm,
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    SignupForm,
)
from peers.accounts.mail import MailError, send_mail
from peers.accounts.models import User
from peers.accounts.services import AccountError
from peers.extensions import db, limiter, writes_on_get

__all__ = ["bp", "role_required", "safe_next"]

bp = Blueprint("accounts", __name__)

TOO_MANY_LOGINS = "Too many failed logins. Wait a minute, then try again."


# -- helpers ---------------------------------------------------------------------------------
def safe_next(target: str | None, default: str = "accounts.account") -> str:
    """`target` when it is a path on this site; otherwise the default page's URL."""
    fallback = url_for(default)
    if not target or len(target) > 2000:
        return fallback
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return fallback  # browsers read "/\host" as "//host"; control characters hide tricks
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def _me() -> User:
    """The logged-in User itself (not Flask-Login's proxy), for services and the session."""
    return current_user._get_current_object()


def _site_url(endpoint: str, **values) -> str:
    """An absolute link for an email: SITE_URL when configured, else this request's host."""
    base = current_app.config.get("SITE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _send_confirmation(user: User) -> bool:
    link = _site_url("accounts.confirm_email", token=services.confirmation_token(user))
    hours = current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600
    body = render_template("accounts/mail/confirm_email.txt", user=user, link=link, hours=hours)
    try:
        send_mail(user.email, "Confirm your email for Peers", body)
    except MailError:
        flash("We could not send the confirmation email just now. "
              "Ask for it again on this page in a few minutes.", "error")
        return False
    return True


def _field_error(form, exc: AccountError) -> None:
    db.session.rollback()  # nothing the refused request did is kept
    field = getattr(form, exc.field or "", None)
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


def _failed_login(_response) -> bool:
    return bool(g.get("login_failed"))


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _login_account_key() -> str:
    # Per account: the email as typed, lowercased (whether or not such an account exists).
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _remembered() -> bool:
    return bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME",
                                                           "remember_token")))


# -- signing up, in and out ------------------------------------------------------------------
@bp.route("/account/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_LIMIT"], methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.sign_up(form.email.data, form.password.data,
                                    form.display_name.data or "", form.offers_services.data)
        except AccountError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            login_user(user)
            if _send_confirmation(user):
                flash(f"Welcome to Peers. We sent a link to {user.email}: open it to confirm "
                      "your email, so that your reviews count.")
            return redirect(safe_next(request.args.get("next")))
    status = 400 if form.errors else 200
    return render_template("accounts/signup.html", form=form,
                           next=request.args.get("next")), status


@bp.route("/account/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_login,
               error_message=TOO_MANY_LOGINS)
@limiter.limit(_login_limit, key_func=_login_account_key, methods=["POST"],
               deduct_when=_failed_login, error_message=TOO_MANY_LOGINS)
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        g.login_failed = True  # only failures count towards LOGIN_LIMIT
        form.password.errors = ["That email and password do not match an account."]
    status = 400 if form.errors else 200
    return render_template("accounts/login.html", form=form,
                           next=request.args.get("next")), status


@bp.post("/account/logout")
def logout():
    if ActionForm().validate_on_submit() and current_user.is_authenticated:
        services.end_other_sessions(_me())  # every device and remember-me cookie, too
        db.session.commit()
        logout_user()
        flash("You are logged out, here and on every other device.")
    return redirect(url_for("discovery.index"))


# -- the account page ------------------------------------------------------------------------
@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    me = _me()
    form = ProfileForm(obj=me)
    if form.validate_on_submit():
        services.update_profile(me, form.display_name.data or "")
        db.session.commit()
        flash("Your display name is saved.")
        return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/account.html", user=me, form=form,
                           action_form=ActionForm()), status


@bp.post("/account/confirm/resend")
@login_required
@limiter.limit(lambda: current_app.config["CONFIRM_RESEND_LIMIT"],
               key_func=lambda: f"confirm-resend:{current_user.id}",
               error_message="You asked for several links already. Try again in an hour.")
def resend_confirmation():
    me = _me()
    if ActionForm().validate_on_submit():
        if me.is_confirmed:
            flash("Your email is already confirmed.")
        elif _send_confirmation(me):
            flash(f"We sent a new confirmation link to {me.email}.")
    return redirect(url_for("accounts.account"))


@bp.get("/account/confirm/<token>")
@writes_on_get
def confirm_email(token: str):
    try:
        user = services.confirm_email(token)
    except AccountError as exc:
        db.session.rollback()
        return render_template("accounts/confirm_failed.html", message=exc.message), 400
    db.session.commit()
    flash(f"Thank you: {user.email} is confirmed, and your reviews count.")
    return redirect(url_for("accounts.account") if current_user.is_authenticated
                    else url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    me = _me()
    form = PasswordChangeForm(known_words=(me.email, me.display_name))
    if form.validate_on_submit():
        try:
            services.change_password(me, form.current.data, form.password.data)
        except AccountError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            # This device stays logged in with the new session version; the others do not.
            login_user(me, remember=_remembered())
            flash("Your password is changed. Every other device is logged out.")
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/password.html", form=form), status


# -- your data -------------------------------------------------------------------------------
@bp.get("/account/export")
@login_required
def export():
    me = _me()
    body = json.dumps(queries.export_data(me), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="peers-account-{me.id}.json"',
        "Cache-Control": "no-store",
    })


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete():
    me = _me()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        keep = form.reviews.data == "keep"
        try:
            services.delete_account(me, form.password.data, keep_reviews=keep)
        except AccountError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            logout_user()
            session["account_deleted"] = "kept" if keep else "deleted"
            return redirect(url_for("accounts.deleted"))
    status = 400 if form.errors else 200
    return render_template("accounts/delete.html", form=form), status


@bp.get("/account/deleted")
def deleted():
    reviews = session.pop("account_deleted", None)
    if reviews is None:
        return redirect(url_for("discovery.index"))
    return render_template("accounts/deleted.html", reviews=reviews)


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")
