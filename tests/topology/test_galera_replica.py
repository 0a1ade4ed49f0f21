"""An asynchronous read replica of the Galera cluster (docs/replica.md).

scripts/topology/galera.sh starts the cluster, whose nodes write a binary log
with the cluster's GTIDs; scripts/topology/replica.sh start --source follows
node 1 (seeded from a dump, then by GTID). A write on node 2 reaches the
replica through node 1's binary log; with the replica paused a write stays
off it, and arrives once it resumes. The replica has its own folder and port
here, so the topology's usual replica (test_replica.py) is left as it is.
"""

import os
import re
import subprocess
import uuid
from pathlib import Path

import MySQLdb
import pytest

from tests.topology.ports import free_port

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
GALERA = ROOT / "scripts" / "topology" / "galera.sh"
REPLICA = ROOT / "scripts" / "topology" / "replica.sh"
DATABASE = f"nomi_galera_replica_{uuid.uuid4().hex[:8]}"


def run(script: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(
        [str(script), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def exported(output: str) -> dict[str, str]:
    return dict(re.findall(r"^export (\w+)=(\S+)$", output, re.M))


def connect(url: str, user: str = "root"):
    host, port = re.match(r"mysql://\w+@([\d.]+):(\d+)/", url).groups()
    connection = MySQLdb.connect(host=host, port=int(port), user=user)
    connection.autocommit(True)
    return connection


def sql(url: str, statement: str, user: str = "root"):
    connection = connect(url, user)
    try:
        cursor = connection.cursor()
        cursor.execute(statement)
        return cursor.fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The Galera nodes' URLs, and the environment that runs the replica."""
    run(GALERA, "start")
    nodes = exported(run(GALERA, "env"))
    node1_port = re.search(r":(\d+)/", nodes["GALERA_URL_1"]).group(1)
    replica_env = {
        **os.environ,
        "TOPOLOGY_DIR": str(tmp_path_factory.mktemp("galera-replica")),
        "REPLICA_SQL_PORT": str(free_port()),
        "REPLICA_DATABASE": DATABASE,
    }
    run(REPLICA, "start", "--source", node1_port, env=replica_env)
    replica_url = exported(run(REPLICA, "env", env=replica_env))
    yield nodes, replica_url, replica_env
    run(REPLICA, "clean", env=replica_env)
    sql(nodes["GALERA_URL_1"], f"DROP DATABASE IF EXISTS {DATABASE}")
    run(GALERA, "stop")


def applied(replica_url: str, position: str, seconds: int = 10) -> bool:
    """Whether the replica applies `position` within `seconds`."""
    rows = sql(replica_url, f"SELECT MASTER_GTID_WAIT('{position}', {seconds})")
    return rows[0][0] == 0


def test_replica_follows_the_cluster(cluster):
    nodes, replica_url, replica_env = cluster
    node1, node2 = nodes["GALERA_URL_1"], nodes["GALERA_URL_2"]
    replica = replica_url["DATABASE_REPLICA_URL"]
    # Following a source, the replica script hands out no primary of its own.
    assert "DATABASE_URL" not in replica_url
    assert replica.endswith(f"/{DATABASE}")

    # Written on node 2: reaches node 1's binary log, then the replica.
    sql(node2, f"CREATE DATABASE {DATABASE}")
    sql(node2, f"CREATE TABLE {DATABASE}.item (id INT PRIMARY KEY, name TEXT)")
    sql(node2, f"INSERT INTO {DATABASE}.item VALUES (1, 'from node 2')")
    position = sql(node1, "SELECT @@gtid_binlog_pos")[0][0]
    # One GTID domain for the whole cluster: a write on any node counts there.
    assert re.fullmatch(r"100-\d+-\d+", position), position
    assert applied(replica, position)
    # The site's reader sees it (it may only SELECT).
    assert sql(replica, f"SELECT name FROM {DATABASE}.item", user="nomi_reader") == (
        ("from node 2",),
    )

    # Paused: a write on node 1 stays off the replica...
    run(REPLICA, "pause", env=replica_env)
    try:
        sql(node1, f"INSERT INTO {DATABASE}.item VALUES (2, 'while paused')")
        position = sql(node1, "SELECT @@gtid_binlog_pos")[0][0]
        assert not applied(replica, position, seconds=1)
        assert sql(replica, f"SELECT COUNT(*) FROM {DATABASE}.item")[0][0] == 1
    finally:
        run(REPLICA, "resume", env=replica_env)
    # ...and arrives once it resumes (sync waits for node 1's position).
    run(REPLICA, "sync", env=replica_env)
    assert sql(replica, f"SELECT COUNT(*) FROM {DATABASE}.item")[0][0] == 2
