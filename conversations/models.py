"""Item comments (public questions and answers) and private conversations."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A public question or answer under an item's description."""

    # The text rule (marketplace.text).
    MULTI_LINE_FIELDS = ("text",)

    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Deleted by the seller or removed by staff: the thread shows a placeholder.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["listing", "created_at"], name="comment_thread_idx"),
        ]

    def __str__(self):
        return f"{self.author} on {self.listing_id}: {self.text[:40]}"

    def get_absolute_url(self):
        return f"{self.listing.get_absolute_url()}#comment-{self.pk}"


class Conversation(models.Model):
    """The private thread between an item's seller and one interested member."""

    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="conversations_as_seller",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="conversations_as_member",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    seller_read_at = models.DateTimeField(_("seller read"), null=True, blank=True)
    member_read_at = models.DateTimeField(_("member read"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "member"], name="conversation_per_item_member"
            ),
        ]
        indexes = [
            models.Index(
                fields=["seller", "-last_message_at"], name="conversation_seller_idx"
            ),
            models.Index(
                fields=["member", "-last_message_at"], name="conversation_member_idx"
            ),
        ]

    def __str__(self):
        return f"{self.member} ↔ {self.seller} about {self.listing_id}"

    def get_absolute_url(self):
        return reverse("conversations:thread", args=[self.pk])


class Message(models.Model):
    """One private message in a conversation."""

    MULTI_LINE_FIELDS = ("text",)

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="messages_sent",
    )
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # Holds an email address, a phone number or a payment link: both sides
    # see the warning about paying outside Nomi.
    has_contact_details = models.BooleanField(_("contact details"), default=False)
    removed_at = models.DateTimeField(_("removed by staff"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["conversation", "created_at"], name="message_thread_idx"
            ),
        ]

    def __str__(self):
        return f"{self.sender}: {self.text[:40]}"

    def get_absolute_url(self):
        return f"{self.conversation.get_absolute_url()}#message-{self.pk}"
