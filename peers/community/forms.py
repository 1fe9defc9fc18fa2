"""Forms for what people do with others' contributions. Each carries a CSRF token."""

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from peers.community.services import MAX_FLAG_REASON, MAX_REPLY
from peers.forms import Form
from peers.text import plain_text


def written(label: str, missing: str, maximum: int, what: str, description: str):
    """A required text of at most `maximum` characters, as plain text, trimmed."""
    return TextAreaField(
        label,
        validators=[DataRequired(message=missing),
                    Length(max=maximum, message=f"Keep {what} under {maximum} characters.")],
        filters=[plain_text],
        description=description,
    )


class HelpfulForm(Form):
    """Nothing to fill in: the button is the vote."""


class FlagForm(Form):
    refusal_field = "reason"  # where a refusal without a field of its own is shown

    reason = written(
        "What is wrong with this review?", "Say what is wrong with this review.",
        MAX_FLAG_REASON, "the reason",
        "For example: it is an advert, it names someone, it is off topic. "
        "A moderator reads every report; the review stays up until then.")


class ReplyForm(Form):
    refusal_field = "body"

    body = written(
        "Your reply", "Write your reply.", MAX_REPLY, "the reply",
        "Shown under the review as the platform's reply. You can reply once.")
