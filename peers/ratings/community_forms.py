"""Forms for what people do with others' reviews. Each carries a CSRF token."""

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from peers.feedback import MAX_FLAG_REASON
from peers.forms import Form
from peers.ratings.community import MAX_REPLY


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class HelpfulForm(Form):
    """Nothing to fill in: the button is the vote."""


class FlagForm(Form):
    reason = TextAreaField(
        "What is wrong with this review?",
        validators=[
            DataRequired(message="Say what is wrong with this review."),
            Length(max=MAX_FLAG_REASON,
                   message=f"Keep the reason under {MAX_FLAG_REASON} characters."),
        ],
        filters=[_strip],
        description="For example: it is an advert, it names someone, it is not about working "
                    "there. A moderator reads every report; the review stays up until then.",
    )


class ReplyForm(Form):
    body = TextAreaField(
        "Your reply",
        validators=[
            DataRequired(message="Write your reply."),
            Length(max=MAX_REPLY, message=f"Keep the reply under {MAX_REPLY} characters."),
        ],
        filters=[_strip],
        description="Shown under the review as the platform's reply. You can reply once.",
    )
