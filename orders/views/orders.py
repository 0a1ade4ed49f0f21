"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def buying(request, pk=None):
    raise Http404


def order_detail(request, pk=None):
    raise Http404


def order_ship(request, pk=None):
    raise Http404


def order_confirm(request, pk=None):
    raise Http404


def order_cancel(request, pk=None):
    raise Http404


def order_report(request, pk=None):
    raise Http404


def order_rate(request, pk=None):
    raise Http404
