from django.urls import path

from orders.views import balance, checkout, offers, orders

app_name = "orders"

urlpatterns = [
    path("items/<int:pk>/buy/", checkout.checkout, name="checkout"),
    path("items/<int:pk>/offer/", offers.offer_new, name="offer-new"),
    path(
        "items/<int:pk>/offer-settings/",
        offers.offer_settings,
        name="offer-settings",
    ),
    path("offers/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/accept/", offers.offer_accept, name="offer-accept"),
    path("offers/<int:pk>/decline/", offers.offer_decline, name="offer-decline"),
    path("offers/<int:pk>/counter/", offers.offer_counter, name="offer-counter"),
    path(
        "offers/<int:pk>/accept-counter/",
        offers.counter_accept,
        name="counter-accept",
    ),
    path(
        "offers/<int:pk>/decline-counter/",
        offers.counter_decline,
        name="counter-decline",
    ),
    path("buying/", orders.buying, name="buying"),
    path("orders/<int:pk>/", orders.order_detail, name="detail"),
    path("orders/<int:pk>/ship/", orders.order_ship, name="ship"),
    path("orders/<int:pk>/confirm/", orders.order_confirm, name="confirm"),
    path("orders/<int:pk>/cancel/", orders.order_cancel, name="cancel"),
    path("orders/<int:pk>/report/", orders.order_report, name="report"),
    path(
        "orders/<int:pk>/photos/<int:photo_id>/",
        orders.dispute_photo,
        name="dispute-photo",
    ),
    path("orders/<int:pk>/rate/", orders.order_rate, name="rate"),
    path("balance/", balance.balance, name="balance"),
    path("balance/withdraw/", balance.withdraw, name="withdraw"),
]
