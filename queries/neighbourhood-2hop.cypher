// title: Two-hop citation neighbourhood
// description: Papers within two citation steps of a paper (citing or cited, either direction),
// description: with the number of steps; nearest first.
// param: paper string = arxiv:2201.02177
// param: limit int = 200
MATCH (p:Paper)
WHERE p.id IN [$paper, 'arxiv:' + $paper]  // a node id, or a bare arXiv id
MATCH path = (p)-[:CITES*1..2]-(x:Paper)
WHERE x.id <> p.id
WITH x, min(length(path)) AS hops
ORDER BY hops, x.id
LIMIT $limit  // before reading titles: a popular paper has thousands of neighbours
RETURN x.id AS paper, x.title AS title, hops
ORDER BY hops, paper
