// The sentence around each quote ($spans: key, article_id, start, end), cut in the database so that article texts never leave it; a sentence ends at 。！？!? or a line break, and is searched at most $window characters either side.
UNWIND $spans AS span
MATCH (a:Article {id: span.article_id})
WITH span, a.text AS text
WITH span, text,
  CASE WHEN span.start > $window THEN span.start - $window ELSE 0 END AS lo,
  CASE WHEN span.end + $window < size(text) THEN span.end + $window ELSE size(text) END AS hi
WITH span, text,
  coalesce(head([i IN range(span.start - 1, lo, -1) WHERE substring(text, i, 1) IN $ends | i + 1]), lo) AS left,
  coalesce(head([i IN range(span.end, hi - 1) WHERE substring(text, i, 1) IN $ends | i + 1]), hi) AS right
RETURN span.key AS key, trim(substring(text, left, right - left)) AS sentence
