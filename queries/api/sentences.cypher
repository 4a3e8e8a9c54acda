// The sentence around each quote ($spans: key, article_id, start, end), cut in the database so that article texts never leave it; a sentence ends at one of $ends (。！？!? or a line break), searched at most $window characters either side (split/size, not a character loop).
UNWIND $spans AS span
MATCH (a:Article {id: span.article_id})
WITH span, a.text AS text
WITH span, text,
  CASE WHEN span.start > $window THEN span.start - $window ELSE 0 END AS lo,
  CASE WHEN span.end + $window < size(text) THEN span.end + $window ELSE size(text) END AS hi
WITH span, text, substring(text, lo, span.start - lo) AS before, substring(text, span.end, hi - span.end) AS after
// characters between the last end before the quote and the quote; between the quote and the next end
WITH span, text, after,
  reduce(m = size(before), c IN $ends | CASE WHEN size(last(split(before, c))) < m THEN size(last(split(before, c))) ELSE m END) AS back,
  reduce(m = size(after), c IN $ends | CASE WHEN size(head(split(after, c))) < m THEN size(head(split(after, c))) ELSE m END) AS ahead
WITH span, text, span.start - back AS left,
  span.end + ahead + CASE WHEN ahead < size(after) THEN 1 ELSE 0 END AS right
RETURN span.key AS key, trim(substring(text, left, right - left)) AS sentence
