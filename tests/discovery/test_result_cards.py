"""Result cards are kept per state of the index: never shown stale after a committed change."""

import re

import sqlalchemy as sa

from peers.discovery.models import Category, Platform
from peers.extensions import db


def visible_text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def edit(app, slug: str, **values) -> None:
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        for name, value in values.items():
            setattr(platform, name, value)
        db.session.commit()


def test_a_committed_change_to_a_shown_platform_is_on_the_next_results_page(small_app):
    client = small_app.test_client()
    first = visible_text(client.get("/discover?q=dog+walking"))
    assert "No pay claim" not in first and "Sitters earn up to $1,000 a month" in first
    # Neither the fee nor the pay claim is searched: the change still reaches the index (its
    # stamp), and with it the page.
    edit(small_app, "rover", advertised_pay=None, requirements={"min_age": 21},
         fee={"text": "20% of each booking", "source": "https://example.org/fee", "as_of": 2025})
    page = visible_text(client.get("/discover?q=dog+walking"))
    assert "Sitters earn up to $1,000 a month" not in page
    assert "The platform makes no pay claim we could source." in page
    assert "Fee 20% of each booking" in page and "Age 21 or older" in page


def test_a_renamed_successor_and_category_reach_the_cards_that_name_them(small_app):
    client = small_app.test_client()
    before = visible_text(client.get("/discover?q=dogvacay"))
    assert "Its work goes on at Rover ." in before and "Pet care" in before
    edit(small_app, "rover", name="Rover Pets")
    with small_app.app_context():  # as a catalog load renames a category: it re-stamps platforms
        db.session.scalar(sa.select(Category).where(Category.slug == "pet-care")).name = "Pets"
        for platform in db.session.scalars(sa.select(Platform).where(Platform.slug == "dogvacay")):
            platform.updated_at = platform.updated_at.replace(year=platform.updated_at.year + 1)
        db.session.commit()
    after = visible_text(client.get("/discover?q=dogvacay"))
    assert "Its work goes on at Rover Pets ." in after
    assert "Pet care" not in after and " Pets " in after


def test_the_worker_country_comes_first_in_each_cached_card(small_client):
    def where(location: str) -> str:
        page = visible_text(small_client.get(f"/discover?q=dog+walking&location={location}"))
        return re.search(r"Where ([A-Z, ]+?) Fee|Where ([A-Z, ]+?) You need", page).group(0)

    assert where("US").startswith("Where US, CA, GB")
    assert where("GB").startswith("Where GB, CA, US")
    assert where("").startswith("Where CA, GB, US")


def test_a_change_committed_by_another_app_on_the_same_index_is_seen(small_app, another_worker):
    """Two workers of one host: each keeps its own cards, and each sees the other's commit."""
    other = another_worker(small_app)
    client = small_app.test_client()
    assert "Dog walking, pet sitting" in visible_text(client.get("/discover?q=dog+walking"))
    edit(other, "rover", summary="Walks, visits and boarding for the dogs of your street.")
    page = visible_text(client.get("/discover?q=dog+walking"))
    assert "Walks, visits and boarding for the dogs of your street." in page
    assert "Dog walking, pet sitting" not in page
