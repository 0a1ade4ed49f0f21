from django.urls import path

from orders.views import balance, checkout, offers, orders, sandbox

app_name = "orders"

urlpatterns = [
    path("items/<id:pk>/buy/", checkout.checkout, name="checkout"),
    path("items/<id:pk>/offer/", offers.offer_new, name="offer-new"),
    path(
        "items/<id:pk>/offer-settings/",
        offers.offer_settings,
        name="offer-settings",
    ),
    path("offers/<id:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<id:pk>/accept/", offers.offer_accept, name="offer-accept"),
    path("offers/<id:pk>/decline/", offers.offer_decline, name="offer-decline"),
    path("offers/<id:pk>/counter/", offers.offer_counter, name="offer-counter"),
    path(
        "offers/<id:pk>/accept-counter/",
        offers.counter_accept,
        name="counter-accept",
    ),
    path(
        "offers/<id:pk>/decline-counter/",
        offers.counter_decline,
        name="counter-decline",
    ),
    path("buying/", orders.buying, name="buying"),
    path("orders/<id:pk>/", orders.order_detail, name="detail"),
    path("orders/<id:pk>/ship/", orders.order_ship, name="ship"),
    path("orders/<id:pk>/confirm/", orders.order_confirm, name="confirm"),
    path("orders/<id:pk>/cancel/", orders.order_cancel, name="cancel"),
    path("orders/<id:pk>/report/", orders.order_report, name="report"),
    path(
        "orders/<id:pk>/photos/<id:photo_id>/",
        orders.dispute_photo,
        name="dispute-photo",
    ),
    path("orders/<id:pk>/rate/", orders.order_rate, name="rate"),
    path("balance/", balance.balance, name="balance"),
    path("balance/withdraw/", balance.withdraw, name="withdraw"),
    path("payments/card/", sandbox.card_token, name="card-token"),
]
