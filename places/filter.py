"""A place named in a filter (`/hospitals?province=Shandong`), as the ids of the places it
may mean, through the one name resolver: Chinese (山东省, 山东), English (Shandong Province,
Shandong), pinyin (shandong sheng), traditional characters, or an id."""

from __future__ import annotations

from names import NameIndex
from names.index import MATCH_SCORE


def place_ids(index: NameIndex, text: str) -> list[str]:
    """Every place the text names well (a name, alias, pinyin or abbreviation: score >= the
    resolver's match score); two places of one name (朝阳区 in Beijing and in Changchun) are
    both kept. Empty when it names no place."""
    text = text.strip()
    entry = index.entries.get(text)
    if entry is not None:
        return [text] if entry.type == "Place" else []
    return [c.id for c in index.resolve(text, types=["Place"], limit=10) if c.score >= MATCH_SCORE]
