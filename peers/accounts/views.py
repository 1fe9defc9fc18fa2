"""Routes of the accounts feature (HTTP only: forms in, services and queries out)."""

import json
import secrets
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

from peers.accounts import emails, queries, services
from peers.accounts.decorators import role_required
from peers.accounts.forms import (
    ActionForm,
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from peers.accounts.mail import MailError
from peers.accounts.models import User
from peers.errors import Refused, commit_or_show
from peers.extensions import db, limiter, writes_on_get
from peers.marketplace import queries as marketplace_queries

__all__ = ["bp", "role_required", "safe_next"]

bp = Blueprint("accounts", __name__)

TOO_MANY_LOGINS = "Too many failed logins. Wait a minute, then try again."
TOO_MANY_RESETS = "Too many password reset requests. Try again in an hour."


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


def _mailed(send) -> bool:
    """Run one of `emails`' senders; on failure say so and return False."""
    try:
        send()
    except MailError:
        flash("We could not send the email just now. Try again in a few minutes.", "error")
        return False
    return True


def _failed_login(_response) -> bool:
    return bool(g.get("login_failed"))


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _login_account_key() -> str:
    # Per account: the email as typed, lowercased (whether or not such an account exists).
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _signup_email_key() -> str:
    # Sign-up mails whoever owns the address: a cap per address keeps it from being a spam gun.
    return "signup-email:" + (request.form.get("email") or "").strip().lower()[:254]


def _reset_account_key() -> str:
    return "reset-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _no_referrer(response: Response) -> Response:
    """A page whose URL holds a token: never sent on in a Referer, never cached."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _remembered() -> bool:
    return bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME",
                                                           "remember_token")))


# -- signing up, in and out ------------------------------------------------------------------
@bp.route("/account/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_MAIL_LIMIT"], key_func=_signup_email_key,
               methods=["POST"], deduct_when=lambda _response: bool(g.get("signup_mailed")),
               error_message="We sent several emails to this address already. "
                             "Try again in an hour.")
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = SignupForm()
    if form.validate_on_submit():
        user, refused = commit_or_show(form, lambda: services.sign_up(
            form.email.data, form.password.data, form.display_name.data or "",
            form.offers_services.data))
        if not refused:
            # A new account and an address that has one get the same answer: only the
            # email tells them apart, and it goes to the address's owner.
            owner = user or queries.user_by_email(form.email.data)
            next_path = request.args.get("next")
            if form.offers_services.data and not next_path:
                # A new vendor's first stop: the profile workers read, then the first offer.
                next_path = url_for("marketplace.profile")
            g.signup_mailed = True
            # A secret of this browser, set the same way whether or not the address had an
            # account; the link logs in only where it matches (see services.confirm_email).
            browser = session["signup_browser"] = secrets.token_urlsafe(16)
            if _mailed(lambda: emails.send_confirmation(user, next_path, browser) if user
                       else emails.send_signup_attempt(owner)):
                flash(f"We sent a link to {form.email.data}: open it to confirm your email "
                      "and log in.")
            return redirect(url_for("accounts.login", next=next_path) if next_path
                            else url_for("accounts.login"))
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
                           action_form=ActionForm(), vendor=_vendor_status(me)), status


def _vendor_status(user) -> dict | None:
    """For a vendor's account page: the vendor profile, and what it lacks before listing."""
    if user.role != "vendor":
        return None
    vendor = marketplace_queries.vendor_of_owner(user.id)
    return {"profile": vendor, "gaps": marketplace_queries.profile_gaps(vendor)}


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
        elif _mailed(lambda: emails.send_confirmation(me)):
            flash(f"We sent a new confirmation link to {me.email}.")
    return redirect(url_for("accounts.account"))


@bp.get("/account/confirm/<token>")
@writes_on_get
def confirm_email(token: str):
    try:
        user, may_log_in = services.confirm_email(token, session.get("signup_browser"))
    except Refused as exc:
        db.session.rollback()
        return render_template("accounts/confirm_failed.html", message=exc.message), 400
    db.session.commit()
    if may_log_in and not current_user.is_authenticated:
        # Sign-up does not log in (it must answer the same for an address that has an
        # account); the first click on the link, in the browser that signed up, does.
        session.pop("signup_browser", None)
        login_user(user)
    flash(f"Thank you: {user.email} is confirmed, and your reviews count." if user.role == "worker"
          else f"Thank you: {user.email} is confirmed.")
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    me = _me()
    form = PasswordChangeForm(known_words=(me.email, me.display_name))
    if form.validate_on_submit():
        _, refused = commit_or_show(
            form, lambda: services.change_password(me, form.current.data, form.password.data))
        if not refused:
            # This device stays logged in with the new session version; the others do not.
            login_user(me, remember=_remembered())
            flash("Your password is changed. Every other device is logged out.")
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/password.html", form=form), status


# -- a forgotten password --------------------------------------------------------------------
@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_IP"], methods=["POST"],
               error_message=TOO_MANY_RESETS)
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_reset_account_key, error_message=TOO_MANY_RESETS)
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = queries.user_by_email(form.email.data)
        if user is not None:
            try:
                emails.send_password_reset(user)
            except MailError:
                pass  # logged by send_mail; the answer must not differ for an existing account
        return render_template("accounts/reset_sent.html", email=form.email.data)
    status = 400 if form.errors else 200
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = services.user_for_reset(token)
    except Refused as exc:
        db.session.rollback()
        page = render_template("accounts/reset_failed.html", message=exc.message)
        return _no_referrer(Response(page, 400))
    form = ResetPasswordForm(known_words=(user.email, user.display_name))
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        # Every other session ended with the old session version; this browser starts anew.
        login_user(user)
        flash("Your new password is set. Every other device is logged out.")
        return redirect(url_for("accounts.account"))
    page = render_template("accounts/reset_password.html", form=form, token=token)
    return _no_referrer(Response(page, 400 if form.errors else 200))


# -- changing the email ----------------------------------------------------------------------
@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["EMAIL_CHANGE_LIMIT"], methods=["POST"],
               key_func=lambda: f"email-change:{current_user.id}",
               error_message="You asked for several email changes already. "
                             "Try again in an hour.")
def change_email():
    me = _me()
    form = EmailChangeForm()
    if form.validate_on_submit():
        token, refused = commit_or_show(form, lambda: services.request_email_change(
            me, form.password.data, form.email.data))
        if not refused:
            # The same answer whether or not the address has an account: its owner is told.
            taken = queries.user_by_email(me.pending_email) is not None
            if _mailed(lambda: emails.send_email_change(me, token, taken)):
                flash(f"We sent a link to {me.pending_email}. Your email changes once you "
                      "open it; until then it stays as it is.")
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/email.html", form=form, user=me), status


@bp.post("/account/email/cancel")
@login_required
def cancel_email_change():
    if ActionForm().validate_on_submit():
        services.cancel_email_change(_me())
        db.session.commit()
        flash("The email change is cancelled; its link no longer works.")
    return redirect(url_for("accounts.account"))


@bp.get("/account/email/confirm/<token>")
@writes_on_get  # it changes the email: a writer, queued like a POST
def confirm_email_change(token: str):
    try:
        user = services.confirm_email_change(token)
    except Refused as exc:
        db.session.rollback()
        return render_template("accounts/confirm_failed.html", message=exc.message), 400
    db.session.commit()
    flash(f"Your email is now {user.email}.")
    return redirect(url_for("accounts.account") if current_user.is_authenticated
                    else url_for("accounts.login"))


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
        _, refused = commit_or_show(
            form, lambda: services.delete_account(me, form.password.data, keep_reviews=keep))
        if not refused:
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
