import pytest

from conversations.contact import find_contact_details, has_contact_details


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to ann@example.com", "email"),
        ("ANN.B+shop@mail.example.co.uk", "email"),
        ("ann at gmail dot com", "email"),
        ("ann(at)gmail(dot)com", "email"),
        ("call 415-555-0123", "phone"),
        ("(415) 555 0123 after six", "phone"),
        ("+1 415.555.0123", "phone"),
        ("4155550123", "phone"),
        ("1-415-555-0123", "phone"),
        ("paypal.me/annshop", "payment"),
        ("https://www.paypal.com/paypalme/ann", "payment"),
        ("https://venmo.com/u/ann", "payment"),
        ("cash.app/$ann", "payment"),
        ("see bit.ly/3xYz for details", "payment"),
        ("wise.com/pay/me/ann", "payment"),
        ("revolut.me/ann", "payment"),
        ("venmo @ann-shop please", "payment"),
        ("my cash app is $annie", "payment"),
        ("zelle me instead", "payment"),
    ],
)
def test_contact_details_are_found(text, kind):
    assert kind in find_contact_details(text)
    assert has_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is it $25 shipped?",
        "Would you take $1,250.00 for both?",
        "Ships from 94107.",
        "ZIP 94107-1234",
        "Tracking 9400111899223344556677 says delivered",
        "A wise choice, thanks!",
        "Size 10 1/2, worn 3 times, 2 years old",
        "Can we meet at noon?",
        "Model number 1234567",
        "I'll pay by card through Nomi",
        "Measures 12 x 30 x 45 cm",
        "",
    ],
)
def test_ordinary_text_is_not_contact_details(text):
    assert find_contact_details(text) == []
    assert not has_contact_details(text)
