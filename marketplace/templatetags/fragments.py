"""Parts of every page that depend on nothing but the language (the footer,
the header around its holes), rendered once per worker."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple[str, str], str] = {}


def render_once(template_name: str, context: dict | None = None) -> SafeString:
    """`template_name` rendered with `context` once per language, kept for the
    worker's life: it may hold links, translated text and holes for a
    viewer's parts (marketplace.shared.fill), never data or anything per
    viewer. `context` must be the same on every call."""
    key = (template_name, get_language())
    if key not in _rendered:
        _rendered[key] = render_to_string(template_name, context)
    # Rendered by the template engine, escaped where it must be.
    return SafeString(_rendered[key])


@register.simple_tag
def same_for_everyone(template_name: str) -> SafeString:
    """`{% same_for_everyone "template" %}`: render_once() without context."""
    return render_once(template_name)
