"""The topology's nginx configuration (scripts/topology/nginx.conf), as
nginx.sh writes it; no nginx is started (tests/topology does that)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX_SH = ROOT / "scripts" / "topology" / "nginx.sh"


def written_config(tmp_path, **environment) -> str:
    done = subprocess.run(
        [NGINX_SH, "config"],
        env={
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(tmp_path)),
            "TOPOLOGY_DIR": str(tmp_path),
            "PYTHON_BIN": sys.executable,
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def directives(config: str, name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]*);", config, flags=re.MULTILINE)


def test_the_body_ceiling_is_the_applications(tmp_path):
    assert directives(written_config(tmp_path), "client_max_body_size") == [
        str(64 * 1024 * 1024)
    ]
    assert directives(
        written_config(tmp_path, REQUEST_MAX_BYTES="1234"), "client_max_body_size"
    ) == ["1234"]


def test_a_post_sent_to_a_node_is_never_passed_to_another(tmp_path):
    config = written_config(tmp_path)
    (retry,) = directives(config, "proxy_next_upstream")
    assert retry.split() == ["error", "timeout"]
    assert "non_idempotent" not in re.sub(r"#.*", "", config)


def test_the_nodes_see_the_clients_address_scheme_host_and_request_id(tmp_path):
    headers = dict(
        value.split(None, 1)
        for value in directives(written_config(tmp_path), "proxy_set_header")
    )
    assert headers == {
        "Host": "$http_host",
        "X-Forwarded-For": "$proxy_add_x_forwarded_for",
        "X-Forwarded-Proto": "$scheme",
        "X-Request-ID": "$nomi_request_id",
    }


def test_every_file_nginx_writes_is_under_the_topology_folder(tmp_path):
    config = written_config(tmp_path)
    for name in (
        "pid",
        "error_log",
        "access_log",
        "client_body_temp_path",
        "proxy_temp_path",
        "fastcgi_temp_path",
        "uwsgi_temp_path",
        "scgi_temp_path",
    ):
        (value,) = directives(config, name)
        assert value.startswith(f"{tmp_path}/nginx/"), (name, value)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    config = tmp_path / "nginx" / "nginx.conf"
    for folder in ("logs", "temp"):
        (tmp_path / "nginx" / folder).mkdir(parents=True)
    config.write_text(written_config(tmp_path))
    subprocess.run(
        [
            shutil.which("nginx"),
            "-t",
            "-q",
            "-c",
            config,
            "-p",
            f"{tmp_path}/nginx/",
            "-e",
            tmp_path / "nginx" / "logs" / "error.log",
        ],
        check=True,
        timeout=30,
    )
