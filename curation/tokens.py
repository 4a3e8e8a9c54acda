"""Who may write: the curators file maps a curator's name to the hash of their token.

    # HKG_CURATORS_FILE, one curator a line (blank lines and # comments ignored)
    wang: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08

`hkg curator add NAME` prints a new token once and appends its hash. No file, or a file
without curators: curation is disabled and the public API stays read-only. A token is
compared by its hash, against every curator, in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[A-Za-z0-9_.@-]{1,64})\s*:\s*sha256:(?P<hash>[0-9a-f]{64})\s*$")
_cache: dict[Path, tuple[float, dict[str, str]]] = {}
_lock = threading.Lock()


class CuratorsFileError(Exception):
    """The curators file has a line that is not `name: sha256:<64 hex>`."""


@dataclass(frozen=True)
class Curators:
    hashes: dict[str, str]      # name -> hex sha256 of the token

    @property
    def enabled(self) -> bool:
        return bool(self.hashes)

    def who(self, token: str | None) -> str | None:
        """The curator whose token this is, or None. Every curator is compared, each with
        compare_digest, so the time taken says nothing about which (or whether one) matched."""
        if not token:
            return None
        presented = token_hash(token)
        found = None
        for name, h in self.hashes.items():
            if hmac.compare_digest(presented, h):
                found = name
        return found


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse(text: str, source: str = "curators file") -> dict[str, str]:
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            raise CuratorsFileError(f"{source}:{n}: expected `name: sha256:<64 hex digits>`")
        out[m.group("name")] = m.group("hash")
    return out


def load(path: Path | None) -> Curators:
    """The curators of `path`, re-read when the file changes (no restart to add a curator)."""
    if path is None:
        return Curators({})
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return Curators({})
    with _lock:
        cached = _cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, parse(path.read_text(encoding="utf-8"), str(path.name)))
            _cache[path] = cached
    return Curators(dict(cached[1]))


def add(path: Path, name: str) -> str:
    """Append a curator with a fresh token; return the token (shown once, never stored)."""
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", name):
        raise CuratorsFileError(f"a curator's name is 1-64 of A-Z a-z 0-9 _ . @ -, not {name!r}")
    existing = parse(path.read_text(encoding="utf-8")) if path.exists() else {}
    if name in existing:
        raise CuratorsFileError(f"curator {name!r} already exists in {path}")
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(f"{name}: sha256:{token_hash(token)}\n")
    return token
