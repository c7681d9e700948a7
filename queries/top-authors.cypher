// title: Top authors of a phenomenon
// description: Authors with the most papers about a phenomenon (by id, name or synonym; strong and
// description: medium tags unless all_tags).
// needs: ABOUT, WROTE
// param: phenomenon phenomenon = grokking
// param: limit int = 20
// param: all_tags bool = false
// LadybugDB cannot read a $parameter inside any(...): bind it first.
WITH lower($phenomenon) AS wanted, $all_tags AS all_tags
MATCH (ph:Phenomenon)
WHERE ph.id = $phenomenon OR ph.id ENDS WITH (':' + $phenomenon)
   OR lower(ph.name) = wanted
   OR any(s IN ph.synonyms WHERE lower(s) = wanted)
MATCH (p:Paper)-[r:ABOUT]->(ph)
WHERE all_tags OR coalesce(r.confidence, 'medium') <> 'weak'
MATCH (a:Author)-[:WROTE]->(p)
RETURN a.id AS author, a.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, author
LIMIT $limit
