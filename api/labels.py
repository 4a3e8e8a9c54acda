"""What a fact says, in Chinese and in English: one labeller for the timeline, citations and
graph JSON. A statement is labelled by what it says ("中国医师奖 → 单瑞萍"), a structural link
by its ends and the predicate's label from the ontology ("济南市妇幼保健院 —院区→ 东院区")."""

from __future__ import annotations

from typing import Any

import ontology

# statement class -> (category, subject role, object role)
CLASSES: dict[str, tuple[str, str, str | None]] = {
    "Milestone": ("milestone", "ABOUT", None),
    "HonourConferral": ("honour", "RECIPIENT", "HONOUR"),
    "Designation": ("designation", "HOLDER", "PROGRAMME"),
    "Tenure": ("tenure", "HOLDER", "ORGANISATION"),
    "Figure": ("figure", "MEASURES", None),
    "Membership": ("membership", "MEMBER", "ORGANISATION"),
    "Partnership": ("partnership", "PARTY", "COUNTERPARTY"),
}


def zh(e: dict | None) -> str:
    return (e or {}).get("name_zh") or (e or {}).get("id") or "?"


def en(e: dict | None) -> str:
    return (e or {}).get("name_en") or zh(e)


def number(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def participant(participants: list[dict], role: str | None) -> dict | None:
    if role is None:
        return None
    return next((p["entity"] for p in participants if p["role"] == role), None)


def statement_label(cls: str, s: dict[str, Any], participants: list[dict]) -> tuple[str, str]:
    category, subj_role, obj_role = CLASSES.get(cls, ("milestone", "ABOUT", None))
    return category_label(category, s, participant(participants, subj_role), participant(participants, obj_role))


def category_label(category: str, s: dict[str, Any], subj: dict | None, obj: dict | None) -> tuple[str, str]:
    kind = (s.get("kind") or "").replace("_", " ")
    if category in ("founding", "campus", "milestone"):
        return s.get("description") or kind, f"{en(subj)}: {kind or 'milestone'}"
    if category in ("honour", "designation"):
        return f"{zh(obj)} → {zh(subj)}", f"{en(obj)} → {en(subj)}"
    if category == "tenure":
        return (f"{zh(subj)} 任 {zh(obj)} {s.get('role') or ''}".rstrip(),
                f"{en(subj)}, {s.get('role_en') or s.get('role') or 'position'}, {en(obj)}")
    if category == "figure":
        value = number(s.get("value"))
        return (f"{zh(subj)} {s.get('label') or s.get('metric')}：{value}{s.get('unit') or ''}",
                f"{en(subj)} {(s.get('metric') or '').replace('_', ' ')}: {value}")
    if category == "membership":
        role = f"（{s['role']}）" if s.get("role") else ""
        return f"{zh(subj)} 是 {zh(obj)} 成员{role}", f"{en(subj)} member of {en(obj)}"
    return f"{zh(subj)} 与 {zh(obj)} 合作", f"{en(subj)} partners with {en(obj)}"


def link_label(rel_type: str, subj: dict | None, obj: dict | None) -> tuple[str, str]:
    pred = predicate_by_rel_type(rel_type)
    pzh, pen = (pred.label_zh, pred.label_en) if pred else (rel_type, rel_type.lower().replace("_", " "))
    return f"{zh(subj)} —{pzh}→ {zh(obj)}", f"{en(subj)} —{pen}→ {en(obj)}"


def rel_label(rel_type: str) -> tuple[str, str]:
    """The label of a relationship type alone (an edge of graph JSON): the predicate's label for a
    structural link, the role's label for a statement's link."""
    pred = predicate_by_rel_type(rel_type)
    if pred:
        return pred.label_zh, pred.label_en
    return ROLE_LABELS.get(rel_type, (rel_type, rel_type.lower().replace("_", " ")))


def predicate_by_rel_type(rel_type: str) -> ontology.Predicate | None:
    return next((p for p in ontology.load().predicates.values() if p.structural and p.rel_type == rel_type), None)


# Roles of statement nodes (hkg:recipient, ...) carry English labels only in the ontology;
# their Chinese labels are given here with them, one table.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "RECIPIENT": ("获得者", "recipient"), "HONOUR": ("荣誉", "honour"), "HOLDER": ("持有者", "holder"),
    "ORGANISATION": ("机构", "organisation"), "PROGRAMME": ("项目", "programme"), "MEMBER": ("成员", "member"),
    "PARTY": ("合作方", "party"), "COUNTERPARTY": ("合作对象", "counterparty"), "MEASURES": ("度量对象", "measures"),
    "ABOUT": ("关于", "about"), "CONFERRED_BY": ("授予单位", "conferred by"), "CITES": ("出处", "cites"),
}
