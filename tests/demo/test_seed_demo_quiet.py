"""`manage.py seed_demo` does not print the emails its demo trades send."""

from io import StringIO

from django.core.management import call_command

from demo import listings as demo_listings
from marketplace.models import OutboxEmail


def test_seeding_prints_no_emails_even_with_the_console_backend(
    catalogue, settings, capsys, monkeypatch
):
    """Committed for real (transactional), so emails go out as in `make run`."""
    monkeypatch.setattr(demo_listings, "PHOTO_SIDE", 120)
    monkeypatch.setattr(demo_listings, "PHOTO_DRAW_MAX", 4)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()

    call_command("seed_demo", members=5, listings=100, seed=11, stdout=out)

    printed = capsys.readouterr()
    assert "made an offer" in out.getvalue()  # the demo trades happened
    assert "Subject:" not in printed.out + printed.err + out.getvalue()
    # The trades did notify by email: recorded and sent, just not printed.
    assert OutboxEmail.objects.filter(sent_at__isnull=False).exists()
    assert settings.EMAIL_BACKEND.endswith("console.EmailBackend")
