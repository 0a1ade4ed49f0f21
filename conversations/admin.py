from django.contrib import admin

from conversations.models import Comment, Conversation, Message


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "listing", "author", "created_at", "deleted_at")
    list_filter = (("deleted_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("text", "author__username", "listing__title")
    list_select_related = ("listing", "author")
    raw_id_fields = ("listing", "author", "deleted_by")
    readonly_fields = ("text", "created_at", "deleted_at", "deleted_by")


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("sender", "text", "created_at", "has_contact_details", "removed_at")
    readonly_fields = fields
    raw_id_fields = ("sender",)
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("id", "listing", "seller", "member", "last_message_at")
    search_fields = ("listing__title", "seller__username", "member__username")
    list_select_related = ("listing", "seller", "member")
    raw_id_fields = ("listing", "seller", "member")
    readonly_fields = (
        "created_at",
        "last_message_at",
        "seller_read_at",
        "member_read_at",
    )
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "conversation",
        "sender",
        "created_at",
        "has_contact_details",
        "removed_at",
    )
    list_filter = ("has_contact_details", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = ("text", "sender__username", "conversation__listing__title")
    list_select_related = ("conversation__listing", "sender")
    raw_id_fields = ("conversation", "sender")
    readonly_fields = ("text", "created_at", "has_contact_details", "removed_at")
