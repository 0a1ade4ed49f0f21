"""Signed, expiring email-verification links."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "accounts.verify-email"


@dataclass(frozen=True)
class EmailClaim:
    user_id: int
    email: str  # the address being verified
    current_email: str  # the account's email when the link was made


def make_verification_token(*, user, email: str) -> str:
    """A token proving `user` controls `email`; valid for EMAIL_VERIFICATION_MAX_AGE."""
    return signing.dumps({"u": user.pk, "e": email, "c": user.email}, salt=SALT)


def read_verification_token(token: str) -> EmailClaim:
    """Decode a token; raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    try:
        return EmailClaim(
            user_id=int(data["u"]), email=str(data["e"]), current_email=str(data["c"])
        )
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed verification token") from None
