import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from marketplace import health, views

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_is_200_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_does_not(client, db):
    with mock.patch.object(
        health.connection, "cursor", side_effect=OperationalError("gone away")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_readyz_is_503_when_the_database_does_not_answer(client, db):
    with mock.patch.object(
        health.connection, "cursor", side_effect=OperationalError("gone away")
    ):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert b"database: failed" in response.content
    assert b"gone away" not in response.content


def test_home_page_renders_with_header_and_security_headers(client, db):
    response = client.get(reverse("home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#main"' in page  # skip link
    assert 'role="search"' in page
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_unknown_page_is_our_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_permission_denied_page(db):
    response = views.permission_denied(RequestFactory().get("/"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "cents,text",
    [(0, "$0.00"), (5, "$0.05"), (150000, "$1,500.00"), (-250, "-$2.50"), (None, "")],
)
def test_money_filter(cents, text):
    rendered = Template("{{ amount|money }}").render(Context({"amount": cents}))
    assert rendered == text


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_in_production_mode():
    """`manage.py check --deploy` with production variables exits 0 with no warnings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_URL"))
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="nomi.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
