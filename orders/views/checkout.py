"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def checkout(request, pk=None):
    raise Http404
