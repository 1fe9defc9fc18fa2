"""Writes of reviews, with their aggregates in the same transaction. Flush, never commit.

Ownership is checked here, not only in the views: an actor may edit, delete or read the
history of their own review only.
"""

from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.errors import Forbidden, NotFound, Refused
from peers.extensions import db
from peers.ratings import aggregates
from peers.ratings.models import REVIEW_STATUSES, Review, ReviewIssue, ReviewVersion

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReviewData:
    """What a reviewer wrote, already validated (ReviewForm.review_data() makes one)."""

    overall: int
    pay: int
    flexibility: int
    support: int
    fairness: int
    safety: int
    would_recommend: bool
    tenure: str
    still_active: bool
    pros: str = ""
    cons: str = ""
    city: str = ""
    issues: tuple[str, ...] = ()
    gross_pay: Decimal | None = None
    currency: str | None = None
    period: str | None = None
    hours_worked: Decimal | None = None
    expenses: Decimal | None = None
    country: str | None = None  # where the pay was earned (ISO 3166-1 alpha-2)
    role: str | None = None  # which of the platform's roles (catalog `roles`), if it has any

    @property
    def net_hourly(self) -> Decimal | None:
        """(gross - expenses) / all hours, to the cent; None without an earnings report."""
        if self.gross_pay is None or not self.hours_worked:
            return None
        net = (self.gross_pay - (self.expenses or 0)) / self.hours_worked
        return net.quantize(CENT, ROUND_HALF_UP)


COLUMNS = tuple(name for name in ReviewData.__dataclass_fields__ if name != "issues")


def is_counted(status: str, author: User | None) -> bool:
    """In the aggregates: visible, and written by a confirmed account or a former member."""
    return status == "visible" and (author is None or author.is_confirmed)


def not_reviewable(platform: Platform) -> str:
    """Why a non-earning platform takes no worker reviews."""
    return (f"{platform.name} is not an earning platform, so it takes no worker reviews. "
            f"{platform.earning_note or ''}").strip()


def save_review(author: User, platform: Platform, data: ReviewData) -> Review:
    """Create the author's one review of this platform, or edit it when there is one."""
    if author.represents_platform_id == platform.id:
        raise Forbidden("You represent this platform, so you cannot review it.")
    if not platform.earning:
        raise Refused(not_reviewable(platform))
    aggregates.lock_platform(platform.id)
    review = _find_own_review(author.id, platform.id)
    if review is None:
        review = _create(author, platform.id, data)
        if review is not None:
            return review
        # A simultaneous first submission won the unique constraint: edit its review instead.
        review = _find_own_review(author.id, platform.id)
        if review is None:  # the constraint said it exists; only a delete since can do this
            raise NotFound("The review to edit disappeared.")
    _edit(review, author, data)
    return review


def edit_review(actor: User, review_id: int, data: ReviewData) -> Review:
    """Edit the actor's own review by id; anyone else's is refused."""
    review = owned_review(actor, review_id)
    aggregates.lock_platform(review.platform_id)
    review = _find_own_review(actor.id, review.platform_id)
    if review is None or review.id != review_id:
        raise NotFound("That review no longer exists.")
    _edit(review, actor, data)
    return review


def delete_review(actor: User, review_id: int) -> int:
    """Delete the actor's own review and take it out of the aggregates; its platform id."""
    review = owned_review(actor, review_id)
    platform_id = review.platform_id
    _remove(review)
    return platform_id


def owned_review(actor: User | None, review_id: int) -> Review:
    """The review, when the actor wrote it; NotFound or Forbidden otherwise."""
    review = db.session.get(Review, review_id)
    if review is None:
        raise NotFound("There is no such review.")
    if actor is None or review.user_id is None or review.user_id != actor.id:
        raise Forbidden("Only its author can change or read the history of a review.")
    return review


def set_review_status(review: Review, status: str) -> None:
    """Show ("visible") or hide ("hidden") a review; hidden reviews leave every aggregate."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"status must be one of {REVIEW_STATUSES}")
    before = _lock_and_read(review)
    review.status = status
    review.is_counted = is_counted(status, review.author)
    db.session.flush()
    aggregates.apply_change(review.platform_id, before, aggregates.contribution(review))


def recount_author(author: User) -> None:
    """Bring the author's reviews into the aggregates or out of them (email confirmed)."""
    for review in _locked_reviews_of(author.id):
        before = aggregates.contribution(review)
        review.is_counted = is_counted(review.status, author)
        db.session.flush()
        aggregates.apply_change(review.platform_id, before, aggregates.contribution(review))


def release_reviews(author: User) -> None:
    """Keep the leaving author's reviews as "a former member's"; they stay counted.

    Reviews of an account that never confirmed its email never counted; kept without an
    author they would start to count, so they are removed instead.
    """
    for review in _locked_reviews_of(author.id):
        if author.is_confirmed:
            review.author = None
            review.user_id = None
        else:
            _remove(review)
    db.session.flush()


def remove_reviews(author: User) -> None:
    """Delete every review of the author and take them out of the aggregates."""
    for review in _locked_reviews_of(author.id):
        _remove(review)


# -- helpers -----------------------------------------------------------------------------------

def _find_own_review(user_id: int, platform_id: int) -> Review | None:
    """The user's review of the platform as its row stands, locked (after lock_platform)."""
    stmt = (
        sa.select(Review).where(Review.platform_id == platform_id, Review.user_id == user_id)
        .options(selectinload(Review.issues))
        .with_for_update(of=Review)
        # Re-read the row even when the session already holds it: the snapshot must be the
        # database's, taken under the lock.
        .execution_options(populate_existing=True)
    )
    with db.session.no_autoflush:
        return db.session.scalars(stmt).first()


def _locked_reviews_of(user_id: int) -> list[Review]:
    platform_ids = db.session.scalars(
        sa.select(Review.platform_id).where(Review.user_id == user_id)
        .order_by(Review.platform_id)
    ).all()
    for platform_id in platform_ids:  # one lock per platform, always in the same order
        aggregates.lock_platform(platform_id)
    stmt = (
        sa.select(Review).where(Review.user_id == user_id).order_by(Review.platform_id)
        .options(selectinload(Review.issues))
        .with_for_update(of=Review)
        .execution_options(populate_existing=True)
    )
    with db.session.no_autoflush:
        return list(db.session.scalars(stmt))


def _create(author: User, platform_id: int, data: ReviewData) -> Review | None:
    review = Review(platform_id=platform_id, user_id=author.id, status="visible", version=1,
                    helpful_count=0)
    _fill(review, data)
    review.is_counted = is_counted("visible", author)
    try:
        with db.session.begin_nested():
            db.session.add(review)
    except IntegrityError:
        return None
    aggregates.apply_change(platform_id, None, aggregates.contribution(review))
    return review


def _edit(review: Review, author: User, data: ReviewData) -> None:
    if _as_data(review) == replace(data, issues=tuple(sorted(set(data.issues)))):
        return  # nothing changed: no new version
    before = aggregates.contribution(review)
    db.session.add(ReviewVersion(review_id=review.id, version=review.version,
                                 data=snapshot(review)))
    _fill(review, data)
    review.version = review.version + 1
    review.is_counted = is_counted(review.status, author)
    db.session.flush()
    aggregates.apply_change(review.platform_id, before, aggregates.contribution(review))


def _lock_and_read(review: Review) -> aggregates.Contribution | None:
    """Lock the review's platform and row; its counted share as the database holds it."""
    # What the row holds, not what a caller may have changed in memory, is what to subtract.
    with db.session.no_autoflush:
        aggregates.lock_platform(review.platform_id)
        return aggregates.stored_contribution(review.id)


def _remove(review: Review) -> None:
    platform_id, before = review.platform_id, _lock_and_read(review)
    db.session.delete(review)
    db.session.flush()
    aggregates.apply_change(platform_id, before, None)


def _fill(review: Review, data: ReviewData) -> None:
    for name in COLUMNS:
        setattr(review, name, getattr(data, name))
    review.net_hourly = data.net_hourly
    wanted = set(data.issues)
    kept = [issue for issue in review.issues if issue.tag in wanted]
    review.issues = kept + [ReviewIssue(tag=tag) for tag in sorted(wanted - {i.tag for i in kept})]


def _as_data(review: Review) -> ReviewData:
    return ReviewData(**{name: getattr(review, name) for name in COLUMNS},
                      issues=tuple(sorted(review.issue_tags)))


def snapshot(review: Review) -> dict:
    """The review's fields as JSON, for its ReviewVersion."""
    data = asdict(_as_data(review))
    data["issues"] = list(data["issues"])
    data["net_hourly"] = review.net_hourly
    data["written_at"] = (review.updated_at or review.created_at).isoformat(timespec="seconds")
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()}
