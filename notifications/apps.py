from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Receivers of the hooks of the apps below (docs/architecture.md).
        from notifications import account_data, receivers

        receivers.register()
        account_data.register()
