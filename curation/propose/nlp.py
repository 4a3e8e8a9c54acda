"""The offline NLP engines, loaded once per process: jieba (segmentation and parts of speech,
with the entity lexicon as its user dictionary), jionlp (time expressions) and cn2an
(Chinese numerals). None of them touches the network or downloads a model: jieba and
jionlp ship their dictionaries inside the PyPI packages."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import threading
import time
from functools import lru_cache

_lock = threading.Lock()
STARTUP: dict[str, float] = {}     # engine -> seconds its start-up took in this process


class Segmenter:
    """jieba's POS tokenizer whose user dictionary follows the current lexicon: words of a
    previous lexicon that are gone (the benchmark's held-out article) are removed again."""

    def __init__(self) -> None:
        t = time.perf_counter()
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        self._pos = jieba.posseg.POSTokenizer(self._tk)
        self._words: dict[str, str] = {}
        STARTUP["jieba"] = time.perf_counter() - t

    def use(self, words: dict[str, str]) -> None:
        with _lock:
            for w in set(self._words) - set(words):
                self._tk.del_word(w)
                self._pos.word_tag_tab.pop(w, None)
            for w, tag in words.items():
                if self._words.get(w) != tag:
                    self._tk.add_word(w, 2000, tag)
                    self._pos.word_tag_tab[w] = tag
            self._words = dict(words)

    def tag(self, text: str) -> list[tuple[str, str, int]]:
        """(word, part of speech, start offset)."""
        out, pos = [], 0
        for w in self._pos.cut(text):
            out.append((w.word, w.flag, pos))
            pos += len(w.word)
        return out


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    return Segmenter()


YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?:([0-9]{1,2})月)?(?:([0-9]{1,2})日)?")


@lru_cache(maxsize=1)
def _jionlp():
    t = time.perf_counter()
    try:
        # jionlp prints a banner on import; it is not ours to show.
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp
    except Exception:  # noqa: BLE001 (any failure: the regular-expression fallback below)
        jionlp = None
    STARTUP["jionlp"] = time.perf_counter() - t
    return jionlp


def times(text: str) -> list[tuple[int, int, str]]:
    """Absolute dates stated in the text: (start, end, 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD').
    Relative ones (今年, 近日) are left out: a year is never guessed."""
    out = []
    jio = _jionlp()
    if jio is not None:
        try:
            # jionlp prints the tracebacks of expressions it cannot parse; they are not errors of ours.
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                found = jio.ner.extract_time(text, time_base=0, with_parsing=True)
        except Exception:  # noqa: BLE001
            found = None
        if found is not None:
            for t in found:
                m = YEAR_RE.match(t["text"])
                if m and t.get("type") == "time_point":
                    out.append((t["offset"][0], t["offset"][0] + m.end(), _date(m)))
            return out
    return [(m.start(), m.end(), _date(m)) for m in YEAR_RE.finditer(text)]


def _date(m: re.Match) -> str:
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo and d:
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    return f"{y}-{int(mo):02d}" if mo else y


_CN_NUM = re.compile(r"^[零〇一二两三四五六七八九十百千万亿]+$")


def number(text: str) -> float | None:
    """'13' / '3.2万' / '九' / '一百二十' / '1/3' -> a number (None when it is not one)."""
    import cn2an

    s = text.strip().replace(",", "").replace("，", "")
    if not s:
        return None
    if re.fullmatch(r"[0-9]+/[0-9]+", s):
        a, b = s.split("/")
        return round(int(a) / int(b), 2) if int(b) else None
    try:
        v = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(v) if float(v).is_integer() else float(v)


def is_cn_numeral(s: str) -> bool:
    return bool(_CN_NUM.match(s))
