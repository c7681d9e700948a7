// title: Phenomenon x phenomenon matrix
// needs: ABOUT
// description: For each pair of phenomena, the number of papers about both; the diagonal (a = b)
// description: counts the papers about one phenomenon. Pairs with no paper are left out. Strong and
// description: medium tags unless all_tags.
// param: all_tags bool = false
WITH $all_tags AS all_tags
MATCH (a:Phenomenon)<-[ra:ABOUT]-(p:Paper)
MATCH (p)-[rb:ABOUT]->(b:Phenomenon)
WHERE a.id <= b.id
  AND (all_tags OR (coalesce(ra.confidence, 'medium') <> 'weak' AND coalesce(rb.confidence, 'medium') <> 'weak'))
RETURN a.id AS a, a.name AS a_name, b.id AS b, b.name AS b_name, count(DISTINCT p) AS papers
ORDER BY papers DESC, a, b
