"""Compare, the issue map, and ratings with reported earnings on the discovery results."""

import html
import re

import pytest

from tests.factories import earnings, many_users, write_platform_review
from tests.helpers import login, text_of


def reviews(app, slug, stars, prefix, **fields):
    """One review per star value, each by a new confirmed worker; their ids."""
    users = many_users(app, len(stars), prefix=f"{prefix}-{slug}")
    return [write_platform_review(app, u, slug, overall=s, **fields) for u, s in zip(users, stars,
                                                                          strict=True)]


def result_order(response) -> list[str]:
    page = response.get_data(as_text=True)
    ordered = page[page.index('<ol class="results">'):]
    return re.findall(r'<h2 class="card-title"><a href="/platforms/([\w-]+)"', ordered)


# -- compare -----------------------------------------------------------------------------------

@pytest.fixture
def rated(small_app):
    """Rover: 3 reviews (5, 4, 3 stars), two report late pay, all report USD earnings.
    Airbnb: 1 review (not enough)."""
    pay = [earnings("300", "15"), earnings("250", "10", expenses="50"), earnings("90", "6")]
    users = many_users(small_app, 3, prefix="rover")
    for user, stars, report, tags in zip(users, (5, 4, 3), pay,
                                         (("late-pay",), ("late-pay",), ()), strict=True):
        write_platform_review(small_app, user, "rover", overall=stars, issues=tags,
                              would_recommend=stars > 3, **report)
    reviews(small_app, "airbnb", [2], "airbnb")
    return small_app


def test_compare_shows_every_dimension_side_by_side(rated):
    client = rated.test_client()
    response = client.get("/compare?p=rover,airbnb")
    assert response.status_code == 200
    raw = response.get_data(as_text=True)
    head = raw[raw.index("<thead>"):raw.index("</thead>")]
    assert re.findall(r'href="/platforms/([\w-]+)"', head) == ["rover", "airbnb"]
    page = text_of(response)
    for label in ("Overall, out of 5", "Ranking score", "Pay", "Flexibility", "Support",
                  "Fairness", "Safety", "Would recommend it", "Problems reported most",
                  "Workers report earning", "The platform says workers earn", "Fee",
                  "Where it operates", "Requirements"):
        assert label in page, label
    assert "4.0" in page  # Rover's overall average
    assert "67%" in page  # two of three would recommend
    assert "Late or missing pay (67%)" in page
    # medians of 20.00, 20.00 and 15.00 USD an hour
    assert "20.00 USD an hour (3 reports)" in page
    assert "Sitters earn up to $1,000 a month" in page
    assert "Not enough reviews yet" in page  # Airbnb, one review


def test_compare_accepts_repeated_p_from_the_form(rated):
    client = rated.test_client()
    page = client.get("/compare?p=rover&p=airbnb&p=&p=")
    assert page.status_code == 200 and "Rover" in text_of(page)
    form = client.get("/compare").get_data(as_text=True)
    assert form.count('name="p"') == 4 and 'method="get"' in form


@pytest.mark.parametrize(("query", "message"), [
    ("p=rover", "Choose at least 2 different platforms to compare."),
    ("p=rover,rover", "Choose at least 2 different platforms to compare."),
    ("p=rover,airbnb,blablacar,dogvacay,hourly-walkers", "Compare at most 4 platforms"),
    ("p=rover,nope", 'We know no platform called "nope"'),
])
def test_compare_explains_bad_input(small_client, query, message):
    response = small_client.get(f"/compare?{query}")
    assert response.status_code == 400
    assert message in text_of(response)


def test_compare_escapes_an_unknown_slug(small_client):
    raw = small_client.get('/compare?p=rover,<script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw and "&lt;script&gt;" in raw


def test_compare_costs_the_same_for_two_and_four_platforms(make_app, count_queries):
    app = make_app("small")
    for slug in ("rover", "airbnb", "blablacar", "hourly-walkers"):
        reviews(app, slug, [4, 3, 5], "q", issues=("pay-cut",), **earnings("100", "5"))
    client = app.test_client()
    client.get("/compare?p=rover,airbnb")
    with count_queries(app) as two:
        client.get("/compare?p=rover,airbnb")
    with count_queries(app) as four:
        assert client.get("/compare?p=rover,airbnb,blablacar,hourly-walkers").status_code == 200
    assert len(two) == len(four)


# -- issue map ---------------------------------------------------------------------------------

@pytest.fixture
def issues_site(small_app):
    """Rover 4 reviews (3 late pay, 1 unsafe); Airbnb 3 (1 late pay); BlaBlaCar 1 (unsafe)."""
    users = many_users(small_app, 8, prefix="map")
    for user, tags in zip(users[:4], (("late-pay",), ("late-pay", "unsafe"), ("late-pay",), ()),
                          strict=True):
        write_platform_review(small_app, user, "rover", issues=tags)
    for user, tags in zip(users[4:7], (("late-pay",), (), ()), strict=True):
        write_platform_review(small_app, user, "airbnb", issues=tags)
    write_platform_review(small_app, users[7], "blablacar", issues=("unsafe",))
    return small_app


def test_issue_map_counts_each_tag_across_platforms(issues_site):
    page = text_of(issues_site.test_client().get("/issues"))
    assert "From 8 counted reviews" in page
    # 4 of 8 reviews report late pay (50%); on one platform at least half do.
    assert "Late or missing pay 4 50% 1" in page
    assert "Unsafe situations 2 25% 0" in page


def test_issue_map_shows_each_platforms_share_and_highlights_most(issues_site):
    response = issues_site.test_client().get("/issues")
    raw = re.sub(r"\s+", " ", response.get_data(as_text=True))
    rover = raw[raw.index('href="/platforms/rover"'):]
    rover = rover[:rover.index("</tr>")]
    assert 'class="heat heat-3">75%' in rover and "most workers" in rover
    assert 'class="heat heat-2">25%' in rover  # unsafe, 1 of 4
    airbnb = raw[raw.index('href="/platforms/airbnb"'):]
    assert 'class="heat heat-2">33%' in airbnb[:airbnb.index("</tr>")]
    assert 'href="/platforms/blablacar"' not in raw  # one review: not enough to show shares
    assert "1 more platform has fewer than 3 reviews" in text_of(response)


def test_issue_map_reads_summary_rows_only(issues_site, count_queries):
    client = issues_site.test_client()
    with count_queries(issues_site) as statements:
        assert client.get("/issues").status_code == 200
    assert statements
    for statement in statements:
        assert not re.search(r"\b(FROM|JOIN)\s+review\b", statement), statement


def test_issue_map_follows_moderation(issues_site, make_user):
    from peers.extensions import db
    from peers.ratings.models import Review, ReviewIssue
    from peers.ratings.services import set_review_status

    with issues_site.app_context():
        hidden = db.session.scalars(
            db.select(Review).join(ReviewIssue).where(ReviewIssue.tag == "unsafe")
            .where(Review.platform.has(slug="blablacar"))).one()
        set_review_status(hidden, "hidden")
        db.session.commit()
    page = text_of(issues_site.test_client().get("/issues"))
    assert "From 7 counted reviews" in page and "Unsafe situations 1 14%" in page


def test_issue_map_without_reviews_says_so(small_client):
    assert "No reviews are counted yet" in text_of(small_client.get("/issues"))


# -- discovery results -------------------------------------------------------------------------

SEARCH = "/discover?q=dog+walking+boarding"


@pytest.fixture
def ranked(small_app):
    """Rover 3.0 (3 reviews, 20 USD/h); Hourly Walkers 5.0 (3, 25 USD/h);
    DogVacay (merged) 5.0 (3); Airbnb not reviewed."""
    reviews(small_app, "rover", [3, 3, 3], "r", **earnings("200", "10"))
    reviews(small_app, "hourly-walkers", [5, 5, 5], "h", **earnings("250", "10"))
    reviews(small_app, "dogvacay", [5, 5, 5], "d", **earnings("900", "10"))
    return small_app


def test_results_show_rating_and_reported_earnings_beside_the_claim(ranked):
    client = ranked.test_client()
    response = client.get(SEARCH)
    page = text_of(response)
    assert "Workers rate it ★ 3.0 out of 5 (3 reviews)" in page
    assert "20.00 USD an hour after expenses in all countries, median of 3 reports" in page
    assert "25.00 USD an hour after expenses" in page and "Walkers earn $20 an hour" in page


def test_results_say_when_there_are_not_enough_reviews(small_app):
    reviews(small_app, "rover", [4], "one", **earnings("100", "10"))
    page = text_of(small_app.test_client().get(SEARCH))
    assert "Not enough reviews yet (1 so far)" in page
    assert "Not enough earnings reports yet" in page
    assert "No earnings reported yet" in page


def test_sort_by_rating_uses_the_bayesian_average_and_keeps_dead_platforms_last(ranked):
    client = ranked.test_client()
    by_match = result_order(client.get(SEARCH))
    assert by_match.index("rover") < by_match.index("hourly-walkers")
    by_rating = result_order(client.get(SEARCH + "&sort=rating"))
    assert by_rating.index("hourly-walkers") < by_rating.index("rover")
    assert by_rating[-1] == "dogvacay"  # merged: never above an active platform
    assert sorted(by_rating) == sorted(by_match)


def test_sort_by_rating_puts_platforms_without_enough_reviews_after(ranked):
    reviews(ranked, "airbnb", [5, 5], "a")  # two five-star reviews: not enough
    order = result_order(ranked.test_client().get("/discover?q=dog+walking+boarding+room"))
    rating = result_order(ranked.test_client().get(
        "/discover?q=dog+walking+boarding+room&sort=rating"))
    assert "airbnb" in order
    assert rating.index("rover") < rating.index("airbnb")


def test_bayesian_average_ranks_many_good_reviews_above_a_few_perfect(small_app):
    reviews(small_app, "rover", [5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4], "many")  # 4.5 from 12
    reviews(small_app, "hourly-walkers", [5, 5, 5], "few")  # 5.0 from 3
    order = result_order(small_app.test_client().get(SEARCH + "&sort=rating"))
    assert order.index("rover") < order.index("hourly-walkers")


def test_sort_by_reported_earnings(ranked):
    reviews(ranked, "airbnb", [4, 4, 4], "eur", **earnings("400", "10", currency="EUR"))
    order = result_order(ranked.test_client().get(
        "/discover?q=dog+walking+boarding+room&sort=earnings"))
    assert order.index("hourly-walkers") < order.index("rover") < order.index("airbnb")
    assert order[-1] == "dogvacay"
    page = text_of(ranked.test_client().get(
        "/discover?q=dog+walking+boarding+room&sort=earnings"))
    assert "in USD; platforms with reports only in other currencies follow" in page


def test_the_sort_control_is_plain_links_that_keep_the_search(ranked):
    raw = ranked.test_client().get(SEARCH + "&location=Austin%2C+TX&sort=rating") \
        .get_data(as_text=True)
    assert "<script" not in raw
    assert re.search(r'href="/discover\?[^"]*q=dog\+walking\+boarding[^"]*location=Austin'
                     r'[^"]*sort=earnings"', raw.replace("&amp;", "&"))
    assert '<strong aria-current="true">Rating</strong>' in raw
    assert 'name="sort" value="rating"' in raw  # searching again keeps the order


def test_an_unknown_sort_falls_back_to_match_order(ranked):
    client = ranked.test_client()
    assert result_order(client.get(SEARCH + "&sort=bogus")) == result_order(client.get(SEARCH))


def test_results_link_to_compare_the_top_three(ranked):
    raw = ranked.test_client().get(SEARCH).get_data(as_text=True)
    link = re.search(r'href="(/compare\?p=[^"]+)">Compare the top 3<', raw)
    assert link
    assert ranked.test_client().get(html.unescape(link.group(1))).status_code == 200


def test_results_cost_the_same_with_one_or_fifteen_reviewed_platforms(make_app, count_queries):
    search = "/discover?q=drive+deliver+cook+teach+rent+dogs&more=2"  # twenty results

    def queries_for(reviewed: int) -> int:
        app = make_app("real")
        client = app.test_client()
        slugs = result_order(client.get(search))
        assert len(slugs) >= 15
        users = many_users(app, 3, prefix=f"n{reviewed}")
        for slug in slugs[:reviewed]:
            for user, stars in zip(users, (3, 4, 5), strict=True):
                write_platform_review(app, user, slug, overall=stars, **earnings("120", "8"))
        login(client, users[0])
        client.get(search)
        with count_queries(app) as statements:
            page = text_of(client.get(search))
        assert page.count("(3 reviews)") == reviewed
        return len(statements)

    assert queries_for(1) == queries_for(15)


def test_compare_marks_the_best_shown_value_in_each_row(small_app):
    reviews(small_app, "rover", [5, 4, 4], "best-r")
    reviews(small_app, "airbnb", [3, 3, 3], "best-a")
    raw = small_app.test_client().get("/compare?p=rover,airbnb").get_data(as_text=True)
    overall = raw[raw.index("Overall, out of 5"):]
    overall = overall[:overall.index("</tr>")]
    assert '<span class="best">4.3</span><span class="visually-hidden"> (highest)</span>' in overall
    assert '<span>3.0</span>' in overall
    recommend = raw[raw.index("Would recommend it"):]
    recommend = recommend[:recommend.index("</tr>")]
    assert recommend.count('class="best"') == 2  # both 100%: a tie is shown as one
