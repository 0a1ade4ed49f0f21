"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def balance(request, pk=None):
    raise Http404


def withdraw(request, pk=None):
    raise Http404
