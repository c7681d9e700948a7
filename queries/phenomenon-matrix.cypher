// title: Phenomenon x phenomenon matrix
// needs: ABOUT
// description: For each pair of phenomena, the number of papers about both; the diagonal (a = b)
// description: counts the papers about one phenomenon. Pairs with no paper are left out.
MATCH (a:Phenomenon)<-[:ABOUT]-(p:Paper)
MATCH (p)-[:ABOUT]->(b:Phenomenon)
WHERE a.id <= b.id
RETURN a.id AS a, a.name AS a_name, b.id AS b, b.name AS b_name, count(DISTINCT p) AS papers
ORDER BY papers DESC, a, b
