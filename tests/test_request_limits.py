"""The whole-request body limit: refused from Content-Length, body never read."""

import io

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory


class Untouchable(io.RawIOBase):
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def call(environ_overrides: dict, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    environ = RequestFactory()._base_environ(
        PATH_INFO="/items/new/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **environ_overrides,
    )
    environ["wsgi.input"] = Untouchable()
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(WSGIHandler()(environ, start_response))
    return seen["status"], seen["headers"], body.decode()


def test_a_150_mb_body_is_refused_unread(db, settings):
    status, headers, body = call({"CONTENT_LENGTH": str(150 * 1024 * 1024)}, settings)

    assert status.startswith("413")
    assert "Upload too large" in body
    assert headers["Connection"] == "close"


def test_a_body_just_over_the_limit_is_refused(db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    status, _, _ = call({"CONTENT_LENGTH": "1001"}, settings)
    assert status.startswith("413")


def test_a_chunked_body_without_length_is_never_read(db, settings):
    """Under WSGI Django reads at most Content-Length bytes: none here."""
    status, _, _ = call({"HTTP_TRANSFER_ENCODING": "chunked"}, settings)
    assert not status.startswith("5")


def test_a_body_under_the_limit_goes_through(member_client, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    response = member_client.post("/items/new/", {"title": "Lamp"})
    assert response.status_code == 400  # the form's own answer, not 413
