// title: Papers linking two phenomena
// needs: ABOUT
// description: Papers about both phenomena (each given by id, name or synonym; strong and medium
// description: tags unless all_tags), most cited first.
// param: a phenomenon = grokking
// param: b phenomenon = double descent
// param: limit int = 25
// param: all_tags bool = false
// LadybugDB cannot read a $parameter inside any(...): bind it first.
WITH lower($a) AS wa, lower($b) AS wb, $all_tags AS all_tags
MATCH (pa:Phenomenon)
WHERE pa.id = $a OR pa.id ENDS WITH (':' + $a) OR lower(pa.name) = wa
   OR any(s IN pa.synonyms WHERE lower(s) = wa)
MATCH (pb:Phenomenon)
WHERE pb.id = $b OR pb.id ENDS WITH (':' + $b) OR lower(pb.name) = wb
   OR any(s IN pb.synonyms WHERE lower(s) = wb)
MATCH (p:Paper)-[ra:ABOUT]->(pa)
MATCH (p)-[rb:ABOUT]->(pb)
WHERE pa.id <> pb.id
  AND (all_tags OR (coalesce(ra.confidence, 'medium') <> 'weak' AND coalesce(rb.confidence, 'medium') <> 'weak'))
OPTIONAL MATCH (c:Paper)-[:CITES]->(p)
WITH p, count(DISTINCT c) AS cited_in_graph
RETURN p.id AS paper, p.title AS title, p.year AS year,
       coalesce(p.citation_count, cited_in_graph) AS citations
ORDER BY citations DESC, paper
LIMIT $limit
