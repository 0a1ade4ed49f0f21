from django import template

register = template.Library()


@register.filter
def thumb_height(photo, width) -> int:
    """Height of `photo` scaled to `width`, for the <img height> attribute."""
    return photo.thumb_height(int(width))
