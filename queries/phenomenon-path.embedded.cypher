// title: Shortest path between two phenomena
// description: The fewest steps from one phenomenon to another through papers about them and
// description: citations between papers (either direction, up to 8 steps), and the node ids
// description: along one such path. Phenomena by id, name or synonym.
// needs: ABOUT
// param: a phenomenon = grokking
// param: b phenomenon = double descent
// LadybugDB cannot read a $parameter inside any(...): bind it first.
WITH lower($a) AS wa, lower($b) AS wb
MATCH (pa:Phenomenon)
WHERE pa.id = $a OR pa.id ENDS WITH (':' + $a) OR lower(pa.name) = wa
   OR any(s IN pa.synonyms WHERE lower(s) = wa)
MATCH (pb:Phenomenon)
WHERE (pb.id = $b OR pb.id ENDS WITH (':' + $b) OR lower(pb.name) = wb
   OR any(s IN pb.synonyms WHERE lower(s) = wb)) AND pa.id <> pb.id
MATCH path = (pa)-[:ABOUT|CITES* SHORTEST 1..8]-(pb)
RETURN length(path) AS hops, properties(nodes(path), 'id') AS nodes
ORDER BY hops
LIMIT 1
