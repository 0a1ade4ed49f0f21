"""Templated emails, sent only once the surrounding transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def send_templated_email(*, to: str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt`; send after commit."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)

    def send():
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

    transaction.on_commit(send)
