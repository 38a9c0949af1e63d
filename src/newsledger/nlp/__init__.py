"""Article → Mention: the language layer (entities with canonical ids, places, times, quantities).

`ArticleAnnotator(...).annotate(articles)` runs spaCy over the bodies in one batched pipe and returns,
per article, its mentions with character offsets into `Article.body`.
"""

from newsledger.nlp.annotate import ArticleAnnotator, canonical_entities

__all__ = ["ArticleAnnotator", "canonical_entities"]
