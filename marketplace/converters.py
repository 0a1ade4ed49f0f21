"""Path converters shared by every app's URLconf."""

from django.urls import register_converter


class IdConverter:
    """A database id: 1 to 18 digits, no leading zero, so 0 or a huge number is
    a 404 at routing.

    Django's `int` takes any length, and a number past 64 bits then fails in
    the database driver (SQLite raises OverflowError) instead of finding no row.
    """

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
