"""Named, parameterised Cypher.

Each query is a `.cypher` file under this folder; its name is its path without the
extension (`honours/timeline`), and its first line is a `//` comment: the one-line
description that `hkg queries` lists. Python calls queries by name only. A user's string
reaches Cypher as a parameter, never as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str


class UnknownQuery(KeyError):
    pass


@lru_cache
def catalogue() -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for path in sorted(HERE.rglob("*.cypher")):
        name = path.relative_to(HERE).with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        if not first.startswith("//"):
            raise ValueError(f"{path}: the first line must be a '// description' comment")
        found[name] = NamedQuery(name=name, description=first[2:].strip(), text=text)
    return found


def get(name: str) -> NamedQuery:
    try:
        return catalogue()[name]
    except KeyError:
        raise UnknownQuery(f"no query named {name!r}; known: {', '.join(sorted(catalogue()))}") from None


_IDENT = __import__("re").compile(r"^[A-Za-z_][A-Za-z0-9_]*([:|][A-Za-z_][A-Za-z0-9_]*)*$")


def render(name: str, **identifiers: str | int) -> str:
    """A template query with labels, relationship types or path-length bounds filled in.

    Cypher cannot take a label, a type or a variable-length bound as a parameter, so these are
    filled from the ontology or from a validated integer (never from request text). They are
    checked here too: only plain identifiers, `A:B:C` label lists, `A|B|C` type alternatives,
    or integers are accepted.
    """
    text = get(name).text
    for key, value in identifiers.items():
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif not isinstance(value, str) or not _IDENT.match(value):
            raise ValueError(f"{value!r} is not a plain Cypher identifier")
        text = text.replace("{" + key + "}", value)
    return text


def statements(name: str) -> list[str]:
    """A file of several statements separated by ';' (schema files), without the comment line."""
    body = "\n".join(line for line in get(name).text.splitlines() if not line.startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
