"""Cutting an answer at N rows or M bytes while it streams in, at a row boundary, so that
what is kept is still a valid document.

SELECT / ASK come from Fuseki as SPARQL results JSON, `{"head": ..., "results": {"bindings":
[row, row, ...]}}`: a row ends where an object closes back into the bindings array (depth 3:
root object, results object, bindings array). The scanner looks only at the structural bytes
(`{}[]"\\`), found by a regular expression, not at every byte. CONSTRUCT / DESCRIBE come as
N-Triples: a row is a line.
"""

from __future__ import annotations

import re

_STRUCT = re.compile(rb'[{}\[\]"\\]')
_CLOSE_BINDINGS = b"\n    ]\n  }\n}\n"


class Cutter:
    """Feed chunks; `full` says to stop reading; `result()` is the kept document."""

    def __init__(self, max_rows: int, max_bytes: int) -> None:
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.buf = bytearray()
        self.rows = 0
        self.cut_at: int | None = None   # end of the last row kept
        self.truncated: str | None = None  # why: rows, bytes, incomplete

    @property
    def full(self) -> bool:
        return self.truncated is not None

    def feed(self, chunk: bytes) -> None:
        raise NotImplementedError

    def incomplete(self) -> None:
        """The engine stopped mid-answer (its time-out after the first rows): keep whole rows."""
        if not self.full:
            self.truncated = "incomplete"

    def result(self) -> bytes:
        raise NotImplementedError


class JsonRows(Cutter):
    def __init__(self, max_rows: int, max_bytes: int) -> None:
        super().__init__(max_rows, max_bytes)
        self.stack: list[int] = []
        self.in_string = False
        self.escaped = False
        self.bindings_start: int | None = None
        self.done = False

    def feed(self, chunk: bytes) -> None:
        if self.full:
            return
        base = len(self.buf)
        self.buf += chunk
        for m in _STRUCT.finditer(chunk):
            c = m.group()[0]
            pos = base + m.start()
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                elif c == 0x5C:          # backslash
                    self.escaped = True
                elif c == 0x22:          # quote
                    self.in_string = False
                continue
            if self.escaped:             # an escape's second byte outside a string: malformed, ignore
                self.escaped = False
            if c == 0x22:
                self.in_string = True
            elif c in (0x7B, 0x5B):      # { [
                if c == 0x5B and self.stack == [0x7B, 0x7B] and self.bindings_start is None \
                        and self.buf[max(0, pos - 64):pos].rstrip(b" \t\r\n:").endswith(b'"bindings"'):
                    self.bindings_start = pos + 1      # not head's "vars" array, at the same depth
                self.stack.append(c)
            elif c in (0x7D, 0x5D):      # } ]
                if self.stack:
                    self.stack.pop()
                if c == 0x7D and self.stack == [0x7B, 0x7B, 0x5B] and self.bindings_start is not None:
                    if pos + 1 > self.max_bytes:   # this row does not fit: keep those before it
                        self.truncated = "bytes"
                        return
                    self.rows += 1
                    self.cut_at = pos + 1
                    if self.rows >= self.max_rows:
                        self.truncated = "rows"
                        return
                elif not self.stack:
                    self.done = True
        # Cut only inside the bindings: the head before them (the variables' names) is bounded
        # by the query's size, and a document without its head would not be one.
        if len(self.buf) > self.max_bytes and not self.done and self.bindings_start is not None:
            self.truncated = "bytes"

    def result(self) -> bytes:
        if not self.full or self.bindings_start is None:
            # Whole (or not a results document at all: passed on as it is, within the limit).
            return bytes(self.buf[: self.max_bytes])
        end = self.cut_at if self.cut_at is not None else self.bindings_start
        return bytes(self.buf[:end]) + _CLOSE_BINDINGS


class LineRows(Cutter):
    def feed(self, chunk: bytes) -> None:
        if self.full:
            return
        start = len(self.buf)
        self.buf += chunk
        i = self.buf.find(b"\n", start)
        while i != -1:
            if i + 1 > self.max_bytes:
                self.truncated = "bytes"
                return
            self.rows += 1
            self.cut_at = i + 1
            if self.rows >= self.max_rows:
                self.truncated = "rows"
                return
            i = self.buf.find(b"\n", i + 1)
        if len(self.buf) > self.max_bytes:
            self.truncated = "bytes"

    def result(self) -> bytes:
        if not self.full:
            return bytes(self.buf)
        return bytes(self.buf[: self.cut_at or 0])
