from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = "Listings"

    def ready(self):
        # Receivers of the hooks of the apps below (docs/architecture.md).
        from listings import receivers

        receivers.register()
