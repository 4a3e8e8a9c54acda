"""The rule extractor: the entity lexicon plus the genre's templates, fully offline."""

from __future__ import annotations

from curation.propose import literals, recognitions, structure
from curation.propose.context import Context
from curation.propose.lexicon import Lexicon
from curation.propose.types import ArticleText, Draft

# Each stage reads the article and adds proposals; order matters only for which stage
# creates an entity first (later stages reuse it).
STAGES = (structure.roles, recognitions.extract, recognitions.levelled, structure.units, structure.more_units,
          structure.partnerships,
          structure.place, literals.figures, literals.milestones)


class RuleExtractor:
    name = "rules-v1"

    def extract(self, article: ArticleText, lexicon: Lexicon) -> Draft:
        from curation.propose import nlp

        nlp.segmenter().use(lexicon.words())
        ctx = Context(article, lexicon, self.name)
        for stage in STAGES:
            stage(ctx)
        return ctx.finish()
