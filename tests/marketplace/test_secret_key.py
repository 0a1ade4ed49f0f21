"""Production mode (DEBUG off) refuses to serve without a real secret key.

The refusal is where requests are served (the WSGI application gunicorn and
runserver load); management commands verify no signature and still run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_KEY = "django-insecure-local-development-key-change-me"


def start_django(
    code="import marketplace.wsgi; print('started')", **variables
) -> subprocess.CompletedProcess:
    """Load the site's WSGI application in a fresh process with only these
    DJANGO_* variables."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "key",
    [None, "", DEVELOPMENT_KEY],
    ids=["unset", "empty", "development-default"],
)
def test_production_mode_refuses_to_start_without_a_real_key(key):
    variables = {"DJANGO_DEBUG": "false"}
    if key is not None:
        variables["DJANGO_SECRET_KEY"] = key

    result = start_django(**variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_mode_starts_with_a_real_key():
    result = start_django(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-real-key-" + "x9Qz" * 12
    )

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_mode_starts_without_a_key():
    result = start_django(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_management_commands_run_without_a_key():
    result = start_django(
        code=(
            "import django; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('makemigrations', '--check', '--dry-run'); print('started')"
        ),
        DJANGO_DEBUG="false",
    )

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_deploy_check_flags_the_development_key():
    result = start_django(
        code=(
            "import django; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('check', '--deploy', '--fail-level', 'WARNING')"
        ),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="nomi.example",
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr
