// title: Two-hop citation neighbourhood
// description: Papers within two citation steps of a paper (citing or cited, either direction),
// description: with the number of steps; nearest first. paper: a node id such as arxiv:2201.02177.
// needs: CITES
// param: paper paper = arxiv:2201.02177
// param: limit int = 200
MATCH (p:Paper)
WHERE p.id = $paper  // equality: LadybugDB looks the key up, IN or OR scan every paper
MATCH path = (p)-[:CITES*1..2]-(x:Paper)
WHERE x <> p  // node identity: `x.id <> p.id` let Neo4j plan an index scan of every paper
WITH x.id AS xid, min(length(path)) AS hops
ORDER BY hops, xid
LIMIT $limit  // before reading titles: a popular paper has thousands of neighbours
MATCH (x:Paper {id: xid})
RETURN x.id AS paper, x.title AS title, hops
ORDER BY hops, paper
