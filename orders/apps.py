from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders"

    def ready(self):
        # Receivers of the hooks of the apps below (docs/architecture.md).
        from orders import receivers

        receivers.register()
