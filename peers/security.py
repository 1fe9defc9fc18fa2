"""HTTP hardening: security headers on every response, proxy headers trusted only when
configured, oversized request bodies refused before anything reads them, and NUL characters
refused in any path, parameter or form field (PostgreSQL cannot store or compare them).

The Content-Security-Policy has no 'unsafe-inline': templates hold no <script>, no <style> and
no style="" attribute (tests/security/test_templates.py keeps it so); the one stylesheet is
static/css/site.css and charts are SVG drawn with presentation attributes.
"""

from flask import Flask, Response, abort, current_app, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies and add the request and response checks."""
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        # Each proxy appends to X-Forwarded-*: trust exactly the last `hops` values, so a
        # client cannot choose its own address (the per-IP login limit counts it) or scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(refuse_oversized_body)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)


def refuse_oversized_body() -> None:
    """413 as soon as the declared body is larger than MAX_CONTENT_LENGTH, on every route."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def refuse_nul_characters() -> None:
    """400 for a NUL character anywhere a user can type: no field of the site accepts one, and
    PostgreSQL refuses it in text (a query with one would fail as a 500)."""
    if "\x00" in request.path:
        abort(400, description="The address contains a NUL character.")
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if "\x00" in name or "\x00" in value:
                abort(400, description=f"The field '{name.replace(chr(0), '')}' contains a "
                                       "NUL character, which no field accepts.")


def add_security_headers(response: Response) -> Response:
    """The header policy above; HSTS in production; no-store on pages of a logged-in user."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("ENV") == "production":
        response.headers.setdefault(
            "Strict-Transport-Security",
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains",
        )
    if _logged_in():
        # Personal pages must not be kept by the browser's back-forward cache or any proxy.
        response.headers["Cache-Control"] = "no-store"
    return response


def _logged_in() -> bool:
    """Whether this response was made for a logged-in user, without asking the database.

    A page that shows anything personal has loaded the user (login_required, or base.html
    naming the account), and Flask-Login keeps it in g._login_user for the request.
    """
    user = g.get("_login_user")
    return user is not None and user.is_authenticated
