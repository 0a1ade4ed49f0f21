"""Per-listing auto-accept and auto-decline offer thresholds.

On SQLite, adding the CHECK constraint rebuilds listings_listing, which drops
the FTS5 triggers made by 0004; they are made again here (copied, as
migrations must not import code that can change).
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS listings_fts_insert",
    "DROP TRIGGER IF EXISTS listings_fts_delete",
    "DROP TRIGGER IF EXISTS listings_fts_update",
    "CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings_listing BEGIN "
    "INSERT INTO listings_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings_listing BEGIN "
    "INSERT INTO listings_fts(listings_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER listings_fts_update AFTER UPDATE OF search_document "
    "ON listings_listing BEGIN "
    "INSERT INTO listings_fts(listings_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO listings_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "INSERT INTO listings_fts(listings_fts) VALUES ('rebuild')",
]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0004_fulltext"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="offer_auto_accept_cents",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="auto-accept offers from (cents)"
            ),
        ),
        migrations.AddField(
            model_name="listing",
            name="offer_auto_decline_cents",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="auto-decline offers below (cents)"
            ),
        ),
        migrations.AddConstraint(
            model_name="listing",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("offer_auto_accept_cents__isnull", True),
                    ("offer_auto_decline_cents__isnull", True),
                    (
                        "offer_auto_decline_cents__lt",
                        models.F("offer_auto_accept_cents"),
                    ),
                    _connector="OR",
                ),
                name="listing_offer_thresholds_ordered",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, restore_sqlite_triggers),
    ]
