"""One Payment row for every authorization or balance hold the flags describe.

An order or offer's payment_source, payment_reference, card brand and last
four, an offer's released / replaced_reference / replaced_released, and an
order's captured_at / refund_due / refunded_at become Payment rows with a
status. The flags stay until the services read the rows.
"""

from django.db import migrations

# The statuses, as they stood when this migration was written.
AUTHORIZED = "authorized"
CAPTURED = "captured"
VOID_PENDING = "void_pending"
VOIDED = "voided"
REFUND_PENDING = "refund_pending"
REFUNDED = "refunded"
OPEN_OFFER = ("pending", "countered")
BATCH = 500


def order_status(order) -> tuple[str, int, int]:
    """(status, captured cents, refunded cents) of an order's payment."""
    if order.captured_at is None:
        live = order.status == "paid"
        return (AUTHORIZED if live else VOIDED), 0, 0
    if order.refunded_at is not None:
        return REFUNDED, order.total_cents, order.total_cents
    if order.refund_due:
        return REFUND_PENDING, order.total_cents, 0
    return CAPTURED, order.total_cents, 0


def offer_held(offer, LedgerEntry) -> bool:
    """False for an offer declined at once: nothing was authorized or held."""
    if offer.payment_source == "card":
        return bool(offer.payment_reference)
    return LedgerEntry.objects.filter(offer_id=offer.pk, kind="hold").exists()


def create_payments(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Offer = apps.get_model("orders", "Offer")
    Payment = apps.get_model("orders", "Payment")
    LedgerEntry = apps.get_model("orders", "LedgerEntry")
    GatewayCall = apps.get_model("orders", "GatewayCall")
    rows = []

    def card(source):
        return {
            "reference": source.payment_reference,
            "card_brand": source.card_brand,
            "card_last4": source.card_last4,
        }

    for order in Order.objects.filter(offer__isnull=True).iterator():
        status, captured, refunded = order_status(order)
        rows.append(
            Payment(
                order_id=order.pk,
                payer_id=order.buyer_id,
                method=order.payment_source,
                status=status,
                authorized_cents=order.total_cents,
                captured_cents=captured,
                refunded_cents=refunded,
                idempotency_key=f"order:{order.pk}",
                created_at=order.created_at,
                **card(order),
            )
        )
    orders_by_offer = {
        order.offer_id: order for order in Order.objects.filter(offer__isnull=False)
    }
    for offer in Offer.objects.iterator():
        if not offer_held(offer, LedgerEntry):
            continue
        if offer.replaced_reference:
            first = GatewayCall.objects.filter(
                kind="authorize", reference=offer.replaced_reference
            ).first()
            rows.append(
                Payment(
                    offer_id=offer.pk,
                    payer_id=offer.buyer_id,
                    method="card",
                    status=VOIDED if offer.replaced_released else VOID_PENDING,
                    authorized_cents=(
                        first.amount_cents if first else offer.authorized_cents
                    ),
                    reference=offer.replaced_reference,
                    card_brand=first.brand if first else offer.card_brand,
                    card_last4=first.last4 if first else offer.card_last4,
                    idempotency_key=f"offer:{offer.pk}:replaced",
                    created_at=offer.created_at,
                )
            )
        order = orders_by_offer.get(offer.pk)
        if order is not None:
            status, captured, refunded = order_status(order)
            authorized = order.total_cents
        else:
            captured = refunded = 0
            authorized = offer.authorized_cents
            if offer.status in OPEN_OFFER:
                status = AUTHORIZED
            else:
                status = VOIDED if offer.released else VOID_PENDING
        rows.append(
            Payment(
                offer_id=offer.pk,
                order_id=order.pk if order is not None else None,
                payer_id=offer.buyer_id,
                method=offer.payment_source,
                status=status,
                authorized_cents=authorized,
                captured_cents=captured,
                refunded_cents=refunded,
                idempotency_key=f"offer:{offer.pk}",
                created_at=offer.created_at,
                **card(offer),
            )
        )
    Payment.objects.bulk_create(rows, batch_size=BATCH)


def remove_payments(apps, schema_editor):
    apps.get_model("orders", "Payment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0007_payment"),
    ]

    operations = [
        migrations.RunPython(create_payments, remove_payments),
    ]
