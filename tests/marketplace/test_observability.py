"""Request ids, JSON logs, /metrics access, /healthz and /readyz."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.utils import timezone
from gunicorn.config import Config

from marketplace import health, metrics
from marketplace.logs import GunicornLogger, JsonFormatter, RequestIdFilter
from marketplace.models import OutboxEmail

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


# --- Request id ---------------------------------------------------------------------


def test_a_request_without_an_id_gets_a_new_one_in_its_response(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert HEX_ID.match(first)
    assert HEX_ID.match(second)
    assert first != second


def test_a_safe_incoming_id_is_echoed(client):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a.42:1")

    assert response["X-Request-ID"] == "lb-7f3a.42:1"


@pytest.mark.parametrize(
    "bad", ["two words", "x" * 65, "<script>", 'quote"d', "semi;colon", "é"]
)
def test_an_unsafe_incoming_id_is_replaced(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)

    assert HEX_ID.match(response["X-Request-ID"])


def test_error_responses_carry_the_id_too(client):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-404")

    assert response.status_code == 404
    assert response["X-Request-ID"] == "trace-404"


# --- Log lines ----------------------------------------------------------------------


@pytest.fixture
def json_log():
    """The JSON lines the site's root handler would write, as dicts."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_log_line_written_during_a_request_carries_its_id(client, json_log):
    with mock.patch.object(
        health.connection, "cursor", side_effect=OperationalError("gone away")
    ):
        client.get("/readyz", HTTP_X_REQUEST_ID="trace-ready-1")

    lines = [line for line in json_log() if line["logger"] == "marketplace.views"]
    assert lines, json_log()
    line = lines[0]
    assert line["request_id"] == "trace-ready-1"
    assert line["level"] == "ERROR"
    assert line["message"] == "Readiness check database failed"
    assert "gone away" in line["exc_info"]
    assert line["time"].endswith("+00:00")


def test_a_log_line_outside_any_request_says_so(json_log):
    logging.getLogger("nomi.test").warning("no request here")

    assert json_log()[-1]["request_id"] == "-"


def test_the_site_handler_uses_the_chosen_format_and_the_request_id():
    handler = django_settings.LOGGING["handlers"]["stdout"]

    assert handler["formatter"] == django_settings.LOG_FORMAT
    assert handler["filters"] == ["request_id"]
    assert "%(request_id)s" in django_settings.LOGGING["formatters"]["plain"]["format"]


def test_gunicorn_access_line_is_json_with_the_response_request_id(capsys):
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    response = SimpleNamespace(
        status="200 OK",
        headers=[("Content-Type", "text/html"), ("X-Request-ID", "trace-gunicorn")],
        sent=1234,
    )
    request = SimpleNamespace(headers=[("USER-AGENT", "probe/1.0")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/search/?q=lamp",
        "PATH_INFO": "/search/",
        "QUERY_STRING": "q=lamp",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": "probe/1.0",
    }

    logger.access(response, request, environ, timedelta(milliseconds=12))

    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["request_id"] == "trace-gunicorn"
    assert line["message"] == "GET /search/ 200"
    assert (line["status"], line["bytes"], line["path"]) == (200, 1234, "/search/")
    assert line["duration_ms"] == 12.0
    assert line["remote_addr"] == "10.1.2.3"


# --- /metrics -----------------------------------------------------------------------

BUSINESS_METRICS = (
    "nomi_orders_created_total",
    "nomi_payment_captures_total",
    "nomi_payment_declines_total",
    "nomi_refunds_total",
    "nomi_payouts_total",
    "nomi_task_failures_total",
    "nomi_outbox_backlog",
    "nomi_outbox_oldest_pending_seconds",
)


def test_metrics_from_an_allowed_address_lists_the_business_metrics(client):
    metrics.count_task_failure("send_outbox")

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    for name in BUSINESS_METRICS:
        assert f"\n# TYPE {name} " in body, name
    assert 'nomi_task_failures_total{task="send_outbox"}' in body
    assert "django_http_requests_total_by_method_total" in body


@pytest.mark.parametrize("method", ["get", "post", "head"])
def test_metrics_is_not_found_from_any_other_address(client, method):
    response = getattr(client, method)("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 404
    assert b"nomi_" not in response.content


def test_metrics_through_a_proxy_is_not_found_unless_hops_are_configured(
    client, settings
):
    # nginx on 127.0.0.1 relaying a public request: REMOTE_ADDR is local.
    relayed = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert client.get("/metrics", **relayed).status_code == 404

    settings.TRUSTED_PROXY_HOPS = 1
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", **relayed).status_code == 404
    inside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.9.8.7"}
    assert client.get("/metrics", **inside).status_code == 200


def test_metrics_with_the_bearer_token_from_anywhere(client, settings):
    settings.METRICS_BEARER_TOKEN = "scrape-secret"
    away = {"REMOTE_ADDR": "203.0.113.9"}

    good = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret", **away)
    bad = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess", **away)

    assert good.status_code == 200
    assert bad.status_code == 404


def test_an_empty_token_setting_accepts_no_token(client, settings):
    settings.METRICS_BEARER_TOKEN = ""

    response = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer ", REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 404


def test_a_scrape_adds_up_every_process_in_multiprocess_mode(
    client, monkeypatch, tmp_path
):
    """gunicorn's workers each write their counts to PROMETHEUS_MULTIPROC_DIR;
    whichever answers the scrape reports the sum of all of them."""
    worker = (
        "from prometheus_client import Counter; "
        "Counter('nomi_orders_created', 'x', ['via']).labels(via='checkout').inc()"
    )
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-c", worker],
            env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
            check=True,
        )
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    body = client.get("/metrics").content.decode()

    assert 'nomi_orders_created_total{via="checkout"} 2.0' in body
    assert 'nomi_outbox_backlog{status="pending"} 0.0' in body


def test_metrics_is_post_not_allowed_for_a_scraper(client):
    assert client.post("/metrics").status_code == 405


def test_outbox_backlog_is_read_at_scrape_time(client, settings):
    def backlog() -> str:
        body = client.get("/metrics").content.decode()
        return " ".join(
            line for line in body.splitlines() if line.startswith("nomi_outbox_")
        )

    assert 'nomi_outbox_backlog{status="pending"} 0.0' in backlog()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    OutboxEmail.objects.create(to="a@example.com", subject="s", body="b")
    OutboxEmail.objects.create(
        to="b@example.com", subject="s", body="b", created=an_hour_ago
    )
    OutboxEmail.objects.create(
        to="c@example.com", subject="s", body="b", sent_at=timezone.now()
    )
    OutboxEmail.objects.create(
        to="d@example.com",
        subject="s",
        body="b",
        attempts=settings.OUTBOX_MAX_ATTEMPTS,
        created=an_hour_ago - timedelta(days=1),
    )

    figures = backlog()
    assert 'nomi_outbox_backlog{status="pending"} 2.0' in figures
    assert 'nomi_outbox_backlog{status="failed"} 1.0' in figures
    oldest = float(re.search(r"nomi_outbox_oldest_pending_seconds (\S+)", figures)[1])
    assert 3600 <= oldest < 3700


def test_metrics_and_probes_are_served_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    for path in ("/healthz", "/readyz", "/metrics"):
        assert client.get(path).status_code == 200, path


# --- /healthz and /readyz -----------------------------------------------------------


def test_readyz_is_200_with_a_line_per_check(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content.decode() == (
        "database: ok\ncache: local, not checked\nstorage: ok\n"
    )
    assert "no-cache" in response["Cache-Control"]


def test_readyz_round_trips_a_shared_cache(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with mock.patch.object(health.cache, "get", wraps=health.cache.get) as get:
        response = client.get("/readyz")

    assert response.status_code == 200
    assert "cache: ok\n" in response.content.decode()
    assert get.called


def test_readyz_is_503_when_the_database_fails(client):
    with mock.patch.object(
        health.connection, "cursor", side_effect=OperationalError("secret-host:3306")
    ):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode() == (
        "database: failed\ncache: local, not checked\nstorage: ok\n"
    )


def test_readyz_is_503_when_the_shared_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.content.decode()
    assert body == "database: ok\ncache: failed\nstorage: ok\n"
    assert "127.0.0.1" not in body


def test_readyz_is_503_when_the_cache_returns_something_else(
    client, settings, tmp_path
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }

    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert "cache: failed\n" in response.content.decode()


def test_readyz_is_503_when_media_storage_fails(client):
    with mock.patch.object(
        FileSystemStorage, "exists", side_effect=PermissionError("/srv/media")
    ):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode() == (
        "database: ok\ncache: local, not checked\nstorage: failed\n"
    )


def _gunicorn_control_settings(tmp_path, **environment) -> dict[str, str]:
    """The control-socket settings gunicorn resolves from gunicorn.conf.py."""
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--print-config",
            "marketplace.wsgi",
        ],
        env={**os.environ, "HOME": str(tmp_path), **environment},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(
        re.findall(r"^(control_socket\w*)\s+= (.*)$", printed, flags=re.MULTILINE)
    )


def test_gunicorn_opens_no_control_socket_that_a_second_server_would_share(
    tmp_path, monkeypatch
):
    """gunicorn's control socket defaults to one path per user: two web nodes
    on one host would fight over it. It is off unless a path is given."""
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)

    assert _gunicorn_control_settings(tmp_path)["control_socket_disable"] == "True"

    chosen = _gunicorn_control_settings(
        tmp_path, GUNICORN_CONTROL_SOCKET=str(tmp_path / "web1.ctl")
    )
    assert chosen["control_socket_disable"] == "False"
    assert chosen["control_socket"] == str(tmp_path / "web1.ctl")
