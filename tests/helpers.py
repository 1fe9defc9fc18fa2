"""What tests do as a person would: log in, send a form with its CSRF token, read the mail the
site wrote and the text of a page."""

import html
import io
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

from peers.accounts import passwords
from peers.discovery.matcher import WorkerProfile, match_platforms
from peers.discovery.search import catch_up_if_due

PASSWORD = "plum-violin-harbour-42"
NEW_PASSWORD = "quartz-lantern-meadow-77"
# The site's real hasher (argon2id, 64 MiB), taken before any test swaps in a light one.
REAL_HASHER = passwords._hasher


def login(client, user) -> None:
    """Log a test client in as this user without the login form (tests of the form use it)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def csrf_token(client, page: str) -> str:
    """The CSRF token of the form on a page, for this client's session."""
    html = client.get(page).get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def post_form(client, page: str, url: str, data: dict, **kwargs):
    """POST a form with the CSRF token of `page`, as a browser would after opening it."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def post(client, url: str, page: str, **data):
    """POST these fields to `url` with the CSRF token of `page`."""
    return post_form(client, page, url, data)


def sign_up(client, email="new@example.org", password=PASSWORD, **fields):
    """Fill in and send the sign-up form."""
    data = {"email": email, "password": password, "confirm": password, **fields}
    return post_form(client, "/account/signup", "/account/signup", data)


def log_in(client, email, password=PASSWORD, remember=False, next_url=None, **kwargs):
    """Fill in and send the login form."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    url = "/account/login" + (f"?next={next_url}" if next_url else "")
    return post_form(client, "/account/login", url, data, **kwargs)


def a_file(content: bytes = b"not text") -> tuple:
    """A file part for a test client's data."""
    return (io.BytesIO(content), "upload.txt", "text/plain")


# -- mail ------------------------------------------------------------------------------------------
def mails_in(instance_path: str | Path) -> list:
    """Every message the file backend wrote under this instance folder, oldest first."""
    folder = Path(instance_path) / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]


def mails(app) -> list:
    """Every message the app's file backend wrote, oldest first."""
    return mails_in(app.instance_path)


def confirmation_link(message) -> str:
    """The path of the confirmation link in a message."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/account/confirm/\S+)", body)
    assert match, body
    return match.group(1)


def confirmation_url(instance_path: str, email: str) -> str:
    """The whole link in the latest confirmation message the site wrote for this address
    (an instance folder shared between runs may hold older ones, to a server now gone)."""
    for message in reversed(mails_in(instance_path)):
        if message["To"] == email:
            body = message.get_content()
            return re.search(r"https?://\S+/account/confirm/\S+", body).group(0)
    raise AssertionError(f"no message to {email}")


# -- pages -----------------------------------------------------------------------------------------
def text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    page = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def text_of(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, whitespace folded."""
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page))


def found(app, text: str) -> list[str]:
    """What a worker's search finds (the request catches the index up first when due)."""
    with app.app_context():
        catch_up_if_due()
        return [m.slug for m in match_platforms(WorkerProfile(text)).matches]


def titles(response) -> list[str]:
    """Offer titles in the order a page lists them."""
    return [html.unescape(t) for t in re.findall(
        r'<h[23] class="card-title"><a href="/marketplace/offers/\d+">([^<]*)</a>',
        response.get_data(as_text=True))]


def validated_get(client, openapi, url: str, status: int = 200):
    """GET a URL, check its status, and validate the response against the OpenAPI document."""
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    openapi.validate_response(WerkzeugOpenAPIRequest(response.request),
                              WerkzeugOpenAPIResponse(response))
    return response
