"""What a store holds, as sorted rows, and what it should hold for some records (both engines)."""
from graph.model import schema
from graph.model.records import GraphRecords, to_row

ZERO = {k: 0 for k in [*schema.NODE_LABELS, *schema.REL_TYPES]}


def node_rows(store, label: str) -> list[dict]:
    props = list(schema.NODE_LABELS[label])
    text = f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p} AS {p}" for p in props) + " ORDER BY id"
    return store.query(text).records()


def edge_rows(store, rel: str) -> list[dict]:
    start, end, props = schema.REL_TYPES[rel]
    cols = "".join(f", r.{p} AS {p}" for p in props)
    text = (f"MATCH (a:{start})-[r:{rel}]->(b:{end}) RETURN a.id AS source, b.id AS target{cols} "
            "ORDER BY source, target")
    return store.query(text).records()


def expected_rows(records: GraphRecords) -> dict[str, list[dict]]:
    out = {label: sorted((to_row(x) for x in items), key=lambda r: r["id"])
           for label, items in records.nodes().items()}
    for rel, items in records.edges().items():
        out[rel] = sorted((to_row(x) for x in items), key=lambda r: (r["source"], r["target"]))
    return out
