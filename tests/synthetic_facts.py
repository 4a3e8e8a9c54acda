"""A synthetic data folder with the shapes of the real one, big enough that a load takes a while.

Written with plain string formatting (no YAML dumper) so that generating 60k facts is quick.
Every article gets its own text, holding one line per fact: the fact's quote.
"""

from __future__ import annotations

from pathlib import Path


def write_synthetic(data_dir: Path, articles: int = 60, units: int = 110, facts_per_article: int = 1000) -> dict[str, int]:
    """Write data_dir/facts/S###.yaml and data_dir/articles/S###.txt. Returns entity and fact counts.

    Per article: a hospital, a place, `units` departments, people and honours; facts: the
    hospital is located in the place, has each department, each person holds a position in a
    department, each department and person is awarded an honour (year, conferrer), and the
    remainder are figures and milestones about the departments.
    """
    (data_dir / "facts").mkdir(parents=True, exist_ok=True)
    (data_dir / "articles").mkdir(parents=True, exist_ok=True)
    n_entities = n_facts = 0
    for a in range(articles):
        aid = f"S{a:03d}"
        ents: list[str] = []
        facts: list[str] = []
        lines: list[str] = [f"合成文章{aid}", ""]
        hosp, place = f"hosp-syn-{a}", f"place-syn-{a}"
        ents.append(f"  - {{id: {hosp}, type: Hospital, name_zh: 合成医院{a}, name_en: Synthetic Hospital {a}}}")
        ents.append(f"  - {{id: {place}, type: Place, kind: city, name_zh: 合成市{a}, name_en: Synthetic City {a}}}")
        for u in range(units):
            ents.append(f"  - {{id: dept-syn-{a}-{u}, type: Department, kind: department, "
                        f"name_zh: 合成科室{a}之{u}, name_en: Synthetic Department {a}-{u}}}")
            ents.append(f"  - {{id: person-syn-{a}-{u}, type: Person, name_zh: 合成人{a}之{u}, name_en: Synthetic Person {a}-{u}, "
                        f"pinyin: Hé Chéng {a} {u}, names: [{{text: Person {a}-{u}, lang: en, kind: alias}}]}}")
            ents.append(f"  - {{id: honour-syn-{a}-{u}, type: Honour, name_zh: 合成荣誉{a}之{u}, "
                        f"name_en: Synthetic Honour {a}-{u}}}")

        def fact(subject: str, predicate: str, obj: object, qualifiers: str = "") -> None:
            n = len(facts) + 1
            quote = f"第{a}篇第{n}条：{subject}的{predicate}事实。"
            lines.append(quote)
            facts.append(f"  - id: {aid}-{n:05d}\n    subject: {subject}\n    predicate: {predicate}\n"
                         f"    object: {obj}\n" + (f"    qualifiers: {{{qualifiers}}}\n" if qualifiers else "")
                         + f"    quote: '{quote}'")

        fact(hosp, "locatedIn", place)
        for u in range(units):
            fact(hosp, "hasUnit", f"dept-syn-{a}-{u}")
            fact(f"person-syn-{a}-{u}", "holdsPosition", f"dept-syn-{a}-{u}", "role: 主任, role_en: Director, since: '2019-05'")
            fact(f"dept-syn-{a}-{u}", "awarded", f"honour-syn-{a}-{u}", f"year: {2000 + u % 25}, conferrer: {hosp}, level: municipal")
            fact(f"person-syn-{a}-{u}", "awarded", f"honour-syn-{a}-{u}", f"year: {2001 + u % 24}, level: sector")
        i = 0
        while len(facts) < facts_per_article:
            u = i % units
            if i % 2:
                fact(f"dept-syn-{a}-{u}", "figure", 100 + i, f"metric: beds_{i}, label: 床位{i}, unit: 张, year: 2023")
            else:
                fact(f"dept-syn-{a}-{u}", "milestone", f"合成大事{a}之{i}", f"kind: founded, year: {1950 + i % 70}")
            i += 1
        (data_dir / "articles" / f"{aid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (data_dir / "facts" / f"{aid}.yaml").write_text(
            f"article:\n  id: {aid}\n  title: 合成文章{aid}\n  outlet: 合成报\n  reporters: [合成记者]\n  date: '2023-01-0{1 + a % 9}'\n"
            "entities:\n" + "\n".join(ents) + "\nfacts:\n" + "\n".join(facts) + "\n", encoding="utf-8")
        n_entities += len(ents)
        n_facts += len(facts)
    return {"entities": n_entities, "facts": n_facts}
