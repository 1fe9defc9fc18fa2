"""Deleting a platform, a user or a vendor leaves no row pointing at nothing, on SQLite (foreign
keys on for every connection) and PostgreSQL: through the ORM and through plain SQL."""

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.campaigns.models import Campaign, campaign_platform
from peers.deactivations.models import DeactivationReport
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace.models import Offer, Vendor, VendorArea, VendorReview, offer_platform
from peers.moderation.models import ModerationDecision
from peers.ratings.models import (
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewFlag,
    ReviewIssue,
    ReviewReply,
    ReviewVersion,
    ReviewVote,
)
from tests.backends import postgres_schema
from tests.populate import empty_tables, fill_every_table
from tests.sites import CATALOGS, build_site, close_app, site_config


@pytest.fixture(params=[
    pytest.param("sqlite", marks=pytest.mark.sqlite_only(reason="SQLite's foreign keys")),
    pytest.param("postgresql", marks=pytest.mark.postgres),
])
def site(request, make_app, tmp_path):
    """The small catalog with a row in every table, on each database."""
    if request.param == "sqlite":
        app = make_app("small")
        yield app, fill_every_table(app)
        return
    from peers import create_app

    with postgres_schema() as url:
        app = create_app(site_config(tmp_path, DATABASE_URL=url, CATALOG_PATH=CATALOGS["small"]))
        build_site(app)
        try:
            yield app, fill_every_table(app)
        finally:
            close_app(app)


def dangling_rows(app) -> dict[str, int]:
    """For every foreign key of the schema: rows whose key names a row that does not exist."""
    found = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent = fk.column.table.alias("parent")
                stmt = sa.select(sa.func.count()).select_from(table).where(
                    fk.parent.is_not(None),
                    ~sa.exists().where(parent.c[fk.column.name] == fk.parent),
                )
                count = db.session.scalar(stmt)
                if count:
                    found[f"{table.name}.{fk.parent.name}"] = count
    return found


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def delete(app, model, key: int, how: str) -> None:
    with app.app_context():
        if how == "orm":
            db.session.delete(db.session.get(model, key))
        else:
            db.session.execute(sa.delete(model).where(model.id == key))
        db.session.commit()


def test_the_population_reaches_every_table(site):
    app, _world = site
    assert empty_tables(app) == [], "fill_every_table must put a row in every table"
    assert dangling_rows(app) == {}


def test_every_id_column_is_a_foreign_key():
    """So that dangling_rows, which walks the foreign keys, sees every reference."""
    loose = [f"{table.name}.{column.name}" for table in db.metadata.sorted_tables
             for column in table.columns
             if column.name.endswith("_id") and not column.foreign_keys]
    assert loose == []


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_a_platform_removes_what_belongs_to_it(site, how):
    app, world = site
    on_platform = Review.platform_id == world.platform_id
    assert count(app, Review, on_platform) == 1
    delete(app, Platform, world.platform_id, how)
    assert dangling_rows(app) == {}
    assert count(app, Review, on_platform) == 0
    for model in (PlatformRatingSummary, PlatformIssueCount, PlatformEarnings):
        assert count(app, model, model.platform_id == world.platform_id) == 0, model.__name__
    for model in (ReviewIssue, ReviewVersion, ReviewVote, ReviewFlag, ReviewReply):
        assert count(app, model, model.review_id == world.review_id) == 0, model.__name__
    assert count(app, offer_platform, offer_platform.c.platform_id == world.platform_id) == 0
    # What is not the platform's own stays: the offer (now for one platform), the audit
    # trail (its decision no longer names a review), the representative's account.
    assert count(app, Offer) == 1
    assert count(app, ModerationDecision) == 6
    # A campaign is its workers' own: it stays, no longer naming the platform; the platform's
    # deactivation reports go with it.
    assert count(app, Campaign) == 1
    assert count(app, campaign_platform, campaign_platform.c.platform_id == world.platform_id) == 0
    assert count(app, DeactivationReport) == 0
    assert count(app, User, User.represents_platform_id.is_not(None)) == 0
    assert count(app, Review) == 1  # the other platform's review


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_a_user_removes_their_votes_and_vendor(site, how):
    app, world = site
    delete(app, User, world.voter_id, how)
    assert dangling_rows(app) == {}
    assert count(app, ReviewVote) == 0
    assert count(app, ReviewFlag, ReviewFlag.user_id.is_(None)) == 1  # the report stays
    delete(app, User, world.vendor_owner_id, how)
    assert dangling_rows(app) == {}
    for model in (Vendor, VendorArea, Offer, VendorReview):
        assert count(app, model) == 0, model.__name__
    assert count(app, offer_platform) == 0
    delete(app, User, world.author_id, how)
    assert dangling_rows(app) == {}
    # Reviews stay as "a former member" (the privacy page says how deletion handles them).
    assert count(app, Review, Review.user_id.is_(None)) == 2


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_a_vendor_removes_its_areas_offers_and_reviews(site, how):
    app, world = site
    delete(app, Vendor, world.vendor_id, how)
    assert dangling_rows(app) == {}
    for model in (VendorArea, Offer, VendorReview):
        assert count(app, model) == 0, model.__name__
    assert count(app, offer_platform) == 0
    assert count(app, User, User.id == world.vendor_owner_id) == 1  # the account stays
    decisions = ModerationDecision.vendor_review_id == world.vendor_review_id
    assert count(app, ModerationDecision, decisions) == 0


def test_a_row_pointing_at_nothing_is_refused(site):
    app, _world = site
    with app.app_context(), pytest.raises(sa.exc.IntegrityError):
        db.session.add(ReviewVote(review_id=10**9, user_id=10**9))
        db.session.commit()
