"""English and pinyin names of divisions: by rule from pypinyin, with a checked table of the
names the rule gets wrong (tests/test_places.py checks that each exception names a division of
the dataset and differs from what the rule would give).

The rule: the short name in Hanyu Pinyin, syllables joined, an apostrophe before a syllable
starting with a, e or o (Xi'an), then the kind's word: Province, District, County (a city, a
prefecture-level or a county-level one, goes bare: Jinan, Zaozhuang).
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from places.dataset import Division

KIND_WORDS = {"province": "Province", "district": "District", "county": "County", "prefecture": "Prefecture",
              "city": ""}

# Full English names where the rule is wrong: the official romanisations of provinces that
# pinyin cannot tell apart (陕西 and 山西 are both "shanxi"), the autonomous regions and special
# administrative regions with their conventional English names, and characters that pypinyin
# reads otherwise in a place name. tests/test_places.py checks every entry.
EXCEPTIONS: dict[str, str] = {
    "陕西省": "Shaanxi Province",                 # tone-distinguishing spelling; 山西 is Shanxi
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "西藏自治区": "Tibet (Xizang) Autonomous Region",
    "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "香港特别行政区": "Hong Kong Special Administrative Region",
    "澳门特别行政区": "Macao Special Administrative Region",
    "单县": "Shan County",                         # 单 is read shàn as a place name, not dān
    "大理白族自治州": "Dali Bai Autonomous Prefecture",
}


def pinyin(text: str) -> str:
    """济南 -> Jinan, 西安 -> Xi'an (apostrophe before a, e, o inside a word)."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    out = ""
    for i, s in enumerate(syllables):
        if i and s[:1] in ("a", "e", "o"):
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def rule_name(d: Division) -> str:
    # A municipality (北京市) is a province-level city: its name goes bare, like other cities.
    word = "" if d.name.endswith("市") else KIND_WORDS.get(d.kind, "")
    base = pinyin(d.stem)
    return f"{base} {word}" if word else base


def english_name(d: Division) -> str:
    return EXCEPTIONS.get(d.name) or rule_name(d)
