"""Backup and restore with mariadb-backup, rehearsed (scripts/backup-rehearsal.sh).

The script starts its own source and restore instances on 127.0.0.1:3331 and
:3332 (never the machine's MariaDB), backs up a seeded database, restores it
into an empty datadir, replays the binary log written after the backup, and
runs reconcile_ledger on the restore (docs/backup.md).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.topology

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup-rehearsal.sh"
# Tables that seed_demo fills: members, listings, a few trades with their
# payments, ledger and emails. Empty ones would prove nothing.
FILLED_TABLES = (
    "accounts_user",
    "listings_listing",
    "listings_listingphoto",
    "orders_order",
    "orders_payment",
    "orders_ledgerentry",
    "marketplace_outboxemail",
)


@pytest.fixture(scope="module")
def rehearsal() -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env={**os.environ, "PYTHON_BIN": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
    )


def reported_counts(output: str) -> dict[str, tuple[int, int]]:
    counts = {}
    for line in output.splitlines():
        if line.startswith("count "):
            _, table, source, restored = line.split()
            counts[table] = (int(source), int(restored))
    return counts


def test_the_rehearsal_passes(rehearsal):
    assert rehearsal.returncode == 0, rehearsal.stdout[-3000:] + rehearsal.stderr
    assert "Reconciled: no differences." in rehearsal.stdout
    assert "Backup rehearsal passed" in rehearsal.stdout


def test_the_restore_has_every_row_of_the_main_tables(rehearsal):
    counts = reported_counts(rehearsal.stdout)
    assert set(FILLED_TABLES) <= counts.keys(), rehearsal.stdout
    for table, (source, restored) in counts.items():
        assert source == restored, table
    for table in FILLED_TABLES:
        assert counts[table][0] > 0, table


def test_the_binary_log_brought_back_the_later_writes(rehearsal):
    (summary,) = [
        line for line in rehearsal.stdout.splitlines() if "rehearsal passed" in line
    ]
    written_after = int(summary.split("(")[1].split()[0])
    assert written_after > 0, summary
