"""The moderators' form: one decision about one review, always with a reason."""

from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from peers.forms import Form
from peers.moderation.models import ACTIONS
from peers.moderation.services import MAX_REASON


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class DecisionForm(Form):
    """Hide, keep or restore a review. The action comes from the button pressed."""

    action = StringField(
        "Decision",
        validators=[InputRequired(message="Choose what to do with the review."),
                    AnyOf(ACTIONS, message="Choose Hide, Keep or Restore.")],
    )
    reason = TextAreaField(
        "Reason",
        validators=[
            DataRequired(message="Give a reason: it goes into the moderation log."),
            Length(max=MAX_REASON, message=f"Keep the reason under {MAX_REASON} characters."),
        ],
        filters=[_strip],
        description="Kept in the moderation log with your name.",
    )

    def for_review(self, review_id: int, kind: str = "") -> "DecisionForm":
        """Give the fields ids of their own, so several forms can share one page.

        kind tells reviews of vendors ("vendor") from reviews of platforms ("").
        """
        for field in (self.action, self.reason):
            field.id = f"{field.name}-{kind}-{review_id}" if kind else f"{field.name}-{review_id}"
            field.label.field_id = field.id
        return self
