"""The full-text index: InnoDB FULLTEXT on MySQL/MariaDB, FTS5 on SQLite.

Each backend gets its own; other backends get none (search then fails loudly).
Also fills the department and search document of existing listings.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE listings_fts USING fts5("
    "search_document, content='listings_listing', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
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
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS listings_fts_update",
    "DROP TRIGGER IF EXISTS listings_fts_delete",
    "DROP TRIGGER IF EXISTS listings_fts_insert",
    "DROP TABLE IF EXISTS listings_fts",
]
MYSQL_FORWARD = [
    "ALTER TABLE listings_listing "
    "ADD FULLTEXT INDEX listing_search_document (search_document)",
]
MYSQL_BACKWARD = ["ALTER TABLE listings_listing DROP INDEX listing_search_document"]


def fill_documents(apps, schema_editor):
    Listing = apps.get_model("listings", "Listing")
    for listing in Listing.objects.select_related("category__parent").iterator():
        category = listing.category
        department = category.parent
        parts = [listing.title] * 3 + [
            listing.brand_name,
            category.name,
            department.name if department else "",
            listing.size,
            listing.colour,
            listing.description,
        ]
        listing.department_id = category.parent_id or category.pk
        listing.search_document = " ".join(p for p in parts if p)
        listing.save(update_fields=["department", "search_document"])


def forward(apps, schema_editor):
    fill_documents(apps, schema_editor)
    statements = {"sqlite": SQLITE_FORWARD, "mysql": MYSQL_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "mysql": MYSQL_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    # InnoDB cannot add a FULLTEXT index inside a transaction with other DDL.
    atomic = False

    dependencies = [("listings", "0003_search_fields")]

    operations = [migrations.RunPython(forward, backward)]
