// title: Keyword co-occurrence
// description: Pairs of keywords that label the same papers, with the number of such papers;
// description: pairs seen on fewer than min_papers papers are left out.
// needs: HAS_KEYWORD
// param: min_papers int = 1
// param: limit int = 50
MATCH (k1:Keyword)<-[:HAS_KEYWORD]-(p:Paper)
MATCH (p)-[:HAS_KEYWORD]->(k2:Keyword)
WHERE k1.id < k2.id
WITH k1, k2, count(DISTINCT p) AS papers
WHERE papers >= $min_papers
RETURN k1.name AS keyword_a, k2.name AS keyword_b, papers
ORDER BY papers DESC, keyword_a, keyword_b
LIMIT $limit
