"""What a Galera cluster needs of the schema and the code (docs/galera.md).

Galera replicates InnoDB row events only, and finds the row of an update on
the other nodes by its primary key: a table of another engine is not
replicated, and one without a primary key is slow or unsafe to replicate.
Table locks are not replicated at all.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
# Our own code: apps, scripts, benchmarks (not the virtualenv, not tests).
SKIPPED_FOLDERS = {".venv", "node_modules", "tests", ".git", ".topology", "staticfiles"}


@pytest.mark.mysql
@pytest.mark.django_db
def test_every_table_is_innodb_with_a_primary_key():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.table_name, t.engine,
                   EXISTS (
                       SELECT 1 FROM information_schema.table_constraints c
                       WHERE c.table_schema = t.table_schema
                         AND c.table_name = t.table_name
                         AND c.constraint_type = 'PRIMARY KEY'
                   )
            FROM information_schema.tables t
            WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
            """
        )
        tables = cursor.fetchall()
    assert len(tables) > 20  # the migrated schema, not an empty database
    assert [name for name, engine, _pk in tables if engine != "InnoDB"] == []
    assert [name for name, _engine, has_pk in tables if not has_pk] == []


def _code_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_FOLDERS]
        for name in files:
            if name.endswith((".py", ".sql", ".sh")):
                yield Path(folder) / name


def test_the_code_takes_no_table_locks():
    pattern = re.compile(r"\b(LOCK|UNLOCK)\s+TABLES?\b|FLUSH\s+TABLES\s+WITH", re.I)
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _code_files()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        # A GRANT names the LOCK TABLES privilege (the backup user's); it
        # takes no lock.
        if pattern.search(line) and not re.search(r"\bGRANT\b", line, re.I)
    ]
    assert found == []
