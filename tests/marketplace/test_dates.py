"""The one date and time format: the `when`, `day` and `iso` filters."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import timezone

from marketplace.templatetags.dates import day, iso, when

MOMENT = datetime(2026, 11, 30, 21, 44, 5, 123456, tzinfo=UTC)


def test_when_is_short_month_12_hour_clock_and_the_zone_used():
    with timezone.override("America/New_York"):
        assert when(MOMENT) == "Nov 30, 2026, 4:44 PM EST"
    with timezone.override("America/Los_Angeles"):
        assert when(MOMENT) == "Nov 30, 2026, 1:44 PM PST"
    with timezone.override("America/New_York"):
        assert (
            when(datetime(2026, 7, 4, 4, 5, tzinfo=UTC)) == "Jul 4, 2026, 12:05 AM EDT"
        )


def test_when_never_writes_django_am_pm_with_periods():
    with timezone.override("America/New_York"):
        text = when(datetime(2026, 9, 1, 14, 0, tzinfo=UTC))
    assert text == "Sep 1, 2026, 10:00 AM EDT"
    assert "a.m." not in text and "." not in text


def test_day_is_the_date_in_the_active_zone():
    assert day(date(2026, 11, 30)) == "Nov 30, 2026"
    with timezone.override("America/New_York"):
        assert day(datetime(2026, 12, 1, 3, 0, tzinfo=UTC)) == "Nov 30, 2026"
    with timezone.override("America/Los_Angeles"):
        assert day(MOMENT) == "Nov 30, 2026"


def test_iso_has_no_microseconds_and_the_zones_offset():
    with timezone.override("America/New_York"):
        assert iso(MOMENT) == "2026-11-30T16:44:05-05:00"
    with timezone.override("UTC"):
        assert iso(MOMENT) == "2026-11-30T21:44:05+00:00"
    assert iso(date(2026, 11, 30)) == "2026-11-30"


def test_empty_values_render_nothing():
    assert when(None) == day(None) == iso(None) == ""
    assert when("") == day("") == iso("") == ""


def test_filters_are_builtins_in_templates():
    template = Template('<time datetime="{{ v|iso }}">{{ v|when }}</time> {{ v|day }}')
    with timezone.override("America/Chicago"):
        html = template.render(Context({"v": MOMENT}))
    assert html == (
        '<time datetime="2026-11-30T15:44:05-06:00">Nov 30, 2026, 3:44 PM CST</time>'
        " Nov 30, 2026"
    )
