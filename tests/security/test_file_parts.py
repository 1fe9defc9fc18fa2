"""A file part sent for a field that takes text is a field error, never a 500, and changes
nothing. One base form (peers.forms.Form, tested on its own in tests/test_forms.py) does this
for every form of the site; the walk below sends every text field of every POST route's form as
a file, and a new POST route must say which form it reads before it can ship."""

import html
import inspect

import pytest
import sqlalchemy as sa
from wtforms import FileField

from peers.accounts import forms as account_forms
from peers.accounts import services as account_services
from peers.accounts.models import User
from peers.campaigns import forms as campaign_forms
from peers.catalog import forms as catalog_forms
from peers.community import forms as community_forms
from peers.deactivations import forms as deactivation_forms
from peers.events import forms as event_forms
from peers.extensions import db
from peers.follows import forms as follow_forms
from peers.forms import SENT_AS_FILE
from peers.marketplace import forms as market_forms
from peers.moderation import forms as moderation_forms
from peers.ratings import forms as rating_forms
from tests.helpers import a_file, csrf_token
from tests.populate import everyone, fill_every_table
from tests.security.access import ACCESS, EXPECTED, client_as, endpoints

# -- every POST route of the site -----------------------------------------------------------------
# The form each POST endpoint reads. Every POST endpoint must be named here.
FORMS = {
    "accounts.signup": account_forms.SignupForm,
    "accounts.login": account_forms.LoginForm,
    "accounts.logout": account_forms.ActionForm,
    "accounts.account": account_forms.ProfileForm,
    "accounts.resend_confirmation": account_forms.ActionForm,
    "accounts.change_password": account_forms.PasswordChangeForm,
    "accounts.delete": account_forms.DeleteAccountForm,
    "accounts.reset_request": account_forms.ResetRequestForm,
    "accounts.reset_password": account_forms.ResetPasswordForm,
    "accounts.change_email": account_forms.EmailChangeForm,
    "accounts.cancel_email_change": account_forms.ActionForm,
    "ratings.write": rating_forms.ReviewForm,
    "ratings.edit": rating_forms.ReviewForm,
    "ratings.delete": rating_forms.DeleteReviewForm,
    "statements.upload": rating_forms.StatementForm,
    "statements.decide": rating_forms.StatementDecisionForm,
    "community.helpful": community_forms.HelpfulForm,
    "community.flag": community_forms.FlagForm,
    "community.reply": community_forms.ReplyForm,
    "moderation.decide": moderation_forms.DecisionForm,
    "moderation.decide_vendor_review": moderation_forms.DecisionForm,
    "catalog.suggest_correction": catalog_forms.CorrectionForm,
    "catalog.suggest_platform": catalog_forms.PlatformSuggestionForm,
    "catalog.decide": catalog_forms.SuggestionDecisionForm,
    "marketplace.review": market_forms.VendorReviewForm,
    "marketplace.helpful": community_forms.HelpfulForm,
    "marketplace.flag": community_forms.FlagForm,
    "marketplace.profile": market_forms.VendorForm,
    "marketplace.new_offer": market_forms.OfferForm,
    "marketplace.edit_offer": market_forms.OfferForm,
    "marketplace.withdraw_offer": market_forms.ActionForm,
    "marketplace.relist_offer": market_forms.ActionForm,
    "campaigns.new": campaign_forms.CampaignForm,
    "campaigns.support": campaign_forms.SupportForm,
    "campaigns.withdraw": campaign_forms.WithdrawForm,
    "campaigns.post_update": campaign_forms.UpdateForm,
    "campaigns.respond": campaign_forms.ResponseForm,
    "campaigns.flag": community_forms.FlagForm,
    "campaign_updates.flag": community_forms.FlagForm,
    "campaigns.decide": moderation_forms.DecisionForm,
    "campaigns.decide_update": moderation_forms.DecisionForm,
    "deactivations.report": deactivation_forms.ReportForm,
    "deactivations.data_request_letter": deactivation_forms.LetterForm,
    "deactivations.flag": community_forms.FlagForm,
    "deactivations.decide": moderation_forms.DecisionForm,
    "events.new": event_forms.EventForm,
    "events.rsvp": event_forms.ActionForm,
    "events.withdraw": event_forms.ActionForm,
    "events.cancel": event_forms.ActionForm,
    "events.flag": community_forms.FlagForm,
    "events.decide": moderation_forms.DecisionForm,
    "follows.follow_platform": follow_forms.FollowForm,
    "follows.unfollow_platform": follow_forms.FollowForm,
    "follows.follow_campaign": follow_forms.FollowForm,
    "follows.unfollow_campaign": follow_forms.FollowForm,
    "follows.following": follow_forms.FrequencyForm,
    # reads no form: the signed token in its address is all it takes (a bad one is a 400)
    "follows.unsubscribe": follow_forms.FollowForm,
}


# The one POST without a CSRF token: a mail client's one-click unsubscribe, whose signed token
# in the address is the proof.
CSRF_EXEMPT = {"follows.unsubscribe"}

# Forms that are only a button: their one part is the CSRF token (the last test below).
BUTTONS = {account_forms.ActionForm, rating_forms.DeleteReviewForm, community_forms.HelpfulForm,
           market_forms.ActionForm, campaign_forms.WithdrawForm, event_forms.ActionForm,
           follow_forms.FollowForm,
           rating_forms.StatementForm}  # its one field is a file field


def post_rules(app) -> list:
    return [(endpoint, rule) for endpoint, rules in sorted(endpoints(app).items())
            for rule in rules if "POST" in rule.methods]


def text_fields(app, form_class) -> list[str]:
    """The names of a form's fields that take text (all but file fields and the CSRF token)."""
    with app.test_request_context("/"):
        kwargs = {}
        if "platform_choices" in inspect.signature(form_class).parameters:
            kwargs["platform_choices"] = []
        form = form_class(**kwargs)
        return [field.name for field in form
                if not isinstance(field, FileField) and field.name != "csrf_token"]


def snapshot(app) -> dict[str, list]:
    """Every row of every table, to compare before and after a request."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(sa.select(table)).all()))
                for table in db.metadata.sorted_tables}


@pytest.fixture
def site(make_app):
    """Accounts of every kind, and a review, a vendor and an offer to point the URLs at."""
    # Dozens of sign-ups in a row. Limits raised, not switched off: RATELIMIT_ENABLED=False
    # would stay on the shared limiter for every later app of the session.
    app = make_app("small", SIGNUP_LIMIT="1000 per hour", LOGIN_LIMIT="1000 per minute")
    people, values = everyone(app, fill_every_table(app))
    return app, people, values


def url_values(app, endpoint: str, rule, values: dict) -> dict:
    """The URL's values; a password reset needs a real link to reach its form."""
    found = {name: values[name] for name in rule.arguments}
    if endpoint == "accounts.reset_password":
        with app.app_context():
            someone = db.session.scalars(sa.select(User).order_by(User.id)).first()
            found["token"] = account_services.reset_token(someone)
    return found


def test_every_post_route_names_its_form(small_app):
    posts = {endpoint for endpoint, _rule in post_rules(small_app)}
    assert sorted(posts - set(FORMS)) == [], f"Say which form these read in FORMS ({__name__})"
    assert sorted(set(FORMS) - posts) == [], "FORMS names endpoints that take no POST"


def admitted_person(endpoint: str) -> str:
    """Someone the endpoint lets in: the form must be reached, not the login page."""
    return next(person for person, admitted in EXPECTED[ACCESS[endpoint]].items() if admitted)


def test_every_text_field_of_every_post_route_refuses_a_file_part(site):
    app, people, values = site
    before = snapshot(app)
    problems = []
    for endpoint, rule in post_rules(app):
        url = rule.build(url_values(app, endpoint, rule, values))[1]
        person = admitted_person(endpoint)
        client = client_as(app, people[person])
        token = csrf_token(client, "/account/login" if people[person] is None else "/privacy")
        fields = text_fields(app, FORMS[endpoint])
        if not fields and FORMS[endpoint] not in BUTTONS:
            problems.append(f"{endpoint}: its form has no text field to send as a file")
        for field in fields:
            response = client.post(url, data={"csrf_token": token, field: a_file()},
                                   content_type="multipart/form-data")
            page = html.unescape(response.get_data(as_text=True))
            where = f"POST {url} ({endpoint}) as {person}, {field} sent as a file"
            if response.status_code != 400:
                problems.append(f"{where}: status {response.status_code}, expected 400")
            elif SENT_AS_FILE not in page:
                problems.append(f"{where}: the page does not say {SENT_AS_FILE!r}")
            if snapshot(app) != before:
                problems.append(f"{where}: the database changed")
                before = snapshot(app)
    assert problems == []


def test_a_csrf_token_sent_as_a_file_is_refused_and_changes_nothing(site):
    """Forms with nothing to type (a button) still get a file part somewhere: the token."""
    app, people, values = site
    before = snapshot(app)
    for endpoint, rule in post_rules(app):
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        person = admitted_person(endpoint)
        client = client_as(app, people[person])
        token = csrf_token(client, "/account/login" if people[person] is None else "/privacy")
        response = client.post(url, data={"csrf_token": a_file(token.encode())},
                               content_type="multipart/form-data")
        assert response.status_code == 400, f"{endpoint}: {response.status_code}"
        if endpoint in CSRF_EXEMPT:
            continue  # refused for its forged token instead (tests/follows)
        assert "CSRF token is missing" in response.get_data(as_text=True), endpoint
    assert snapshot(app) == before
