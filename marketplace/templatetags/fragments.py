"""`{% same_for_everyone "template" %}`: a part of every page that depends on
nothing but the language (the footer), rendered once per worker."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple[str, str], str] = {}


@register.simple_tag
def same_for_everyone(template_name: str) -> SafeString:
    """`template_name` rendered without context, kept for the worker's life:
    it may hold links and translated text, never data or anything per viewer."""
    key = (template_name, get_language())
    if key not in _rendered:
        _rendered[key] = render_to_string(template_name)
    # Rendered by the template engine, escaped where it must be.
    return SafeString(_rendered[key])
