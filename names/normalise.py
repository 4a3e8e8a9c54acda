"""How two spellings of one name are made comparable.

`normalise` folds what never distinguishes two names: full-width forms (NFKC), traditional
characters (OpenCC t2s), case, tone marks, spaces and punctuation. `pinyin_key` turns Chinese
characters into toneless pinyin, so that "Jinan fuyou", "jinanfuyou" and 济南妇幼 meet.
Both are pure functions of the text: the index and the query go through the same ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Everything that is not a letter, a digit or a CJK character separates words and is dropped.
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# English words that carry no identity in institution names ("The Second Hospital of ...").
_EN_STOP = re.compile(r"\b(the|of|and)\b")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def simplified(text: str) -> str:
    """Traditional characters as simplified (濟南 -> 济南); other text unchanged."""
    return _t2s().convert(text) if has_cjk(text) else text


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = simplified(text)
    # Tone marks (Zhāng -> Zhang) and other combining marks.
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.lower()


def normalise(text: str) -> str:
    """The comparison form of a name: 'Jinan  Maternal-and-Child' and 'jinanmaternalandchild'
    are equal, 濟南市 and 济南市 are equal. Empty when the text has no letters or digits."""
    return _NOT_WORD.sub("", _fold(text))


def words(text: str) -> list[str]:
    """The words of a Latin-script name, folded, without English stop words."""
    return _EN_STOP.sub(" ", _NOT_WORD.sub(" ", _fold(text))).split()


def pinyin_key(text: str) -> str:
    """Toneless pinyin of the Chinese characters, other letters kept: 济南市 -> jinanshi.
    Latin text gives its normalised form, so a typed pinyin query meets it."""
    folded = normalise(text)
    if not has_cjk(folded):
        return folded
    return "".join(lazy_pinyin(folded, style=Style.NORMAL, errors="default")).lower()

