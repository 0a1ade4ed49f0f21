"""Measuring helpers shared by bench/load.py and bench/mix.py: percentiles,
CPU use from /proc, waiting for an idle machine, and milliseconds as text."""

import os
import time


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def cpu_times() -> tuple[int, dict]:
    """All CPUs' clock ticks, and each process's (name, group, ticks used)."""
    with open("/proc/stat") as f:
        total = sum(int(v) for v in f.readline().split()[1:])
    processes = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                data = f.read()
        except OSError:
            continue
        name = data[data.index("(") + 1 : data.rindex(")")]
        fields = data[data.rindex(")") + 2 :].split()
        # state, ppid, pgrp, …; utime and stime are fields 14 and 15 of stat.
        processes[int(entry.name)] = (
            name,
            int(fields[2]),
            int(fields[11]) + int(fields[12]),
        )
    return total, processes


def cpu_use(seconds: float, server_group: int | None = None) -> dict:
    """Share of the machine's CPU used over `seconds` by our gunicorn, by
    MariaDB (ours or anyone's) and by every other process (not counting this
    script and wrk)."""
    total0, before = cpu_times()
    time.sleep(seconds)
    total1, after = cpu_times()
    use = {"gunicorn": 0, "mariadbd": 0, "other": 0}
    for pid, (name, group, ticks) in after.items():
        if pid == os.getpid() or name == "wrk":
            continue
        used = ticks - before[pid][2] if pid in before else ticks
        if server_group is not None and group == server_group:
            use["gunicorn"] += used
        elif name == "mariadbd":
            use["mariadbd"] += used
        else:
            use["other"] += used
    span = max(total1 - total0, 1)
    return {key: round(value / span, 3) for key, value in use.items()}


def settle(server_group: int | None, limit: float, wait: float) -> dict:
    """Wait up to `wait` seconds until the machine is (nearly) idle: the
    previous page's requests and queries done, other work paused."""
    deadline = time.monotonic() + wait
    use = cpu_use(1, server_group)
    while sum(use.values()) > limit and time.monotonic() < deadline:
        use = cpu_use(2, server_group)
    return use


def fmt_ms(us_or_ms, unit="ms"):
    if us_or_ms is None:
        return "—"
    ms = us_or_ms / 1000 if unit == "us" else us_or_ms
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"
