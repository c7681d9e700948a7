// title: Papers linking two phenomena
// needs: ABOUT
// description: Papers about both phenomena (each given by id, name or synonym), most cited first.
// param: a phenomenon = grokking
// param: b phenomenon = double descent
// param: limit int = 25
// LadybugDB cannot read a $parameter inside any(...): bind it first.
WITH lower($a) AS wa, lower($b) AS wb
MATCH (pa:Phenomenon)
WHERE pa.id = $a OR pa.id ENDS WITH (':' + $a) OR lower(pa.name) = wa
   OR any(s IN pa.synonyms WHERE lower(s) = wa)
MATCH (pb:Phenomenon)
WHERE pb.id = $b OR pb.id ENDS WITH (':' + $b) OR lower(pb.name) = wb
   OR any(s IN pb.synonyms WHERE lower(s) = wb)
MATCH (p:Paper)-[:ABOUT]->(pa)
MATCH (p)-[:ABOUT]->(pb)
WHERE pa.id <> pb.id
OPTIONAL MATCH (c:Paper)-[:CITES]->(p)
WITH p, count(DISTINCT c) AS cited_in_graph
RETURN p.id AS paper, p.title AS title, p.year AS year,
       coalesce(p.citation_count, cited_in_graph) AS citations
ORDER BY citations DESC, paper
LIMIT $limit
