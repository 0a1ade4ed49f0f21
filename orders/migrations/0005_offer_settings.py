"""Offer thresholds move from the listing to orders' OfferSettings (one per listing).

Existing thresholds are copied here; listings 0008 then drops the columns.
Reversed, the thresholds are copied back before the table is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def copy_to_offer_settings(apps, schema_editor):
    Listing = apps.get_model("listings", "Listing")
    OfferSettings = apps.get_model("orders", "OfferSettings")
    rows = (
        Listing.objects.filter(
            Q(offer_auto_accept_cents__isnull=False)
            | Q(offer_auto_decline_cents__isnull=False)
        )
        .order_by("pk")
        .values_list("pk", "offer_auto_accept_cents", "offer_auto_decline_cents")
    )
    OfferSettings.objects.bulk_create(
        (
            OfferSettings(
                listing_id=pk, auto_accept_cents=accept, auto_decline_cents=decline
            )
            for pk, accept, decline in rows.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


def copy_back_to_listings(apps, schema_editor):
    Listing = apps.get_model("listings", "Listing")
    OfferSettings = apps.get_model("orders", "OfferSettings")
    for row in OfferSettings.objects.order_by("pk").iterator(chunk_size=2000):
        Listing.objects.filter(pk=row.listing_id).update(
            offer_auto_accept_cents=row.auto_accept_cents,
            offer_auto_decline_cents=row.auto_decline_cents,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0007_one_zip_validator"),
        ("orders", "0004_private_dispute_photos"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfferSettings",
            fields=[
                (
                    "listing",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="offer_settings",
                        serialize=False,
                        to="listings.listing",
                    ),
                ),
                (
                    "auto_accept_cents",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="auto-accept offers from (cents)"
                    ),
                ),
                (
                    "auto_decline_cents",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="auto-decline offers below (cents)"
                    ),
                ),
            ],
            options={
                "verbose_name": "offer settings",
                "verbose_name_plural": "offer settings",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("auto_accept_cents__isnull", True),
                            ("auto_decline_cents__isnull", True),
                            ("auto_decline_cents__lt", models.F("auto_accept_cents")),
                            _connector="OR",
                        ),
                        name="offer_thresholds_ordered",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_to_offer_settings, copy_back_to_listings),
    ]
