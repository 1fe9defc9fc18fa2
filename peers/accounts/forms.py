"""The accounts feature's forms. Every one carries a CSRF token (Flask-WTF's default)."""

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from peers.accounts.passwords import password_problem
from peers.forms import Form

MAX_EMAIL = 254
MAX_DISPLAY_NAME = 80
DISPLAY_NAME_HINT = ("Shown with your reviews. "
                     "Leave it empty to appear as \u201ca verified worker\u201d.")
# Login never hashes more than this: a longer "password" cannot be one we accepted.
MAX_PASSWORD_INPUT = 1024


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _new_password_ok(*other_fields: str):
    """A validator that applies passwords.password_problem, knowing the user's own words."""

    def check(form, field):
        words = [getattr(form, name).data or "" for name in other_fields if hasattr(form, name)]
        problem = password_problem(field.data or "", *words, *form.known_words)
        if problem:
            raise ValidationError(problem)

    return check


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation, as password change and reset ask for them."""
    return (
        PasswordField(
            "New password",
            validators=[DataRequired("Choose a new password."), _new_password_ok()],
            description="At least 8 characters. Every other device is logged out.",
        ),
        PasswordField(
            "Confirm new password",
            validators=[DataRequired("Type the new password again."),
                        EqualTo("password", "The two passwords are not the same.")],
        ),
    )


def _email_field(label: str, description: str,
                 missing: str = "Enter your email address.") -> EmailField:
    """An email address to send a link to: required, lowercased, checked for its form."""
    return EmailField(
        label,
        validators=[DataRequired(missing),
                    Length(max=MAX_EMAIL, message="Keep the email under 254 characters."),
                    Email("Enter an email address like name@example.com.")],
        filters=[_lower],
        description=description,
    )


class AccountForm(Form):
    """Base form: knows words that must not make up a password (email, name)."""

    def __init__(self, *args, known_words: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_words = known_words


class SignupForm(AccountForm):
    email = _email_field(
        "Email", "We send a link to confirm it. Your reviews count once it is confirmed.")
    display_name = StringField(
        "Display name (optional)",
        validators=[Length(max=MAX_DISPLAY_NAME, message="Keep it under 80 characters.")],
        filters=[_strip],
        description=DISPLAY_NAME_HINT,
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), _new_password_ok("email", "display_name")],
        description="At least 8 characters. A few unrelated words together work well.",
    )
    confirm = PasswordField(
        "Confirm password",
        validators=[DataRequired("Type the password again."),
                    EqualTo("password", "The two passwords are not the same.")],
    )
    offers_services = BooleanField("I offer services to workers (tax help, insurance, ...)")


class LoginForm(Form):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=MAX_EMAIL)],
        filters=[_lower],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD_INPUT)],
    )
    remember = BooleanField("Keep me logged in on this device")


class ProfileForm(Form):
    display_name = StringField(
        "Display name",
        validators=[Length(max=MAX_DISPLAY_NAME, message="Keep it under 80 characters.")],
        filters=[_strip],
        description=DISPLAY_NAME_HINT,
    )


class PasswordChangeForm(AccountForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."),
                    Length(max=MAX_PASSWORD_INPUT)],
    )
    password, confirm = _new_password_fields()


class ResetRequestForm(Form):
    email = _email_field(
        "Email", "The address you signed up with. We send a link to choose a new password.")


class ResetPasswordForm(AccountForm):
    password, confirm = _new_password_fields()


class EmailChangeForm(Form):
    email = _email_field(
        "New email", "We send a link to it. Your email changes once you open that link.",
        missing="Enter the new email address.")
    password = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password to confirm."),
                    Length(max=MAX_PASSWORD_INPUT)],
    )


class DeleteAccountForm(Form):
    reviews = RadioField(
        "Your reviews",
        choices=[
            SelectChoice("keep", "Keep my reviews anonymously, as \u201ca former member\u201d"),
            SelectChoice("delete", "Delete my reviews"),
        ],
        default="keep",
        validators=[DataRequired("Choose what happens to your reviews.")],
    )
    password = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password to confirm."),
                    Length(max=MAX_PASSWORD_INPUT)],
    )


class ActionForm(Form):
    """A button that only needs its CSRF token: log out, resend the confirmation."""
