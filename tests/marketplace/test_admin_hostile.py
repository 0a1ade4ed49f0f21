"""Staff admin: only staff get in, and no filter or search value breaks a list.

Every registered model's changelist is covered (read from the admin site's
registry); the filter parameters are the ones the page itself links to.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.marketplace.test_bad_input_corpus import PAYLOADS, RAW_MARKERS
from tests.marketplace.urlconf import World

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_only_staff_reach_the_changelist(client, db, model):
    world = World()
    url = _changelist(model)
    for role in ("visitor", "member", "seller", "suspended"):
        client.logout()
        if role != "visitor":
            client.force_login(world.users[role])
        response = client.get(url)
        assert response.status_code == 302, role
        assert "/admin/login/" in response["Location"]
    client.force_login(world.users["staff"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_hostile_filter_and_search_values_never_break_a_list(client, db, model):
    world = World()
    client.raise_request_exception = False
    client.force_login(world.users["staff"])
    url = _changelist(model)
    page = client.get(url).content.decode()
    params = {"q", "o", "p"}
    for href in re.findall(r'href="\?([^"]*)"', page):
        params.update(name for name, _ in parse_qsl(unescape(href)))
    for param in sorted(params):
        for payload in PAYLOADS:
            response = client.get(f"{url}?{urlencode([(param, payload)])}")
            where = f"{url}?{param}={payload[:20]!r}"
            assert response.status_code < 500, where
            body = response.content.decode("utf-8", "replace")
            assert not any(m in body for m in RAW_MARKERS), where
