"""Offer thresholds now live in orders (OfferSettings, copied by orders 0005).

On SQLite, dropping the CHECK constraint rebuilds listings_listing, which drops
the FTS5 triggers made by 0004; they are made again here (copied, as
migrations must not import code that can change).
"""

from django.db import migrations

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
        ("listings", "0007_one_zip_validator"),
        ("orders", "0005_offer_settings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="listing",
            name="listing_offer_thresholds_ordered",
        ),
        migrations.RemoveField(
            model_name="listing",
            name="offer_auto_accept_cents",
        ),
        migrations.RemoveField(
            model_name="listing",
            name="offer_auto_decline_cents",
        ),
        migrations.RunPython(restore_sqlite_triggers, restore_sqlite_triggers),
    ]
