"""GraphML and CSV of the knowledge graph written row by row from the model, without NetworkX.

At two-hop scale (500k papers, 7M edges) a NetworkX ``MultiDiGraph`` of every
node and edge with its attributes takes tens of GB; these writers walk the
model's records and edge index arrays once and write each element as it goes.
The files are those :func:`graph.export.network_formats.export_graph` plus NetworkX's writers
give (same nodes, edges, attributes, order and GraphML keys; tests compare them
byte for byte on small graphs).

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
>>> [(u, v, key) for u, v, key, _ in knowledge_edges(m)]
[('a', 'f', 'ABOUT'), ('a', 'b', 'CITES')]
"""
from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # what ElementTree (NetworkX) writes

import numpy as np
from tqdm.auto import tqdm

from graph.model import records as rec
from graph.model.graph_model import EDGE_KINDS, NODE_KINDS, GraphModel

__all__ = ["flat", "knowledge_nodes", "knowledge_edges", "stream_graphml", "stream_csv"]

_SIMILAR = len(EDGE_KINDS)  # kind code of the text-similarity edges (after every stored kind)
_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}  # NetworkX's GraphML names


def flat(value):
    """A list joined by "; "; numbers, booleans and strings as they are; anything else as text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def kept_nodes(model: GraphModel, papers: set[str] | None) -> np.ndarray | None:
    """Which model nodes an export with ``papers`` keeps (None: all): those papers and their
    non-paper neighbours over any edge kind."""
    if papers is None:
        return None
    keep = np.zeros(len(model.ids), dtype=bool)
    keep[[model.index[p] for p in papers if p in model.index]] = True
    chosen, is_paper = keep.copy(), model.kinds == NODE_KINDS.index("Paper")
    for e in model.edges.values():
        keep[e.target[chosen[e.source] & ~is_paper[e.target]]] = True
        keep[e.source[chosen[e.target] & ~is_paper[e.source]]] = True
    return keep


def knowledge_nodes(model: GraphModel, *, keep: np.ndarray | None = None,
                    scores: dict | None = None) -> Iterator[tuple[str, dict]]:
    """``(key, flat attributes)`` of every kept node, in the model's order (kinds, then keys)."""
    kws, scores = model.paper_keywords, scores or {}
    position = 0
    for kind in NODE_KINDS:
        for key, item in model.nodes(kind).items():
            position += 1
            if keep is not None and not keep[position - 1]:
                continue
            name = (item.title if kind == "Paper" else item.name) or key
            data = {"name": name, **{k: v for k, v in rec.to_row(item).items() if k != "id"}, "label": kind}
            if kind == "Paper":
                data["keywords"] = kws.get(key, data.get("keywords"))
                data.update(scores.get(key, {}))
            yield key, {k: flat(x) for k, x in data.items() if x is not None and x != [] and x != ()}


def knowledge_edges(model: GraphModel, *, keep: np.ndarray | None = None,
                    similar: list[tuple] | None = None) -> Iterator[tuple[str, str, str, dict]]:
    """``(source, target, key, flat attributes)`` of every edge between kept nodes, in the order a
    NetworkX multigraph built kind by kind lists them: by source node, then by the first edge
    between the pair, then kind; a repeated ``(source, target, kind)`` is one edge, its last values."""
    parts = [(model.edges[rel].source, model.edges[rel].target, k) for k, rel in enumerate(EDGE_KINDS)]
    similar = [s for s in similar or () if s[0] in model.index and s[1] in model.index]
    parts.append((np.array([model.index[s[0]] for s in similar], dtype=np.int64),
                  np.array([model.index[s[1]] for s in similar], dtype=np.int64), _SIMILAR))
    src = np.concatenate([p[0].astype(np.int64) for p in parts])
    dst = np.concatenate([p[1].astype(np.int64) for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[2], dtype=np.int64) for p in parts])
    row = np.concatenate([np.arange(len(p[0]), dtype=np.int64) for p in parts])
    if keep is not None:
        mask = keep[src] & keep[dst]
        src, dst, kind, row = src[mask], dst[mask], kind[mask], row[mask]
    if not len(src):
        return
    pair = src * len(model.ids) + dst
    code = pair * (_SIMILAR + 1) + kind
    _, first = np.unique(code, return_index=True)
    if len(first) < len(code):  # the same edge twice: kept where it first came, with its last values
        _, from_end = np.unique(code[::-1], return_index=True)
        row = row[len(code) - 1 - from_end]
        src, dst, kind, pair = src[first], dst[first], kind[first], pair[first]
        seq = first
    else:
        seq = np.arange(len(code))
    _, pair_first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    order = np.lexsort((seq, seq[pair_first][inverse], src))
    ids, props = model.ids, [model.edges[rel].props for rel in EDGE_KINDS]
    for s, t, k, r in zip(src[order].tolist(), dst[order].tolist(), kind[order].tolist(), row[order].tolist()):
        if k == _SIMILAR:
            _, _, score, reason = similar[r]
            data = {"type": "RELATED_TO", "weight": float(score), "origin": "text similarity",
                    "score": float(score), "reason": reason}
            yield ids[s], ids[t], "RELATED_TO:text", {a: flat(x) for a, x in data.items() if x is not None}
            continue
        rel = EDGE_KINDS[k]
        values = {name: col[r] for name, col in props[k].items()}
        score = values.get("score") if rel == "RELATED_TO" else None
        data = {"type": rel, "weight": float(score) if score is not None else 1.0, **values}
        yield ids[s], ids[t], rel, {a: flat(x) for a, x in data.items() if x is not None}


def _bar(desc: str, total: int | None):
    """A progress bar on a terminal (none in tests and pipes): exports at 500k papers take minutes."""
    return tqdm(total=total, desc=desc, unit="row", unit_scale=True, disable=None, leave=False)


def edge_attributes(model: GraphModel, similar: list[tuple] | None = None) -> set[str]:
    """The attribute names :func:`knowledge_edges` gives over the whole graph, from the property
    columns alone (no pass over the edges): ``type``, ``weight`` and every property set on some edge."""
    names = {"type", "weight"} if any(len(e) for e in model.edges.values()) or similar else set()
    for e in model.edges.values():
        if len(e):
            names.update(p for p, col in e.props.items() if any(v is not None for v in col))
    if similar:
        names.update(("origin", "score", "reason"))
    return names


def stream_graphml(nodes, edges, path, *, total: int | None = None) -> Path:
    """GraphML of ``nodes`` and ``edges`` (:func:`knowledge_nodes`, :func:`knowledge_edges`), as
    ``networkx.write_graphml`` writes a directed multigraph.  The body goes to a temporary file
    first: the ``<key>`` declarations that head the file are known only once every value is seen."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys: dict[tuple, str] = {}

    def data(scope, attrs) -> str:
        out = []
        for name, value in attrs.items():
            kid = keys.setdefault((name, _XML_TYPES[type(value)], scope), f"d{len(keys)}")
            text = str(value)
            out.append(f'      <data key="{kid}">{_escape_cdata(text)}</data>\n' if text
                       else f'      <data key="{kid}" />\n')
        return "".join(out)

    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as body, _bar(path.name, total) as bar:
        count = 0
        for key, attrs in nodes:
            count += 1
            inner = data("node", attrs)
            head = f'    <node id="{_escape_attrib(str(key))}"'
            body.write(f"{head}>\n{inner}    </node>\n" if inner else f"{head} />\n")
            bar.update()
        for u, v, key, attrs in edges:
            count += 1
            inner = data("edge", attrs)
            head = (f'    <edge source="{_escape_attrib(str(u))}" target="{_escape_attrib(str(v))}" '
                    f'id="{_escape_attrib(str(key))}"')
            body.write(f"{head}>\n{inner}    </edge>\n" if inner else f"{head} />\n")
            bar.update()
        body.seek(0)
        with path.open("w", encoding="utf-8") as f:
            f.write("<?xml version='1.0' encoding='utf-8'?>\n"
                    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
            for (name, xml_type, scope), kid in reversed(keys.items()):  # NetworkX puts each new key first
                f.write(f'  <key id="{kid}" for="{scope}" attr.name="{_escape_attrib(name)}" '
                        f'attr.type="{xml_type}" />\n')
            if not count:
                f.write('  <graph edgedefault="directed" />\n</graphml>\n')
                return path
            f.write('  <graph edgedefault="directed">\n')
            shutil.copyfileobj(body, f, 1 << 20)
            f.write("  </graph>\n</graphml>\n")
    return path


def stream_csv(node_rows, edge_rows, out_dir, *, prefix: str = "", total: int | None = None,
               edge_names: set[str] | None = None) -> list[Path]:
    """``nodes.csv`` (``id``, ``label``, ``name``, then every attribute, sorted) and ``edges.csv``
    (``source``, ``target``, ``type``, ``weight``, then every attribute, sorted).

    ``node_rows`` and ``edge_rows`` are functions returning a fresh iterator of rows: the
    columns are collected in a first pass over them, the rows written in a second.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    node_keys, edge_keys = set(), set(edge_names or ())
    with _bar("csv columns", total) as bar:
        for _, d in node_rows():
            node_keys.update(d)
            bar.update()
        for *_, d in edge_rows() if edge_names is None else ():
            edge_keys.update(d)
            bar.update()
    node_cols = ["label", "name"] + sorted(node_keys - {"label", "name"})
    edge_cols = ["type", "weight"] + sorted(edge_keys - {"type", "weight"})
    nodes_path, edges_path = out_dir / f"{prefix}nodes.csv", out_dir / f"{prefix}edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", *node_cols])
        w.writerows([v, *(d.get(c, "") for c in node_cols)] for v, d in node_rows())
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", *edge_cols])
        w.writerows([u, v, *(d.get(c, "") for c in edge_cols)] for u, v, _, d in edge_rows())
    return [nodes_path, edges_path]
