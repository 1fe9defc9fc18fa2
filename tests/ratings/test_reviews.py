"""Writing reviews: one per worker and platform, edits keep versions, ownership, bad input,
simultaneous submissions, and what happens when an account is confirmed or deleted."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, email_confirmed
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.errors import Forbidden, NotFound
from peers.extensions import db
from peers.ratings import services
from peers.ratings.models import PlatformRatingSummary, Review, ReviewIssue, ReviewVersion
from peers.ratings.services import ReviewData
from tests.helpers import csrf_token, login

GOOD_FORM = {
    "overall": "4", "pay": "3", "flexibility": "5", "support": "2", "fairness": "3",
    "safety": "4", "would_recommend": "yes", "tenure": "1-3y", "still_active": "yes",
    "pros": "I choose my hours.", "cons": "Support never answers.", "city": "Austin",
    "issues": ["no-support", "late-pay"],
}
EARNINGS_FORM = {"gross_pay": "1000", "currency": "usd", "period": "week",
                 "hours_worked": "40", "expenses": "200"}


def data(**changes) -> ReviewData:
    fields = dict(overall=4, pay=3, flexibility=5, support=2, fairness=3, safety=4,
                  would_recommend=True, tenure="1-3y", still_active=True, pros="Good",
                  cons="Bad", city="Austin", issues=("late-pay",))
    return ReviewData(**{**fields, **changes})


def platform(app, slug="rover") -> Platform:
    with app.app_context():
        found = db.session.scalars(sa.select(Platform).where(Platform.slug == slug)).one()
        db.session.expunge(found)
        return found


def save(app, author, slug="rover", **changes) -> int:
    with app.app_context():
        review = services.save_review(author, platform(app, slug), data(**changes))
        db.session.commit()
        return review.id


def summary_count(app, slug="rover") -> int:
    with app.app_context():
        row = db.session.get(PlatformRatingSummary, platform(app, slug).id)
        return row.review_count if row else 0


def post_review(client, slug="rover", url=None, **fields):
    token = csrf_token(client, f"/platforms/{slug}/review")
    form = {**GOOD_FORM, **fields}
    return client.post(url or f"/platforms/{slug}/review", data={"csrf_token": token, **form})


def reviews(app) -> list[Review]:
    with app.app_context():
        found = db.session.scalars(sa.select(Review).order_by(Review.id)).all()
        for review in found:
            db.session.expunge(review)
        return list(found)


# -- one review per worker and platform; edits keep versions ------------------------------------

def test_first_review_is_created_and_counted(small_app, make_user):
    author = make_user(small_app)
    review_id = save(small_app, author)
    [review] = reviews(small_app)
    assert review.id == review_id and review.user_id == author.id
    assert (review.version, review.status, review.is_counted) == (1, "visible", True)
    assert summary_count(small_app) == 1


def test_writing_again_edits_the_review_and_keeps_the_earlier_version(small_app, make_user):
    author = make_user(small_app)
    first = save(small_app, author, overall=2, pros="First words", issues=("late-pay",))
    second = save(small_app, author, overall=5, pros="Second words", issues=("unsafe",))
    assert first == second
    [review] = reviews(small_app)
    assert (review.version, review.overall, review.pros) == (2, 5, "Second words")
    with small_app.app_context():
        [old] = db.session.scalars(sa.select(ReviewVersion)).all()
        tags = db.session.scalars(sa.select(ReviewIssue.tag)).all()
    assert old.version == 1 and old.review_id == first
    assert old.data["overall"] == 2 and old.data["pros"] == "First words"
    assert old.data["issues"] == ["late-pay"]
    assert tags == ["unsafe"]
    assert summary_count(small_app) == 1


def test_saving_the_same_answers_again_makes_no_new_version(small_app, make_user):
    author = make_user(small_app)
    save(small_app, author)
    save(small_app, author)
    [review] = reviews(small_app)
    assert review.version == 1
    with small_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewVersion)) == 0


def test_the_database_refuses_a_second_review_of_the_same_platform(small_app, make_user):
    author = make_user(small_app)
    save(small_app, author)
    with small_app.app_context(), pytest.raises(sa.exc.IntegrityError):
        [review] = db.session.scalars(sa.select(Review)).all()
        copy = Review(**{c.key: getattr(review, c.key) for c in Review.__table__.columns
                         if c.key != "id"})
        db.session.add(copy)
        db.session.flush()


def test_a_platforms_representative_cannot_review_it(small_app, make_user):
    rover = platform(small_app)
    rep = make_user(small_app, represents_platform_id=rover.id)
    with small_app.app_context(), pytest.raises(Forbidden):
        services.save_review(rep, rover, data())
    assert reviews(small_app) == []


# -- earnings ------------------------------------------------------------------------------------

def test_net_hourly_is_pay_minus_expenses_over_all_hours():
    assert data(gross_pay=Decimal("1000"), currency="USD", period="week",
                hours_worked=Decimal("40"), expenses=Decimal("200")).net_hourly == Decimal("20.00")
    assert data(gross_pay=Decimal("100"), currency="USD", period="week",
                hours_worked=Decimal("3")).net_hourly == Decimal("33.33")
    assert data().net_hourly is None


def test_the_form_stores_an_earnings_report(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    response = post_review(client, **EARNINGS_FORM)
    assert response.status_code == 302
    [review] = reviews(small_app)
    assert (review.gross_pay, review.currency, review.period) == (Decimal("1000"), "USD", "week")
    assert (review.hours_worked, review.expenses, review.net_hourly) == (
        Decimal("40"), Decimal("200"), Decimal("20.00"))


# -- ownership -------------------------------------------------------------------------------------

def test_worker_b_cannot_edit_or_delete_worker_as_review_in_the_service(small_app, make_user):
    alice, bob = make_user(small_app), make_user(small_app)
    review_id = save(small_app, alice, pros="Alice's words")
    with small_app.app_context():
        with pytest.raises(Forbidden):
            services.edit_review(bob, review_id, data(pros="Bob's words"))
        with pytest.raises(Forbidden):
            services.delete_review(bob, review_id)
        with pytest.raises(NotFound):
            services.delete_review(bob, review_id + 100)
        db.session.rollback()
    [review] = reviews(small_app)
    assert review.pros == "Alice's words" and review.version == 1


def test_worker_b_cannot_edit_delete_or_read_history_of_as_review_by_id(small_app, make_user):
    alice, bob = make_user(small_app), make_user(small_app)
    review_id = save(small_app, alice, pros="Alice's words")
    save(small_app, alice, pros="Alice's second words")
    client = small_app.test_client()
    login(client, bob)
    token = csrf_token(client, "/platforms/rover/review")
    edit = client.post(f"/reviews/{review_id}/edit",
                       data={"csrf_token": token, **GOOD_FORM, "pros": "Bob was here"})
    delete = client.post(f"/reviews/{review_id}/delete", data={"csrf_token": token})
    history = client.get(f"/reviews/{review_id}/history")
    assert (edit.status_code, delete.status_code, history.status_code) == (403, 403, 403)
    assert "Alice's words" not in history.get_data(as_text=True)
    assert client.post(f"/reviews/{review_id + 50}/delete",
                       data={"csrf_token": token}).status_code == 404
    [review] = reviews(small_app)
    assert review.pros == "Alice's second words" and review.user_id == alice.id
    assert summary_count(small_app) == 1


def test_extra_form_fields_are_ignored(small_app, make_user):
    alice, bob = make_user(small_app), make_user(small_app)
    alices = save(small_app, alice, slug="airbnb")
    client = small_app.test_client()
    login(client, bob)
    response = post_review(client, user_id=str(alice.id), status="hidden", is_counted="0",
                           platform_id=str(platform(small_app, "airbnb").id), version="99",
                           helpful_count="1000", id=str(alices), net_hourly="999")
    assert response.status_code == 302
    mine = [r for r in reviews(small_app) if r.user_id == bob.id]
    assert len(mine) == 1
    review = mine[0]
    assert review.platform_id == platform(small_app).id and review.id != alices
    assert (review.status, review.is_counted, review.version, review.helpful_count) == (
        "visible", True, 1, 0)
    assert review.net_hourly is None
    assert summary_count(small_app, "airbnb") == 1


def test_the_author_deletes_their_review(small_app, make_user):
    author = make_user(small_app)
    review_id = save(small_app, author)
    client = small_app.test_client()
    login(client, author)
    token = csrf_token(client, "/platforms/rover/review")
    response = client.post(f"/reviews/{review_id}/delete", data={"csrf_token": token})
    assert response.status_code == 302 and "/platforms/rover" in response.location
    assert reviews(small_app) == []
    assert summary_count(small_app) == 0
    page = client.get(response.location).get_data(as_text=True)
    assert "Your review was deleted." in page


def test_the_author_reads_earlier_versions(small_app, make_user):
    author = make_user(small_app)
    review_id = save(small_app, author, pros="<b>first</b> version")
    save(small_app, author, pros="second version")
    client = small_app.test_client()
    login(client, author)
    page = client.get(f"/reviews/{review_id}/history").get_data(as_text=True)
    assert "Version 1" in page and "&lt;b&gt;first&lt;/b&gt; version" in page
    assert "version 2" in page


def test_writing_a_review_needs_an_account(small_client):
    response = small_client.get("/platforms/rover/review")
    assert response.status_code == 302 and "login" in response.location
    assert small_client.get("/platforms/nope/review").status_code in (302, 404)


def test_reviewing_an_unknown_platform_is_a_404(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    assert client.get("/platforms/nope/review").status_code == 404


def test_the_edit_form_is_filled_with_the_review(small_app, make_user):
    author = make_user(small_app)
    save(small_app, author, pros="My honest words", city="Leeds", overall=2,
         issues=("unsafe",), gross_pay=Decimal("500"), currency="GBP", period="month",
         hours_worked=Decimal("60"), expenses=None)
    client = small_app.test_client()
    login(client, author)
    page = client.get("/platforms/rover/review").get_data(as_text=True)
    assert "Edit your review of Rover" in page
    assert "My honest words</textarea>" in page and 'value="Leeds"' in page
    assert re.search(r'checked[^>]*value="unsafe"|value="unsafe"[^>]*checked', page)
    assert re.search(r'id="overall-1"[^>]*checked|checked[^>]*id="overall-1"', page)
    # Numbers as the worker wrote them: 500 and 60 hours, not "500.00" and "60.00".
    assert 'value="GBP"' in page and 'value="500"' in page and 'value="60"' in page
    assert re.search(r'<option selected value="month">|<option value="month" selected', page)


# -- bad input: a message beside the field, nothing saved ---------------------------------------

@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"overall": ""}, "overall", "Choose from 1 to 5 stars."),
        ({"safety": "6"}, "safety", "Choose from 1 to 5 stars."),
        ({"would_recommend": "maybe"}, "would_recommend", "Say yes or no."),
        ({"pros": "x" * 2001}, "pros", "Keep it under 2,000 characters."),
        ({"cons": "y" * 2001}, "cons", "Keep it under 2,000 characters."),
        ({"city": "z" * 101}, "city", "Keep the city under 100 characters."),
        ({"tenure": "forever"}, "tenure", "Say how long you have worked on it."),
        ({"issues": ["late-pay", "aliens"]}, "issues", "Choose from the problems listed."),
        ({"gross_pay": "1000"}, "currency", "Enter the currency of that pay."),
        ({**EARNINGS_FORM, "period": ""}, "period", "Choose the period that pay covers."),
        ({**EARNINGS_FORM, "hours_worked": ""}, "hours_worked", "Enter the hours it took."),
        ({"currency": "USD", "hours_worked": "10"}, "gross_pay", "or leave the earnings"),
        ({**EARNINGS_FORM, "currency": "ABC"}, "currency", "Enter a currency code"),
        ({**EARNINGS_FORM, "currency": "XXX"}, "currency", "Enter a currency code"),
        ({**EARNINGS_FORM, "hours_worked": "0"}, "hours_worked", "above 0"),
        ({**EARNINGS_FORM, "hours_worked": "169"}, "hours_worked", "One week has at most 168"),
        ({**EARNINGS_FORM, "period": "year", "hours_worked": "9000"}, "hours_worked",
         "at most 8,736"),
        ({**EARNINGS_FORM, "expenses": "1000.01"}, "expenses", "cannot be more than the pay"),
        ({**EARNINGS_FORM, "gross_pay": "-5"}, "gross_pay", "0 or more"),
        ({**EARNINGS_FORM, "expenses": "-1"}, "expenses", "0 or more"),
        ({**EARNINGS_FORM, "gross_pay": "10.555"}, "gross_pay", "at most 2 decimals"),
        ({**EARNINGS_FORM, "gross_pay": "NaN"}, "gross_pay", "0 or more"),
        ({**EARNINGS_FORM, "gross_pay": "Infinity"}, "gross_pay", "0 or more"),
        ({**EARNINGS_FORM, "gross_pay": "12,50"}, "gross_pay", "point for decimals"),
        ({**EARNINGS_FORM, "gross_pay": "1e20"}, "gross_pay", "at most"),
        ({**EARNINGS_FORM, "gross_pay": "9999999999", "hours_worked": "0.01",
          "expenses": "0"}, "hours_worked", "too much pay per hour"),
        ({**EARNINGS_FORM, "country": "XX"}, "country", "two-letter country code"),
        ({**EARNINGS_FORM, "country": "FRA"}, "country", "two-letter country code"),
        ({**EARNINGS_FORM, "role": "pilot"}, "role", "Not a valid choice"),
    ],
)
def test_bad_input_is_refused_beside_its_field(small_app, make_user, fields, field, message):
    client = small_app.test_client()
    login(client, make_user(small_app))
    response = post_review(client, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    error = page[page.index(f'id="{field}-error"'):]
    assert message in error[:error.index("</p>")]
    assert reviews(small_app) == []


def test_the_report_records_where_it_was_earned(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    assert post_review(client, **EARNINGS_FORM, country="fr").status_code == 302
    [review] = reviews(small_app)
    assert review.country == "FR" and review.role is None


def test_thousands_separators_and_plain_text_are_accepted(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    response = post_review(client, **{**EARNINGS_FORM, "gross_pay": "1,250.50"},
                           pros="line one\r\nline two\x07", city="  Lyon ")
    assert response.status_code == 302
    [review] = reviews(small_app)
    assert review.gross_pay == Decimal("1250.50")
    assert review.pros == "line one\nline two" and review.city == "Lyon"


def test_a_post_without_the_csrf_token_is_refused(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    assert client.post("/platforms/rover/review", data=GOOD_FORM).status_code == 400
    assert reviews(small_app) == []


# -- accounts: confirmation and deletion ---------------------------------------------------------

def test_an_unconfirmed_authors_review_counts_once_the_email_is_confirmed(small_app, make_user):
    author = make_user(small_app, confirmed=False)
    save(small_app, author)
    [review] = reviews(small_app)
    assert not review.is_counted and summary_count(small_app) == 0
    with small_app.app_context():
        user = db.session.get(User, author.id)
        user.email_confirmed_at = utcnow()
        email_confirmed.send(user)
        db.session.commit()
    [review] = reviews(small_app)
    assert review.is_counted and summary_count(small_app) == 1


def delete_account(app, author, keep_reviews):
    with app.app_context():
        user = db.session.get(User, author.id)
        account_deleting.send(user, keep_reviews=keep_reviews)
        db.session.delete(user)
        db.session.commit()


def test_a_leaving_member_can_keep_their_reviews_as_a_former_members(small_app, make_user):
    author = make_user(small_app, display_name="Dana")
    save(small_app, author)
    save(small_app, author, slug="airbnb")
    delete_account(small_app, author, keep_reviews=True)
    kept = reviews(small_app)
    assert len(kept) == 2 and all(r.user_id is None and r.is_counted for r in kept)
    assert summary_count(small_app) == 1 and summary_count(small_app, "airbnb") == 1


def test_a_leaving_member_can_remove_their_reviews(small_app, make_user):
    author, other = make_user(small_app), make_user(small_app)
    save(small_app, author)
    save(small_app, author, slug="airbnb")
    save(small_app, other)
    delete_account(small_app, author, keep_reviews=False)
    assert [r.user_id for r in reviews(small_app)] == [other.id]
    assert summary_count(small_app) == 1 and summary_count(small_app, "airbnb") == 0


def test_an_unconfirmed_accounts_reviews_do_not_start_counting_when_it_leaves(small_app,
                                                                             make_user):
    author = make_user(small_app, confirmed=False)
    save(small_app, author)
    delete_account(small_app, author, keep_reviews=True)
    assert reviews(small_app) == [] and summary_count(small_app) == 0
