"""A site with at least one row in every table, for tests that must see every table:
no orphans after deletes, backups that keep every row.

Reviews go through the ratings service so that the summary rows are the site's own; the rest
is written directly, since these tests are about what the database keeps, not about the rules.
"""

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.campaigns.models import (
    Campaign,
    CampaignFlag,
    CampaignSupport,
    CampaignTag,
    CampaignUpdate,
    CampaignUpdateFlag,
    CampaignUpdateVersion,
)
from peers.catalog.models import CatalogSuggestion, FactChange
from peers.core import utcnow
from peers.deactivations.models import DeactivationReport, DeactivationReportFlag
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace.models import (
    Offer,
    OfferArea,
    Vendor,
    VendorArea,
    VendorReview,
    VendorReviewFlag,
    VendorReviewVote,
)
from peers.moderation.models import ModerationDecision
from peers.ratings.models import EarningsStatement, ReviewFlag, ReviewReply, ReviewVote
from peers.ratings.services import ReviewData, save_review

PLATFORM = "rover"  # reviewed, offered for, represented
OTHER_PLATFORM = "airbnb"


@dataclass(frozen=True)
class World:
    platform_id: int
    author_id: int
    voter_id: int
    vendor_owner_id: int
    vendor_id: int
    review_id: int
    vendor_review_id: int
    suggestion_id: int
    statement_id: int


def _review(**changes) -> ReviewData:
    fields = dict(
        overall=2, pay=2, flexibility=4, support=1, fairness=2, safety=3,
        would_recommend=False, tenure="1-3y", still_active=True, pros="Flexible.",
        cons="Late pay.", city="Austin", issues=("late-pay", "no-support"),
        gross_pay=Decimal("500"), currency="USD", period="week",
        hours_worked=Decimal("40"), expenses=Decimal("60"),
    )
    return ReviewData(**{**fields, **changes})


def _user(email: str, role: str = "worker", **fields) -> User:
    user = User(email=email, password_hash="!", role=role, email_confirmed_at=utcnow(), **fields)
    db.session.add(user)
    db.session.flush()
    return user


def _platform(slug: str) -> Platform:
    return db.session.scalar(sa.select(Platform).where(Platform.slug == slug))


def fill_every_table(app) -> World:
    """Reviews, versions, votes, flags, a reply, decisions, a vendor with areas, offers and
    reviews; returns the ids the tests delete by."""
    with app.app_context():
        platform, other = _platform(PLATFORM), _platform(OTHER_PLATFORM)
        author, voter = _user("author@example.org"), _user("voter@example.org")
        representative = _user("rep@example.org", represents_platform_id=platform.id)
        moderator = _user("mod@example.org", role="moderator")
        owner = _user("vendor@example.org", role="vendor")
        review = save_review(author, platform, _review())
        save_review(author, platform, _review(overall=3))  # an edit: keeps a version
        save_review(voter, other, _review(issues=("pay-cut",)))
        db.session.add_all([
            ReviewVote(review_id=review.id, user_id=voter.id),
            ReviewFlag(review_id=review.id, user_id=voter.id, reason="Not about work."),
            ReviewReply(review_id=review.id, user_id=representative.id, body="We fixed it."),
            ModerationDecision(review_id=review.id, moderator_id=moderator.id, action="keep",
                               reason="About work."),
        ])
        vendor = Vendor(owner_id=owner.id, name="Tax Help Co", serves_remotely=True)
        vendor.areas.append(VendorArea(name="Austin, Texas, United States", country_code="US",
                                       kind="city"))
        vendor.offers.append(Offer(category="tax", title="Tax return for drivers",
                                   description="Schedule C and mileage.",
                                   price_amount=Decimal("49"), price_currency="USD",
                                   how_to_get="https://tax.example", platforms=[platform, other],
                                   areas=[OfferArea(name="United States", country_code="US",
                                                    kind="country")]))
        db.session.add(vendor)
        db.session.flush()
        vendor_review = VendorReview(vendor_id=vendor.id, user_id=author.id, stars=4, body="Ok.")
        db.session.add(vendor_review)
        db.session.flush()
        suggestion = CatalogSuggestion(kind="correction", user_id=voter.id, platform_id=platform.id,
                                       fact="fee", text="Rover keeps 20%", number=20,
                                       source="https://support.rover.com/fees")
        db.session.add(suggestion)
        db.session.flush()
        db.session.add_all([
            FactChange(platform_id=platform.id, fact="fee", changed_on=utcnow().date(),
                       from_text="15%", to_text="20%", source="https://support.rover.com/fees",
                       suggestion_id=suggestion.id),
            VendorReviewVote(review_id=vendor_review.id, user_id=voter.id),
            VendorReviewFlag(review_id=vendor_review.id, user_id=voter.id, reason="Spam?"),
            ModerationDecision(vendor_review_id=vendor_review.id, moderator_id=moderator.id,
                               action="keep", reason="Real customer."),
        ])
        # A pay statement whose file was already deleted (decided, or purged after 30 days).
        statement = EarningsStatement(review_id=review.id, content_type="application/pdf",
                                      size=1000, decision="pending")
        db.session.add(statement)
        _voice(author, voter, representative, moderator, platform)
        db.session.commit()
        return World(platform.id, author.id, voter.id, owner.id, vendor.id, review.id,
                     vendor_review.id, suggestion.id, statement.id)


def _voice(author, voter, representative, moderator, platform) -> None:
    """A campaign with a support, an update, a response with a history and flags; a
    deactivation report with a flag; decisions about them."""
    from datetime import date

    campaign = Campaign(user_id=author.id, title="Pay waiting time", problem="Unpaid waits.",
                        ask="Pay per minute.", country="US", city="Austin", platforms=[platform],
                        tag_rows=[CampaignTag(tag="late-pay")], support_count=1)
    db.session.add(campaign)
    db.session.flush()
    update = CampaignUpdate(campaign_id=campaign.id, user_id=author.id, body="We met them.")
    response = CampaignUpdate(campaign_id=campaign.id, user_id=representative.id,
                              platform_id=platform.id, body="We will look.", version=2)
    report = DeactivationReport(user_id=voter.id, platform_id=platform.id, country="US",
                                month=date(2026, 1, 1), reason="no-reason", appealed=True,
                                outcome="pending")
    db.session.add_all([update, response, report])
    db.session.flush()
    db.session.add_all([
        CampaignSupport(campaign_id=campaign.id, user_id=voter.id, platform_id=platform.id,
                        country="US", show_name=True),
        CampaignUpdateVersion(update_id=response.id, version=1, body="Looking.",
                              written_at=utcnow()),
        CampaignFlag(review_id=campaign.id, user_id=voter.id, reason="Spam?"),
        CampaignUpdateFlag(review_id=update.id, user_id=voter.id, reason="Rude?"),
        DeactivationReportFlag(review_id=report.id, user_id=author.id, reason="Names someone."),
        ModerationDecision(campaign_id=campaign.id, moderator_id=moderator.id, action="keep",
                           reason="A real campaign."),
        ModerationDecision(campaign_update_id=update.id, moderator_id=moderator.id,
                           action="keep", reason="Fine."),
        ModerationDecision(deactivation_report_id=report.id, moderator_id=moderator.id,
                           action="keep", reason="Fine."),
    ])
    _meetup_and_follows(author, voter, moderator, platform, campaign)


def _meetup_and_follows(author, voter, moderator, platform, campaign) -> None:
    """A meetup with an answer and a flag, follows of a platform and a campaign, a digest
    setting, and a decision about the meetup."""
    from datetime import timedelta

    from peers.events.models import Event, EventFlag, Rsvp
    from peers.follows.models import DigestSetting, Follow

    starts = utcnow() + timedelta(days=30)
    event = Event(user_id=author.id, title="Drivers' meetup", city="Austin", country="US",
                  venue="Library", starts_at=starts, ends_at=starts + timedelta(hours=2),
                  timezone="America/Chicago", capacity=20, topics=["late-pay"],
                  platforms=[platform], going_count=1)
    db.session.add(event)
    db.session.flush()
    db.session.add_all([
        Rsvp(event_id=event.id, user_id=voter.id, status="going"),
        EventFlag(review_id=event.id, user_id=voter.id, reason="Spam?"),
        ModerationDecision(event_id=event.id, moderator_id=moderator.id, action="keep",
                           reason="A real meetup."),
        Follow(user_id=voter.id, platform_id=platform.id),
        Follow(user_id=voter.id, campaign_id=campaign.id),
        DigestSetting(user_id=voter.id, frequency="weekly"),
    ])


def empty_tables(app) -> list[str]:
    """Tables of the schema with no row (besides the migration bookkeeping)."""
    with app.app_context():
        return [table.name for table in db.metadata.sorted_tables
                if not db.session.scalar(sa.select(sa.func.count()).select_from(table))]


def everyone(app, world: World) -> tuple[dict, dict]:
    """({kind of person: user id or None}, {URL argument: value}) for a filled site: someone
    each route lets in, and the rows its URLs point at."""
    with app.app_context():
        ids = dict(db.session.execute(sa.select(User.email, User.id)).all())
        offer_id = db.session.scalar(sa.select(Offer.id).order_by(Offer.id))
        campaign_id = db.session.scalar(sa.select(Campaign.id).order_by(Campaign.id))
        event_id = db.session.scalar(sa.text("SELECT min(id) FROM event"))
    people = {"anonymous": None, "author": ids["author@example.org"],
              "worker": ids["voter@example.org"], "representative": ids["rep@example.org"],
              "moderator": ids["mod@example.org"], "vendor": ids["vendor@example.org"]}
    values = {"slug": PLATFORM, "review_id": world.review_id, "vendor_id": world.vendor_id,
              "offer_id": offer_id, "token": "not-a-real-token", "filename": "css/site.css",
              "suggestion_id": world.suggestion_id, "statement_id": world.statement_id,
              "campaign_id": campaign_id, "event_id": event_id}
    return people, values
