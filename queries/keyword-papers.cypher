// title: Papers with a keyword
// description: Papers labelled with a keyword (by id or name, any case), newest first (unknown years last).
// needs: HAS_KEYWORD
// param: keyword keyword = grokking
// param: limit int = 50
MATCH (k:Keyword)
WHERE k.id = $keyword OR lower(k.name) = lower($keyword)
WITH DISTINCT k  // find the keyword first: else Neo4j may scan every paper in year order
MATCH (p:Paper)-[:HAS_KEYWORD]->(k)
RETURN p.id AS paper, p.title AS title, p.year AS year
ORDER BY coalesce(year, 0) DESC, paper
LIMIT $limit
