"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def offer_new(request, pk=None):
    raise Http404


def offer_settings(request, pk=None):
    raise Http404


def offer_detail(request, pk=None):
    raise Http404


def offer_accept(request, pk=None):
    raise Http404


def offer_decline(request, pk=None):
    raise Http404


def offer_counter(request, pk=None):
    raise Http404


def counter_accept(request, pk=None):
    raise Http404


def counter_decline(request, pk=None):
    raise Http404
