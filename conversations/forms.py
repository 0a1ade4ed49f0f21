from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from conversations.models import Comment, Message
from marketplace.text import text_field


class CommentForm(forms.Form):
    text = text_field(
        Comment,
        "text",
        label=_("Your question"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public: everyone can read it. Links are not clickable."),
    )


class MessageForm(forms.Form):
    text = text_field(
        Message,
        "text",
        label=_("Message"),
        max_length=settings.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Set by the warning page: the sender read the warning about contact
    # details and sends anyway.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
