// title: Papers about a phenomenon
// needs: ABOUT
// description: Papers linked to a phenomenon (ABOUT, strong and medium tags unless all_tags), most cited first. The phenomenon may be
// description: given by id, name or synonym, in any case. Citations: the paper's citation_count,
// description: else the number of papers in the graph that cite it.
// param: phenomenon phenomenon = grokking
// param: limit int = 25
// param: all_tags bool = false
// LadybugDB cannot read a $parameter inside any(...): bind it first.
WITH lower($phenomenon) AS wanted, $all_tags AS all_tags
MATCH (ph:Phenomenon)
WHERE ph.id = $phenomenon OR ph.id ENDS WITH (':' + $phenomenon)
   OR lower(ph.name) = wanted
   OR any(s IN ph.synonyms WHERE lower(s) = wanted)
MATCH (p:Paper)-[r:ABOUT]->(ph)
WHERE all_tags OR coalesce(r.confidence, 'medium') <> 'weak'
OPTIONAL MATCH (c:Paper)-[:CITES]->(p)
WITH ph, p, count(c) AS cited_in_graph
RETURN p.id AS paper, p.title AS title, p.year AS year,
       coalesce(p.citation_count, cited_in_graph) AS citations, ph.id AS phenomenon
ORDER BY citations DESC, paper, phenomenon
LIMIT $limit
