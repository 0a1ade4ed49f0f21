"""Prometheus metrics: the business counters, the outbox gauges, the scrape.

django-prometheus's middleware counts requests, responses and latencies; the
counters here count what the marketplace does. Services count a change only
once its transaction commits (`count_after_commit`), so a sale rolled back
(a lost race, a deadlock retried) is never counted. docs/observability.md
lists every metric and the alerts worth setting.

Several processes (gunicorn workers, Celery's) each count in their own
memory unless PROMETHEUS_MULTIPROC_DIR names a folder they share: then
prometheus_client writes every value to a file there and a scrape adds up
all processes' files (gunicorn.conf.py sets it up for the web workers).
"""

import hmac
import ipaddress
import logging
import os

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily

from marketplace.models import OutboxEmail
from marketplace.ratelimit import client_address

logger = logging.getLogger(__name__)

ORDERS_CREATED = Counter(
    "nomi_orders_created",
    "Orders opened (the item claimed), by how they were bought.",
    ["via"],
)
CAPTURES = Counter(
    "nomi_payment_captures",
    "Order payments taken into escrow: card captures and balance payments.",
    ["method"],
)
DECLINES = Counter(
    "nomi_payment_declines",
    "Card payments the gateway refused, at authorization or at capture.",
    ["stage"],
)
REFUNDS = Counter(
    "nomi_refunds",
    "Captured orders whose money went back to the buyer (cancelled or refunded).",
    ["method"],
)
PAYOUTS = Counter(
    "nomi_payouts",
    "Withdrawals from a seller's balance to a bank account.",
)
TASK_FAILURES = Counter(
    "nomi_task_failures",
    "Background tasks that raised, by task name.",
    ["task"],
)
LEDGER_DIFFERENCES = Gauge(
    "nomi_ledger_differences",
    "Differences the last reconcile_ledger run found (0: money is conserved).",
    multiprocess_mode="mostrecent",
)

# Every known label value starts at 0, so a rate() sees the first increase
# and a dashboard shows the series before anything happened.
for _via in ("checkout", "offer"):
    ORDERS_CREATED.labels(via=_via)
for _method in ("card", "balance"):
    CAPTURES.labels(method=_method)
    REFUNDS.labels(method=_method)
for _stage in ("authorize", "capture"):
    DECLINES.labels(stage=_stage)


def count_after_commit(counter: Counter, **labels: str) -> None:
    """Add one to `counter` when the current transaction commits (at once outside one).

    A transaction rolled back, or retried after a deadlock, counts nothing.
    """
    child = counter.labels(**labels) if labels else counter
    transaction.on_commit(child.inc)


def count_task_failure(task_name: str) -> None:
    """Count a background task that raised (called by the task runner)."""
    TASK_FAILURES.labels(task=task_name).inc()


class OutboxCollector:
    """The email outbox's backlog, read from the database at scrape time.

    Computed by whichever process answers the scrape, so it needs no
    multiprocess file and is never stale.
    """

    def collect(self):
        now = timezone.now()
        unsent = OutboxEmail.objects.filter(sent_at__isnull=True)
        given_up = Q(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)
        try:
            figures = unsent.aggregate(
                pending=Count("pk", filter=~given_up),
                failed=Count("pk", filter=given_up),
                oldest=Min("created", filter=~given_up),
            )
        except DatabaseError:
            # The rest of the scrape is still worth having; the gauges are
            # absent (an alert on absent() sees it) and /readyz says why.
            logger.warning("Outbox metrics: the database did not answer")
            return
        backlog = GaugeMetricFamily(
            "nomi_outbox_backlog",
            "Unsent outbox emails: pending (to be sent or retried) and failed "
            "(given up after OUTBOX_MAX_ATTEMPTS; staff can retry them).",
            labels=["status"],
        )
        backlog.add_metric(["pending"], figures["pending"])
        backlog.add_metric(["failed"], figures["failed"])
        yield backlog
        oldest = figures["oldest"]
        yield GaugeMetricFamily(
            "nomi_outbox_oldest_pending_seconds",
            "Age of the oldest pending outbox email (0 when none is pending).",
            value=(now - oldest).total_seconds() if oldest else 0,
        )


class _Forward:
    """Another registry's metrics, as one collector."""

    def __init__(self, registry: CollectorRegistry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()


def scrape_registry() -> CollectorRegistry:
    """What a scrape shows: this process's metrics (every process's in
    multiprocess mode), then the outbox's, read now."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Forward(REGISTRY))
    registry.register(OutboxCollector())
    return registry


def exposition() -> tuple[bytes, str]:
    """The body and content type of a scrape."""
    return generate_latest(scrape_registry()), CONTENT_TYPE_LATEST


def _networks(values) -> list:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values]


def _peer(request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address that connected, as far as we can trust it; None if unknown.

    The throttles' rule (`ratelimit.client_address`), with one more: a
    request that came through a proxy while no hops are configured gives no
    address at all, so a public request relayed by a proxy on 127.0.0.1
    never passes for a local one.
    """
    if settings.TRUSTED_PROXY_HOPS == 0 and request.META.get(
        "HTTP_X_FORWARDED_FOR", ""
    ).strip(" ,"):
        return None
    return client_address(request)


def scrape_allowed(request) -> bool:
    """A scraper: from METRICS_ALLOWED_IPS, or with the METRICS_BEARER_TOKEN."""
    token = settings.METRICS_BEARER_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    address = _peer(request)
    return address is not None and any(
        address in network for network in _networks(settings.METRICS_ALLOWED_IPS)
    )


def serve_metrics(port: int, addr: str = "127.0.0.1") -> None:
    """Serve this process's (or, in multiprocess mode, all processes') metrics
    on their own port: for processes that answer no HTTP, like Celery workers."""
    start_http_server(port, addr=addr, registry=scrape_registry())
