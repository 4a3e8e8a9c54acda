"""The answer cache keeps whole answers for one graph version and forgets them when it changes."""

from __future__ import annotations

from api.cache import AnswerCache, CachedAnswers


def test_an_answer_is_computed_once_per_graph_version():
    cache, calls = AnswerCache(), []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    first = CachedAnswers(cache, "v1").answer(("profile", "h1"), compute)
    again = CachedAnswers(cache, "v1").answer(("profile", "h1"), compute)
    assert first.body == again.body == b'{"n":1}' and len(calls) == 1
    after_load = CachedAnswers(cache, "v2").answer(("profile", "h1"), compute)
    assert after_load.body == b'{"n":2}', "a new graph version must not serve the old answer"


def test_without_a_known_version_or_when_switched_off_nothing_is_kept():
    for cache, version in ((AnswerCache(), None), (AnswerCache(enabled=False), "v1")):
        calls = []
        for _ in range(3):
            CachedAnswers(cache, version).answer(("k",), lambda: calls.append(1) or {})
        assert len(calls) == 3


def test_failures_are_not_kept():
    cache, calls = AnswerCache(), []

    def missing():
        calls.append(1)
        raise LookupError("no such hospital")

    for _ in range(2):
        try:
            CachedAnswers(cache, "v1").answer(("profile", "nope"), missing)
        except LookupError:
            pass
    assert len(calls) == 2


def test_the_cache_is_bounded():
    cache = AnswerCache(max_entries=3)
    for i in range(10):
        CachedAnswers(cache, "v1").answer(("k", i), lambda i=i: {"i": i})
    assert len(cache._items) == 3 and ("k", 9) in cache._items and ("k", 0) not in cache._items
