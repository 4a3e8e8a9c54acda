"""The one name resolver, shared by search, reconciliation, the place filters and curation's
entity linking.

    index = NameIndex.from_graph(graph)          # or NameIndex.from_entities(fact-file entities)
    index.resolve("济南妇幼", types=["Hospital"])  # -> [Candidate(id, name, type, score, match, why)]
    normalise("濟南市 婦幼")                        # -> "济南市妇幼"
"""

from names.cache import IndexCache
from names.index import Candidate, Entry, NameIndex
from names.normalise import normalise, pinyin_key, simplified

__all__ = ["Candidate", "Entry", "IndexCache", "NameIndex", "normalise", "pinyin_key", "simplified"]
