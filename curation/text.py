"""Text normalisation, content hashes and near-duplicate measure for article texts.

Offsets everywhere are Unicode code points of the *normalised* text (what Python's str
indexes), the same the loader computes quotes against.
"""

from __future__ import annotations

import re
import unicodedata

from loaders.factfile import content_hash  # noqa: F401  (one definition: the validator checks it)

SHINGLE = 5                # characters per shingle
NEAR_DUPLICATE = 0.8       # Jaccard of shingle sets at or above which two texts are "the same article"
_SPACE_RUN = re.compile(r"[ \t\u3000]+")
_NOT_CONTENT = re.compile(r"[\s\u3000]+")


def normalise(text: str) -> str:
    """NFC, LF line endings, no trailing spaces, no BOM, one final newline.

    NFC so that a quote typed in the browser (NFC) is found in the stored text whatever
    form the source had; CRLF/CR -> LF so that a quote never straddles a hidden \\r."""
    text = text.lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [ln.rstrip(" \t\u3000") for ln in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Character k-grams of the text with whitespace removed (layout does not make a new article)."""
    s = _NOT_CONTENT.sub("", text)
    if len(s) <= k:
        return {s} if s else set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
