"""The member mix: bench/load.py --mix.

One gunicorn, configured as production with a shared Redis cache
(CACHE_URL=--redis-url, flushed at the start) and the anonymous page cache
on (PAGE_CACHE_SECONDS=5, as the README recommends), measured in five phases
of --mix-duration seconds with `wrk -t1 -c16` and bench/mix.lua:

1. bare view: /bench/bare, the ceiling;
2. members: 12 kinds of page in turn (home, five searches, three browse
   sorts, a category, ~50 different items, a busy seller's profile), each
   request with the cookies of one of 16 logged-in members in turn;
3. members + writer: the same while bench/writer.py publishes a listing
   every 0.5 s and adds a like every 0.2 s through the app's services;
4. anonymous: the same pages without cookies (served by the page cache);
5. anonymous + writer.

Before each phase every kind of page is requested once (as the first
member, or anonymously), before any writer starts. For each phase:
requests/s, share of the bare view's, wrk's p50/p95/p99, responses that were
not 2xx, and the server's CPU time per request (the gunicorn process
group's, from /proc). Before the phases, each kind of page
is requested alone as one member: once right after the Redis database is
flushed ("cold") and 20 times in a row on one keep-alive connection ("warm").
The members' sessions, likes and saved searches are made by
bench/sessions.py; the mix and the writer add rows to the database.
"""

import http.client
import json
import os
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import cpu_times, fmt_ms, percentile, settle
from bench.server import BENCH_DIR, PROJECT_DIR, Server, free_port

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SINGLE_REQUESTS = 20
ITEM_COUNT = 50
MEMBER_COUNT = 16

# The 12 kinds of page: (key, label, how to find it among load.pages()).
KINDS = [
    ("home", "home", lambda p: p["name"] == "home"),
    ("search_common", "search common word", lambda p: "common word" in p["name"]),
    ("search_rare", "search rare word", lambda p: "rare word" in p["name"]),
    ("search_two", "search two words", lambda p: "two words" in p["name"]),
    (
        "search_filters",
        "search word + department + price + condition",
        lambda p: "$10–200 + good" in p["name"],
    ),
    (
        "search_relevance",
        "search frequent word sort=relevance",
        lambda p: p["name"].endswith("sort=relevance"),
    ),
    ("browse_newest", "browse sort=newest", lambda p: p["name"].endswith("=newest")),
    (
        "browse_price_asc",
        "browse sort=price_asc",
        lambda p: p["name"] == "browse sort=price_asc",
    ),
    (
        "browse_most_liked",
        "browse sort=most_liked",
        lambda p: p["name"] == "browse sort=most_liked",
    ),
    (
        "category",
        "category page 1",
        lambda p: p["name"].startswith("category") and p["name"].endswith("page 1"),
    ),
    ("item", f"item pages ({ITEM_COUNT} items in turn)", lambda p: "item" in p["name"]),
    ("profile", "busy seller's profile", lambda p: p["name"].startswith("profile")),
]


class MixError(Exception):
    """A phase that cannot be trusted: errors, non-2xx answers, a failed writer."""


def mix_kinds(page_list: list[dict], item_ids: list[int]) -> list[dict]:
    kinds = []
    for key, label, matches in KINDS:
        page = next(
            (p for p in page_list if matches(p) and not p["name"].startswith("extra")),
            None,
        )
        if page is None:
            raise MixError(f"no page for {label} among load.pages()")
        paths = (
            [f"/items/{pk}/" for pk in item_ids] if key == "item" else [page["path"]]
        )
        kinds.append({"key": key, "label": label, "paths": paths})
    return kinds


# --- Helpers -----------------------------------------------------------------------
def cookie_header(sessions: dict, member: dict) -> str:
    return (
        f"{sessions['session_cookie']}={member['session_key']}; "
        f"{sessions['csrf_cookie']}={member['csrf_token']}"
    )


def get(conn: http.client.HTTPConnection, path: str, cookie: str | None):
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    return response.status, body, time.perf_counter() - started


def fetch(port: int, path: str, cookie: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        return get(conn, path, cookie)
    finally:
        conn.close()


def group_ticks(processes: dict, group: int) -> int:
    return sum(ticks for _name, pgrp, ticks in processes.values() if pgrp == group)


def name_ticks(processes: dict, name: str) -> int:
    return sum(ticks for n, _pgrp, ticks in processes.values() if n == name)


def run_django_script(env: dict, script: str, *options: str) -> dict:
    """bench/<script> with the server's environment; its `..._JSON` line."""
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / script), *options],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    match = re.search(r"^[A-Z]+_JSON (.*)$", done.stdout, re.MULTILINE)
    if done.returncode or not match:
        raise MixError(f"{script} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(match.group(1))


class WriterProcess:
    """bench/writer.py in its own process group, ready when it says so."""

    def __init__(self, env: dict, log_path: Path):
        self.log = open(log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH_DIR / "writer.py")],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([self.process.stdout], [], [], 1)
            if ready:
                line = self.process.stdout.readline()
                if line.strip() == "WRITER_READY" or not line:
                    break
            if self.process.poll() is not None:
                break
        if line.strip() != "WRITER_READY":
            self.stop()
            raise MixError(f"the writer did not start; see {log_path}")

    def stop(self) -> dict:
        """SIGTERM to the group; the writer finishes its write and reports."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            out, _err = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            out, _err = self.process.communicate()
        self.log.close()
        match = re.search(r"^WRITER_JSON (.*)$", out or "", re.MULTILINE)
        if not match:
            return {"errors": 1, "error_samples": ["no report from the writer"]}
        return json.loads(match.group(1))


# --- Measurements ------------------------------------------------------------------
def check_logged_in(port: int, sessions: dict) -> None:
    """Every member's cookie gives their account menu; no cookie gives none."""
    for member in sessions["members"]:
        status, body, _s = fetch(port, "/", cookie_header(sessions, member))
        if status != 200 or b"Log out" not in body:
            raise MixError(
                f"member {member['username']}'s cookie does not log in: HTTP "
                f"{status}, 'Log out' {'found' if b'Log out' in body else 'missing'}"
            )
    status, body, _s = fetch(port, "/")
    if status != 200 or b"Log out" in body:
        raise MixError(f"anonymous home: HTTP {status} or a member's menu")


def single_requests(port, kinds, cookie, redis_client) -> list[dict]:
    """Per kind, as one member: the first request after a Redis flush, then
    SINGLE_REQUESTS in a row on one keep-alive connection."""
    rows = []
    for kind in kinds:
        path = kind["paths"][0]
        redis_client.flushdb()
        status, _body, cold = fetch(port, path, cookie)
        if status != 200:
            raise MixError(f"{kind['label']} ({path}) as a member: HTTP {status}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        times = []
        try:
            for _ in range(SINGLE_REQUESTS):
                status, _body, seconds = get(conn, path, cookie)
                if status != 200:
                    raise MixError(f"{path} as a member: HTTP {status}")
                times.append(seconds)
        finally:
            conn.close()
        rows.append(
            {
                "key": kind["key"],
                "label": kind["label"],
                "path": path,
                "cold_ms": cold * 1000,
                "p50_ms": percentile(times, 50) * 1000,
                "p95_ms": percentile(times, 95) * 1000,
                "mean_ms": statistics.fmean(times) * 1000,
            }
        )
        print(
            f"  {kind['label']}: cold {cold * 1000:.0f} ms, warm p50 "
            f"{rows[-1]['p50_ms']:.1f} / p95 {rows[-1]['p95_ms']:.1f} ms",
            file=sys.stderr,
        )
    return rows


def write_mix_file(path: Path, kinds: list[dict], cookies: list[str]) -> None:
    lines = []
    for kind in kinds:
        lines.append(f"K {kind['key']}")
        lines += [f"P {p}" for p in kind["paths"]]
    lines += [f"C {c}" for c in cookies]
    path.write_text("\n".join(lines) + "\n")


def read_mix_file(path: Path) -> tuple[list[dict], list[str]]:
    kinds, cookies = [], []
    for line in path.read_text().splitlines():
        tag, value = line[:1], line[2:]
        if tag == "K":
            kinds.append({"key": value, "paths": []})
        elif tag == "P":
            kinds[-1]["paths"].append(value)
        elif tag == "C":
            cookies.append(value)
    return kinds, cookies


def redis_snapshot(redis_client) -> dict:
    stats = redis_client.info("stats")
    return {
        "hits": stats.get("keyspace_hits", 0),
        "misses": stats.get("keyspace_misses", 0),
    }


def warm_up(port: int, kinds: list[dict], cookie: str | None) -> None:
    """One request of each kind, so that wrk measures a running site rather
    than the first renders after the previous phase's writes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for kind in kinds:
            get(conn, kind["paths"][0], cookie)
    finally:
        conn.close()


def run_phase(args, server, name, mix_file, writer_env, redis_client) -> dict:
    print(f"… mix phase: {name}", file=sys.stderr)
    if mix_file is not None:
        kinds, cookies = read_mix_file(mix_file)
        warm_up(server.port, kinds, cookies[0] if cookies else None)
    result = {
        "phase": name,
        "cpu_before": settle(server.process.pid, 0.15, args.settle),
    }
    writer = WriterProcess(writer_env, args.out / "writer.log") if writer_env else None
    try:
        env = {**os.environ, "MIX_FILE": str(mix_file)}
        command = [
            "/usr/bin/wrk",
            "-t1",
            f"-c{args.connections}",
            f"-d{args.mix_duration}s",
            f"--timeout={max(args.mix_duration, 10)}s",
            "-s",
            str(BENCH_DIR / ("report.lua" if mix_file is None else "mix.lua")),
            f"http://127.0.0.1:{server.port}"
            + ("/bench/bare" if mix_file is None else "/"),
        ]
        redis_before = redis_snapshot(redis_client)
        total0, before = cpu_times()
        output = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            timeout=args.mix_duration + 120,
        )
        total1, after = cpu_times()
        redis_after = redis_snapshot(redis_client)
    finally:
        result["writer"] = writer.stop() if writer else None
    match = re.search(r"^WRK_JSON (.*)$", output.stdout, re.MULTILINE)
    if not match:
        raise MixError(f"wrk said: {output.stdout[-500:]} {output.stderr[-500:]}")
    wrk = json.loads(match.group(1))
    requests = max(wrk["requests"], 1)
    group = server.process.pid
    gunicorn_s = (group_ticks(after, group) - group_ticks(before, group)) / CLOCK_TICKS
    mariadb_s = (name_ticks(after, "mariadbd") - name_ticks(before, "mariadbd")) / (
        CLOCK_TICKS
    )
    seconds = (total1 - total0) / CLOCK_TICKS / (os.cpu_count() or 1)
    hits = redis_after["hits"] - redis_before["hits"]
    misses = redis_after["misses"] - redis_before["misses"]
    responses = wrk.get("responses") or {}
    non_2xx = (
        sum(v for k, v in responses.items() if k != "2xx")
        if responses
        else wrk["non_2xx_3xx"]
    )
    result.update(
        wrk=wrk,
        non_2xx=non_2xx,
        errors=sum(
            wrk.get(k, 0)
            for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
        ),
        gunicorn_cpu_s=gunicorn_s,
        cpu_ms_per_request=gunicorn_s / requests * 1000,
        mariadb_cpu_ms_per_request=mariadb_s / requests * 1000,
        seconds=seconds,
        redis_hits=hits,
        redis_misses=misses,
        redis_hit_ratio=hits / (hits + misses) if hits + misses else None,
    )
    problems = []
    if non_2xx:
        problems.append(f"{non_2xx} responses not 2xx ({responses})")
    if result["errors"]:
        problems.append(f"{result['errors']} socket errors or timeouts")
    if result["writer"] is not None and result["writer"].get("errors"):
        problems.append(
            f"the writer failed {result['writer']['errors']} times: "
            f"{result['writer'].get('error_samples')}"
        )
    result["problems"] = problems
    print(
        f"  {wrk['rps']:.0f} req/s, p95 {wrk['p95_us'] / 1000:.1f} ms, "
        f"{result['cpu_ms_per_request']:.1f} ms CPU/request"
        + (f"; PROBLEMS: {problems}" if problems else ""),
        file=sys.stderr,
    )
    return result


def run_mix(args, env: dict, page_list: list[dict]) -> dict:
    """All phases and the single requests; raises MixError only before measuring."""
    import redis

    from bench.sessions import random_on_sale_ids

    redis_client = redis.Redis.from_url(args.redis_url)
    redis_client.flushdb()
    mix_env = {**env, "CACHE_URL": args.redis_url, "PAGE_CACHE_SECONDS": "5"}
    rng = random.Random(f"nomi-bench:mix:{args.mix_seed}")
    kinds = mix_kinds(page_list, random_on_sale_ids(rng, ITEM_COUNT))
    frequent = next(k for k in kinds if k["key"] == "search_relevance")["paths"][0]
    print("Logging in the members …", file=sys.stderr)
    sessions = run_django_script(
        mix_env,
        "sessions.py",
        "--count",
        str(MEMBER_COUNT),
        "--seed",
        str(args.mix_seed),
        "--query",
        re.search(r"q=([^&]*)", frequent).group(1),
    )
    cookies = [cookie_header(sessions, m) for m in sessions["members"]]
    members_file = args.out / "mix-members.txt"
    anonymous_file = args.out / "mix-anonymous.txt"
    write_mix_file(members_file, kinds, cookies)
    write_mix_file(anonymous_file, kinds, [])

    port = free_port()
    server = Server(mix_env, port, args.out / "gunicorn-mix.log")
    (args.out / "writer.log").write_text("")
    mix = {
        "redis_url": args.redis_url,
        "duration": args.mix_duration,
        "connections": args.connections,
        "kinds": [
            {**k, "paths": k["paths"][:3] + (["…"] if len(k["paths"]) > 3 else [])}
            for k in kinds
        ],
        "members": [
            {k: m[k] for k in ("id", "username", "likes", "saved_search")}
            for m in sessions["members"]
        ],
        "session_engine": sessions["session_engine"],
    }
    try:
        server.wait_healthy()
        check_logged_in(port, sessions)
        print("Single requests as one member (cold, then warm) …", file=sys.stderr)
        mix["single"] = single_requests(port, kinds, cookies[0], redis_client)
        redis_client.flushdb()
        phases = [
            ("bare view", None, None),
            ("members", members_file, None),
            ("members + writer", members_file, mix_env),
            ("anonymous, page cache", anonymous_file, None),
            ("anonymous + writer", anonymous_file, mix_env),
        ]
        mix["phases"] = []
        for name, mix_file, writer_env in phases:
            mix["phases"].append(
                run_phase(args, server, name, mix_file, writer_env, redis_client)
            )
            if server.process.poll() is not None:
                raise MixError("gunicorn died; see " + str(server.log_path))
    finally:
        server.stop()
    mix["problems"] = [
        f"{p['phase']}: {problem}" for p in mix["phases"] for problem in p["problems"]
    ]
    return mix


# --- Report ------------------------------------------------------------------------
def mix_markdown(mix: dict) -> str:
    phases = mix["phases"]
    bare_rps = phases[0]["wrk"]["rps"]
    lines = [
        "## Member mix",
        "",
        f"gunicorn with the Redis cache `{mix['redis_url']}` (flushed at the start) "
        f"and `PAGE_CACHE_SECONDS=5`; `wrk -t1 -c{mix['connections']} "
        f"-d{mix['duration']}s` with bench/mix.lua over {len(mix['kinds'])} kinds "
        f"of page in turn; members: {len(mix['members'])} logged-in members "
        f"({mix['session_engine']} sessions), one per request in turn, each with "
        "likes and a saved search; writer: bench/writer.py publishing a listing "
        "every 0.5 s and adding a like every 0.2 s through the app's services.",
        "",
        "| phase | req/s | % of bare | p50 | p95 | p99 | non-2xx | "
        "server CPU per request | MariaDB CPU per request | Redis hits | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in phases:
        wrk = p["wrk"]
        notes = list(p["problems"])
        other = (p.get("cpu_before") or {}).get("other", 0)
        if other > 0.1:
            notes.append(f"other processes used {other:.0%} of the CPU before")
        lines.append(
            f"| {p['phase']} | {wrk['rps']:,.0f} | {wrk['rps'] / bare_rps:.1%} | "
            f"{fmt_ms(wrk['p50_us'], 'us')} | {fmt_ms(wrk['p95_us'], 'us')} | "
            f"{fmt_ms(wrk['p99_us'], 'us')} | {p['non_2xx']} | "
            f"{p['cpu_ms_per_request']:.1f} ms | "
            f"{p['mariadb_cpu_ms_per_request']:.1f} ms | "
            + (
                f"{p['redis_hit_ratio']:.0%} of {p['redis_hits'] + p['redis_misses']:,}"
                if p["redis_hit_ratio"] is not None
                else "—"
            )
            + f" | {'; '.join(notes)} |"
        )
    lines += [
        "",
        "Server CPU per request: the gunicorn process group's CPU seconds "
        "(/proc) over the phase divided by the requests wrk completed. Redis "
        "hits: keyspace hits among all reads of the cache database during the "
        "phase (pages, fragments, sessions, search counts and facets).",
        "",
        "Writer (target: 2 listings/s, 5 likes/s):",
        "",
        "| phase | seconds | listings published | likes added | already liked "
        "| listings/s | likes/s | late p95 / max | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in phases:
        w = p.get("writer")
        if not w:
            continue
        lines.append(
            f"| {p['phase']} | {w.get('seconds', '—')} | "
            f"{w.get('listings_published', '—')} | {w.get('likes_added', '—')} | "
            f"{w.get('likes_already_there', '—')} | "
            f"{w.get('listings_per_second', '—')} | {w.get('likes_per_second', '—')} | "
            f"{w.get('late_p95_ms', '—')} / {w.get('late_max_ms', '—')} ms | "
            f"{w.get('errors', '—')}"
            + (f": {w.get('error_samples')}" if w.get("errors") else "")
            + " |"
        )
    sent = phases[1]["wrk"].get("sent_by_kind") or {}
    lines += [
        "",
        f"Single requests as one member: the first after flushing the Redis "
        f"database (cold), then {SINGLE_REQUESTS} in a row on one keep-alive "
        "connection (warm); time to the last byte. Requests per kind in the "
        "members phase in the last column.",
        "",
        "| page | path | cold | warm p50 | warm p95 | sent in the mix |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in mix["single"]:
        lines.append(
            f"| {row['label']} | `{row['path'][:80]}` | {fmt_ms(row['cold_ms'])} | "
            f"{fmt_ms(row['p50_ms'])} | {fmt_ms(row['p95_ms'])} | "
            f"{sent.get(row['key'], '—')} |"
        )
    if mix["problems"]:
        lines += ["", "**Problems:** " + "; ".join(mix["problems"])]
    return "\n".join(lines) + "\n"
