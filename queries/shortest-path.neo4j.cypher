// title: Shortest citation path between two papers
// description: The fewest citation steps (either direction) from one paper to another, up to
// description: 6 steps, and the paper ids along one such path. Papers by node id (arxiv:..., doi:...).
// needs: CITES
// param: source paper = arxiv:2201.02177
// param: target paper = arxiv:1912.02292
MATCH (a:Paper)
WHERE a.id = $source
MATCH (b:Paper)
WHERE b.id = $target AND a.id <> b.id
MATCH path = shortestPath((a)-[:CITES*1..6]-(b))
RETURN length(path) AS hops, [n IN nodes(path) | n.id] AS papers
LIMIT 1
