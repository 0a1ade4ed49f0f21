"""The one rule for text members type: what a name, a title or a note may hold.

Names, addresses and titles end up in emails, on order pages and in other
members' lists, so a line break, a right-to-left override or an invisible-only
value in one would let a member forge lines or hide who they are. Every
single-line field goes through `normalize_single_line()` and every multi-line
one through `normalize_multi_line()`: forms through `SingleLineField` and
`MultiLineField`, services through `normalize_text_fields()`.
"""

import unicodedata
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Explicit direction controls: embeddings, overrides and isolates reorder the
# text around them (a file name "exe.txt" shown as "txt.exe").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters with no use in a name or title; dropped wherever they
# are (the zero-width joiners stay: emoji and some scripts need them).
DROPPED = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"))
# Characters that show as blank although they are not whitespace (Hangul
# fillers, the braille blank, combining grapheme joiner).
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")

LINE_BREAK_MESSAGE = _(
    "Use a single line: line breaks, tabs and control characters are not allowed."
)
CONTROL_MESSAGE = _("Remove the control characters from this text.")
BIDI_MESSAGE = _(
    "Remove the text-direction override characters (they can make text read "
    "differently from how it is stored)."
)
INVISIBLE_MESSAGE = _("Enter visible text: this is only invisible characters.")


def _is_invisible(ch: str) -> bool:
    return (
        ch.isspace()
        or ch in BLANK_LOOKING
        or unicodedata.category(ch) in ("Cc", "Cf")
        or "\ufe00" <= ch <= "\ufe0f"  # variation selectors
        or "\U000e0100" <= ch <= "\U000e01ef"
    )


def _check_visible(value: str) -> None:
    if value and all(_is_invisible(ch) for ch in value):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")


def normalize_single_line(value: str | None) -> str:
    """`value` as one line of plain text: NFC, trimmed, inner spaces collapsed.

    Raises ValidationError for line breaks, tabs and other control characters,
    direction overrides, and a value that is only invisible characters.
    """
    value = unicodedata.normalize("NFC", value or "")
    for ch in value:
        if ch in BIDI_CONTROLS:
            raise ValidationError(BIDI_MESSAGE, code="bidi")
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
    value = value.strip()
    _check_visible(value)
    return " ".join(value.translate(DROPPED).split())


def normalize_multi_line(value: str | None) -> str:
    """`value` as plain text that may have line breaks, trimmed, lines as "\\n".

    Raises ValidationError for NUL, direction overrides and a value that is only
    invisible characters; other control characters are dropped and tabs become
    spaces.
    """
    value = unicodedata.normalize("NFC", value or "")
    if "\x00" in value:
        raise ValidationError(CONTROL_MESSAGE, code="control")
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(BIDI_MESSAGE, code="bidi")
    value = (
        value.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
        .replace("\t", " ")
    )
    value = "".join(
        ch for ch in value if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    value = "\n".join(line.rstrip() for line in value.strip().split("\n"))
    _check_visible(value)
    return value.translate(DROPPED)


def text_field(model, name: str, **kwargs) -> forms.CharField:
    """The form field for `model`'s text field `name`: single- or multi-line as
    the model declares it (`SINGLE_LINE_FIELDS` / `MULTI_LINE_FIELDS`), so a
    form and the service that re-checks it read the same declaration."""
    if name in getattr(model, "MULTI_LINE_FIELDS", ()):
        return MultiLineField(**kwargs)
    if name in getattr(model, "SINGLE_LINE_FIELDS", ()):
        return SingleLineField(**kwargs)
    raise LookupError(f"{model.__name__}.{name} is not a declared text field")


def text_field_classes(model) -> dict:
    """A ModelForm's `Meta.field_classes` for the text fields `model` declares."""
    return {
        **dict.fromkeys(getattr(model, "SINGLE_LINE_FIELDS", ()), SingleLineField),
        **dict.fromkeys(getattr(model, "MULTI_LINE_FIELDS", ()), MultiLineField),
    }


def normalize_model_text(model, values: dict, *, error: type[Exception]) -> dict:
    """`normalize_text_fields` for the text fields `model` declares."""
    return normalize_text_fields(
        values,
        single_line=getattr(model, "SINGLE_LINE_FIELDS", ()),
        multi_line=getattr(model, "MULTI_LINE_FIELDS", ()),
        error=error,
    )


def normalize_text_fields(
    values: dict,
    *,
    single_line: Iterable[str] = (),
    multi_line: Iterable[str] = (),
    error: type[Exception],
) -> dict:
    """A copy of `values` with the named text fields normalised (see above).

    For services: raises `error` (the app's own) with the field's message, so
    a caller that skipped the form meets the same rule.
    """
    cleaned = dict(values)
    for names, normalize in (
        (single_line, normalize_single_line),
        (multi_line, normalize_multi_line),
    ):
        for name in names:
            if name not in cleaned:
                continue
            try:
                cleaned[name] = normalize(cleaned[name])
            except ValidationError as refusal:
                raise error(f"{name}: {refusal.messages[0]}") from refusal
    return cleaned


def model_text(model, name: str, value: str | None, *, error: type[Exception]) -> str:
    """`plain_text` for `model`'s declared text field `name` (see `text_field`)."""
    if name in getattr(model, "MULTI_LINE_FIELDS", ()):
        return plain_text(value, error=error, multi_line=True)
    if name in getattr(model, "SINGLE_LINE_FIELDS", ()):
        return plain_text(value, error=error)
    raise LookupError(f"{model.__name__}.{name} is not a declared text field")


def plain_text(value: str | None, *, error: type[Exception], multi_line=False) -> str:
    """One value normalised by the rule above; raises `error` with its message."""
    try:
        if multi_line:
            return normalize_multi_line(value)
        return normalize_single_line(value)
    except ValidationError as refusal:
        raise error(refusal.messages[0]) from refusal


class SingleLineField(forms.CharField):
    """A CharField for names, titles, addresses: one normalised line."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize_single_line(value) or self.empty_value


class MultiLineField(forms.CharField):
    """A CharField for descriptions and notes: lines kept, the rest normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize_multi_line(value) or self.empty_value
