"""`hkg retract ARTICLE`: remove one article and everything only it says, on purpose.

A load never removes an article by accident (an emptied file is invalid, a load that would
delete many of an article's facts is refused): retracting is this command of its own. It
checks that the rest of the folder stands without the article (no other file uses its
entities or quotes it), removes from the graph its facts, its Article node and the entities
only it declared, and moves its fact file to `data/retracted/` so that nothing is lost and a
later load does not bring it back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.connection import Graph
from loaders.factfile import discover, read
from loaders.load import InvalidFacts, Summary, load
from loaders.validate import Problem, display_path, validate


class UnknownArticle(LookupError):
    """Neither the data folder nor the graph has the article."""


def retract(graph: Graph, data_dir: Path, article: str, *, dry_run: bool = False, wait: float = 0) -> Summary:
    files = [read(p, display_path(p, Path.cwd())) for p in discover(data_dir)]
    mine = [ff for ff in files if ff.key == article or ff.path.stem == article]
    rest = [ff for ff in files if ff not in mine]
    in_graph = graph.read("load/existing_articles", ids=[article]) or \
        graph.read("load/existing_statements", origins=[article])
    if not mine and not in_graph:
        raise UnknownArticle(f"no fact file and no graph data for article {article!r}")
    ds = validate(rest, data_dir / "articles")
    if not ds.ok:
        raise InvalidFacts(ds.problems + [Problem(str(ff.path), 1, article, "the files above still use this article")
                                          for ff in mine])
    summary = load(graph, data_dir, dataset=ds, origins={article}, dry_run=dry_run,
                   allow_deletions=True, wait=wait)
    if not dry_run:
        retracted = data_dir / "retracted"
        for ff in mine:
            retracted.mkdir(exist_ok=True)
            shutil.move(str(ff.path), retracted / ff.path.name)
    return summary
