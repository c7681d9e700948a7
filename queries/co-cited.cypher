// title: Papers co-cited with a paper
// description: Papers cited together with the given paper (by the same citing paper), ranked by
// description: the number of papers that cite both. paper: a node id such as arxiv:2201.02177.
// needs: CITES
// param: paper paper = arxiv:2201.02177
// param: limit int = 25
MATCH (p:Paper)
WHERE p.id = $paper  // equality: LadybugDB looks the key up, IN or OR scan every paper
MATCH (c:Paper)-[:CITES]->(p)
MATCH (c)-[:CITES]->(x:Paper)
WHERE x <> p  // node identity: `x.id <> p.id` let Neo4j plan an index scan of every paper
WITH x, count(DISTINCT c) AS co_citations
ORDER BY co_citations DESC, x.id
LIMIT $limit  // before reading titles
RETURN x.id AS paper, x.title AS title, co_citations
ORDER BY co_citations DESC, paper
