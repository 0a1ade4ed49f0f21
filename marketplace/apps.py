from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Nomi"

    def ready(self):
        # Registers <id:...>, which every app's URLconf uses for database ids;
        # URLconfs load after every app is ready.
        from marketplace import converters  # noqa: F401
