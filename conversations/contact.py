"""Contact details in a message: an email address, a phone number or a payment link.

A message that holds any of them is not sent at once: the sender is warned
about paying outside Nomi and confirms (`services.send_message(confirmed=)`),
and the recipient sees a safety note next to it. The list is deliberately
small and errs on the side of warning: a false alarm costs one extra click,
a missed one can cost a member their money. docs/conversations.md lists it.

Never matched: prices ("$25", "$1,250.00"), ZIP codes ("94107",
"94107-1234"), long numbers such as tracking numbers, and plain words such as
"wise" outside a link.
"""

import re

# name@example.com, and the spelled-out "name at example dot com".
EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[a-z]{2,}\b"
    r"|\b[\w.+-]+\s+at\s+[\w-]+\s+dot\s+(?:com|net|org|edu|io|co|us|me)\b",
    re.IGNORECASE,
)

# A US phone number: ten digits (eleven with the leading 1 or +1), in groups
# of 3-3-4 with optional brackets, spaces, dots or dashes. The digit
# look-arounds keep longer numbers (tracking numbers) and shorter ones (ZIP
# codes, ZIP+4, prices) out.
PHONE = re.compile(
    r"(?<![\d$])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\d])"
)

# Links to payment services and the link shorteners that could hide one.
PAYMENT_DOMAINS = (
    "paypal.me",
    "paypal.com",
    "venmo.com",
    "cash.app",
    "cash.me",
    "zellepay.com",
    "zelle.com",
    "wise.com",
    "revolut.me",
    "revolut.com",
    # Shorteners: where they lead cannot be seen, so they count as one.
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "is.gd",
    "ow.ly",
    "rebrand.ly",
)
PAYMENT_LINK = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*(?:"
    + "|".join(re.escape(domain) for domain in PAYMENT_DOMAINS)
    + r")(?![\w-])(?:/\S*)?",
    re.IGNORECASE,
)
# Payment apps named with a handle: "venmo @ann", "cashapp $ann", "zelle me".
PAYMENT_HANDLE = re.compile(
    r"\b(?:venmo|cash\s?app|zelle|paypal)\b\s*(?::\s*)?(?:[@$][a-z]\w*|me\b)"
    r"|\$[a-z][\w-]{2,19}\b(?=.*\bcash\s?app\b)"
    r"|\bcash\s?app\b.*\$[a-z][\w-]{2,19}\b",
    re.IGNORECASE | re.DOTALL,
)

KINDS = (("email", EMAIL), ("phone", PHONE), ("payment", PAYMENT_LINK))


def find_contact_details(text: str) -> list[str]:
    """The kinds of contact details in `text` ("email", "phone", "payment")."""
    found = [kind for kind, pattern in KINDS if pattern.search(text or "")]
    if "payment" not in found and PAYMENT_HANDLE.search(text or ""):
        found.append("payment")
    return found


def has_contact_details(text: str) -> bool:
    """Whether `text` holds an email address, a phone number or a payment link."""
    return bool(find_contact_details(text))
