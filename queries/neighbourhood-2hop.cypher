// title: Two-hop citation neighbourhood
// description: Papers within two citation steps of a paper (citing or cited, either direction),
// description: with the number of steps; nearest first.
// param: paper string = arxiv:2201.02177
// param: limit int = 200
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper
MATCH path = (p)-[:CITES*1..2]-(x:Paper)
WHERE x.id <> p.id
RETURN x.id AS paper, x.title AS title, min(length(path)) AS hops
ORDER BY hops, paper
LIMIT $limit
