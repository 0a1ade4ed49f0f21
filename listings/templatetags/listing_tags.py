from django import template

register = template.Library()


@register.filter
def thumb_height(photo, width) -> int:
    """Height of `photo` scaled to `width`, for the <img height> attribute."""
    return photo.thumb_height(int(width))


@register.filter
def at_most(number, limit) -> bool:
    """`{{ forloop.counter|at_most:8 }}`: true for the first `limit` items."""
    return int(number) <= int(limit)
