"""A corpus of write, admin and escape attempts for the read-only query path.

Each must be refused (ReadOnlyViolation / QueryError) or fail without effect.
"""
LONG_RETURN = "MATCH (p:Paper) RETURN " + " + ".join(["1"] * 6000) + " AS n"

HOSTILE_QUERIES = [
    "CREATE (p:Paper {id: 'evil'})",
    "create (p:Paper {id: 'evil'})",
    "MERGE (p:Paper {id: 'evil'})",
    "MATCH (p:Paper) SET p.title = 'pwned'",
    "MATCH (p:Paper) SET p += {title: 'pwned'}",
    "MATCH (p:Paper) DELETE p",
    "MATCH (p:Paper) DETACH DELETE p",
    "MATCH ()-[r:CITES]->() DELETE r",
    "MATCH (p:Paper) REMOVE p.title",
    "DROP TABLE Paper",
    "DROP CONSTRAINT paper_id IF EXISTS",
    "DROP INDEX paper_title IF EXISTS",
    "ALTER TABLE Paper ADD evil STRING",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row CREATE (:Paper {id: row.id})",
    "LOAD FROM '/etc/passwd' RETURN *",
    "COPY Paper FROM '/tmp/evil.csv'",
    "COPY (MATCH (p:Paper) RETURN p.*) TO '/tmp/leak.csv'",
    "EXPORT DATABASE '/tmp/leak'",
    "IMPORT DATABASE '/tmp/evil'",
    "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)",
    "INSTALL httpfs",
    "LOAD EXTENSION httpfs",
    "CALL dbms.security.createUser('evil', 'pw', false)",
    "CALL dbms.killQueries(['q-1'])",
    "CALL dbms.components() YIELD name RETURN name",
    "CALL apoc.periodic.iterate('MATCH (p) RETURN p', 'DETACH DELETE p', {})",
    "CALL apoc.cypher.runWrite('CREATE (:Paper {id: \"evil\"})', {})",
    "CALL { MATCH (p:Paper) DETACH DELETE p } IN TRANSACTIONS OF 10 ROWS",
    "USING PERIODIC COMMIT 10 LOAD CSV FROM 'file:///x.csv' AS row CREATE (:Paper {id: row[0]})",
    "MATCH (p:Paper) RETURN p.id; CREATE (x:Paper {id: 'evil'})",
    "MATCH (p:Paper) RETURN count(p);\nMATCH (p:Paper) DETACH DELETE p",
    "MATCH (p:Paper) /* RETURN */ DETACH /* x */ DELETE p",
    "MATCH (p:Paper) // RETURN p\nDETACH DELETE p",
    "MATCH (p:Paper) DE/**/LETE p",
    "ＣＲＥＡＴＥ (p:Paper {id: 'evil'})",  # fullwidth letters fold to CREATE
    "СREATE (p:Paper {id: 'evil'})",  # Cyrillic Es: not a keyword anywhere, the engine rejects it
    "MATCH (p:Paper) DETACH\u200b DELETE p",  # zero-width space
    "CRE\u00adATE (p:Paper {id: 'evil'})",  # soft hyphen
    "FOREACH (x IN [1] | CREATE (:Paper {id: 'evil'}))",
    "MATCH (p:Paper) WITH p CREATE (q:Paper {id: p.id + 'x'})",
    "UNWIND range(1, 3) AS i MERGE (:Keyword {id: 'kw:' + toString(i)})",
    "USE system SHOW USERS",
    "CREATE USER evil SET PASSWORD 'x'",
    "GRANT ALL ON DATABASE * TO PUBLIC",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CHECKPOINT",
    LONG_RETURN,
]

# Reads that must keep working: keywords inside strings and names are data, not clauses.
HARMLESS_QUERIES = [
    "MATCH (p:Paper) WHERE p.title CONTAINS 'create' RETURN count(p) AS n",
    "MATCH (p:Paper) WHERE p.title = 'DETACH DELETE p; DROP TABLE Paper' RETURN count(p) AS n",
    "MATCH (p:Paper) // a comment that says DELETE\nRETURN count(p) AS n",
]

# A query that would run for a very long time: must hit the timeout.
ENDLESS_QUERY = ("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
                 "WITH x + y AS z WHERE z % 7 = 0 RETURN sum(z) AS s")


def run_corpus(store, engine: str) -> dict[str, int]:
    """Every hostile query through ``store``'s read path; each must be refused in one line.

    Returns how many the guard refused and how many the engine rejected, and
    adds the counts to the test report.
    """
    import pytest

    from graph.errors import QueryError, ReadOnlyViolation
    from tests.support import report

    outcomes = {"guard": 0, "engine": 0}
    for text in HOSTILE_QUERIES:
        with pytest.raises((ReadOnlyViolation, QueryError)) as caught:
            store.query(text, limit=100, timeout_s=5)
        outcomes["guard" if caught.type is ReadOnlyViolation else "engine"] += 1
        assert "\n" not in str(caught.value)
    report.add(f"hostile Cypher ({engine}): {len(HOSTILE_QUERIES)} tried, {outcomes['guard']} refused by the guard, "
               f"{outcomes['engine']} rejected by the engine, store checksum unchanged (bytes changed = 0)")
    return outcomes
