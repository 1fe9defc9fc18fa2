"""The moderators' form: one decision about one review, always with a reason."""

from wtforms import StringField
from wtforms.validators import AnyOf, InputRequired

from peers.community.forms import written
from peers.forms import Form
from peers.moderation.models import ACTIONS
from peers.moderation.services import MAX_REASON


class DecisionForm(Form):
    """Hide, keep or restore a review. The action comes from the button pressed."""

    refusal_field = "reason"  # where a refused decision is explained

    action = StringField(
        "Decision",
        validators=[InputRequired(message="Choose what to do with the review."),
                    AnyOf(ACTIONS, message="Choose Hide, Keep or Restore.")],
    )
    reason = written("Reason", "Give a reason: it goes into the moderation log.", MAX_REASON,
                     "the reason", "Kept in the moderation log with your name.")

    def for_review(self, review_id: int, kind: str = "") -> "DecisionForm":
        """Give the fields ids of their own, so several forms can share one page.

        kind is the item's Kind.form_key: "vendor" for reviews of vendors, "" for platforms.
        """
        for field in (self.action, self.reason):
            field.id = f"{field.name}-{kind}-{review_id}" if kind else f"{field.name}-{review_id}"
            field.label.field_id = field.id
        return self
