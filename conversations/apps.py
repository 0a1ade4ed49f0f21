from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = "Conversations"

    def ready(self):
        # Receivers of the hooks of the apps below (docs/architecture.md).
        from conversations import account_data, receivers

        receivers.register()
        account_data.register()
