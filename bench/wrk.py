"""wrk (Debian's HTTP load generator, written in C) as a second client beside the Python one.

A Python client of 64 threads spends as much CPU as the server it measures on a 2-core
machine; wrk spends little, so its figures are the closer ones to what the API can serve.
`wrk_path()` finds it or installs it from Debian when we are root (`apt-get install wrk`), and
otherwise says how to get it. Errors are every non-2xx/3xx answer (503s included) and every
socket error; wrk's own latency percentiles cover all answers, errors included.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_path(install: bool = True) -> str | None:
    found = shutil.which("wrk")
    if found or not install:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        for cmd in (["apt-get", "install", "-y", "-q", "wrk"], ["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "wrk"]):
            if subprocess.run(cmd, capture_output=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive")).returncode == 0 \
                    and shutil.which("wrk"):
                return shutil.which("wrk")
    return None


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse(out: str) -> dict:
    """rps of successful answers, p50/p99 (ms), errors, from `wrk --latency` output."""
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", out)
    total, duration = int(m.group(1)), _ms(m.group(2)) / 1000   # wrk's own measured window
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = sum(map(int, m.groups())) if (m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)) else 0
    pct = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.M))   # "99%    1.77s " ends in a space
    return {"n": total - non2xx, "errors": non2xx + sock, "rps": (total - non2xx) / duration,
            "p50": _ms(pct["50"]) if "50" in pct else None, "p99": _ms(pct["99"]) if "99" in pct else None,
            "first_error": f"{non2xx} non-2xx, {sock} socket errors" if non2xx or sock else None}


def run(wrk: str, url: str, connections: int, duration: float, warmup: float = 1.0, timeout: float = 10.0) -> dict:
    """A warm-up run (not counted), then the measured one. Bounded: wrk stops at its duration."""
    threads = max(1, min(2, connections))
    base = [wrk, f"-t{threads}", f"-c{connections}", f"--timeout={timeout:g}s", "--latency"]
    if warmup > 0:
        subprocess.run([*base, f"-d{max(1, round(warmup))}s", url], capture_output=True, text=True,
                       timeout=warmup + timeout + 30)
    secs = max(1, round(duration))
    proc = subprocess.run([*base, f"-d{secs}s", url], capture_output=True, text=True, timeout=secs + timeout + 30)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr[-500:]}")
    return parse(proc.stdout)
