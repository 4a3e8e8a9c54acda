"""The one schema of a fact file as a whole (Pydantic, strict).

Every file is checked against these models before anything else looks at it: a wrong type
for a key (`entities: 5`, `facts: hello`, `occurrence: two`), an unknown key or an empty file
is a problem with its file and line, never a traceback and never silently accepted. Later
changes to the format extend these models; the rest of the loader reads only what passed.

What the ontology decides (entity types, predicates, qualifier keys and their enumerated
values, domains and ranges) is checked afterwards by `loaders.validate` against
`ontology/hkg.ttl` and `ontology/shapes.ttl`; this module checks the shape of the YAML.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from loaders.factfile import LineDict

# A YAML scalar a curator may write as a value (dates stay strings: see factfile._Loader).
Scalar = StrictStr | StrictInt | StrictFloat | StrictBool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Name(_Strict):
    text: StrictStr = Field(min_length=1)
    lang: Literal["zh", "en"]
    kind: Literal["official", "short", "former", "alias"]


class Article(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr | None = None
    title_en: StrictStr | None = None
    outlet: StrictStr | None = None
    reporters: list[StrictStr] | None = None
    correspondents: list[StrictStr] | None = None
    date: StrictStr | StrictInt | None = None
    date_basis: StrictStr | None = None
    url: StrictStr | None = None
    hash: StrictStr | None = None      # sha256 of the text, recorded by `hkg article add`


class DatasetRef(_Strict):
    """What a dataset fact or entity was read from (data/facts/places.yaml); which datasets
    and versions are accepted is checked by validate._check_dataset."""
    name: StrictStr = Field(min_length=1)
    version: StrictStr = Field(min_length=1)
    record: StrictStr | None = None


class Entity(_Strict):
    id: StrictStr = Field(min_length=1)
    type: StrictStr
    name_zh: StrictStr | None = None
    name_en: StrictStr | None = None
    names: list[Name] | None = None
    pinyin: StrictStr | None = None
    gender: Literal["female", "male"] | None = None
    kind: StrictStr | None = None
    level: StrictStr | None = None
    note: StrictStr | None = None
    dataset: DatasetRef | None = None


Occurrence = Annotated[StrictInt, Field(ge=1)]


class AlsoSource(_Strict):
    article: StrictStr = Field(min_length=1)
    quote: StrictStr | StrictInt | StrictFloat
    occurrence: Occurrence = 1


class FactModel(_Strict):
    id: StrictStr | StrictInt
    subject: StrictStr
    predicate: StrictStr
    object: Scalar | None = None
    qualifiers: dict[StrictStr, Scalar] | None = None
    quote: StrictStr | StrictInt | StrictFloat | None = None
    occurrence: Occurrence = 1
    also: list[AlsoSource] | None = None
    dataset: DatasetRef | None = None     # instead of a quote: a fact read from a dataset
    inferred: StrictStr | None = None     # a dataset fact the graph inferred: from what


class FactFileModel(_Strict):
    article: Article | None = None
    entities: list[Entity] | None = None
    facts: list[FactModel] | None = None
    # Who saved what, when (the curation studio); its entries are checked by
    # validate._check_history, which names the entry.
    history: list[Any] | None = None


FIELD_NAMES = {"article": "article field", "entities": "entity field", "facts": "fact field"}


def check(doc: Any) -> list[tuple[int, str, tuple]]:
    """Problems of a parsed document as (line, message, path); an empty list when it fits.
    The path (`('facts', 3, 'occurrence')`) lets the caller drop the items that failed."""
    if doc is None:
        return [(1, "empty fact file: a file needs `article`, `entities` or `facts` "
                    "(to remove an article use `hkg retract ARTICLE`)", ())]
    if not isinstance(doc, dict):
        return [(1, "the file must be a mapping with article / entities / facts", ())]
    if not any(doc.get(k) for k in ("article", "entities", "facts")) and set(doc) <= set(FactFileModel.model_fields):
        return [(1, "empty fact file: no article, entities or facts "
                    "(to remove an article use `hkg retract ARTICLE`)", ())]
    try:
        FactFileModel.model_validate(doc)
    except ValidationError as e:
        # A union gives one error per member it tried: one problem per place in the file.
        grouped: dict[tuple, list[dict]] = {}
        for err in e.errors(include_url=False):
            grouped.setdefault(_walk(doc, err["loc"])[0], []).append(err)
        return [_problem(doc, path, errs) for path, errs in grouped.items()]
    return []


def _walk(doc: dict, loc: tuple) -> tuple[tuple, int]:
    """The part of a Pydantic location that exists in the YAML (union member tags dropped),
    and the line of the deepest key on it."""
    path, line, node = [], 1, doc
    for part in loc:
        if isinstance(node, dict) and part in node:
            if isinstance(node, LineDict):
                line = node.key_lines.get(str(part), node.line)
        elif not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            continue
        path.append(part)
        node = node[part]
        if isinstance(node, LineDict):
            line = node.line
    return tuple(path), line


def _problem(doc: dict, path: tuple, errs: list[dict]) -> tuple[int, str, tuple]:
    line = _walk(doc, path)[1]
    if errs[0]["type"] == "extra_forbidden":
        what = FIELD_NAMES.get(str(path[0]), "field") if len(path) > 1 else "top-level key"
        if len(path) > 2 and path[-2] == "also":
            what = "field of an `also` source"
        return line, f"unknown {what} {path[-1]!r}", path
    missing = [str(e["loc"][-1]) for e in errs if e["type"] == "missing"]
    if missing:
        return line, f"{_describe(path)}: missing {', '.join(missing)}", path
    value = errs[0].get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else ("a mapping" if isinstance(value, dict) else "a list")
    wants = list(dict.fromkeys(_message(e).removeprefix("must be ") for e in errs))
    wanted = wants[0] if len(wants) == 1 else ", ".join(wants[:-1]) + " or " + wants[-1]
    return line, f"{_describe(path)}: must be {wanted} (got {shown})", path


_WANTS = {"list_type": "must be a list", "dict_type": "must be a mapping", "model_type": "must be a mapping",
          "model_attributes_type": "must be a mapping", "string_type": "must be text",
          "int_type": "must be a whole number", "float_type": "must be a number", "bool_type": "must be true/false",
          "none_required": "must be empty", "greater_than_equal": "must be 1 or more",
          "string_too_short": "must be non-empty text"}


def _message(err: dict) -> str:
    if err["type"].startswith("literal_error"):
        return err["msg"].replace("Input should be", "must be")
    return _WANTS.get(err["type"], err["msg"])


def _describe(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "file"
