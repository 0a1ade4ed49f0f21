from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Discovery"

    def ready(self):
        # Receivers of the hooks of the apps below (docs/architecture.md).
        from discovery import receivers

        receivers.register()
