"""GraphML, GEXF and CSV of the knowledge graph written row by row, without a NetworkX multigraph.

At two-hop scale (500k papers, 7M edges) a NetworkX ``MultiDiGraph`` of every
node and edge with its attributes takes tens of GB; these writers walk the
model's records and edge index arrays once and write each element as it goes.
:func:`graph.export.network_formats.export_graph` gives the same rows from a
multigraph for small graphs (tests compare the files byte for byte).

The writers follow what Gephi, Cytoscape, yEd and Neo4j read (checked with the
Gephi Toolkit in tests/readers/gephi): a node's ``label`` is its display name
(title or name) and ``kind`` its kind; an edge's ``type`` is its relation, its
``weight`` a number, and the Gephi edge kind (GraphML ``label``, GEXF ``kind``,
CSV ``Kind``) its multigraph key, so parallel edges of different relations stay apart.
Text that XML cannot hold (control characters, lone surrogates) becomes U+FFFD.

>>> from graph.model.graph_model import GraphModel
>>> from graph.model.records import Paper
>>> m = GraphModel.of([Paper("a", "A"), Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
>>> [(u, v, key) for u, v, key, _ in knowledge_edges(m)]
[('a', 'f', 'ABOUT'), ('a', 'b', 'CITES')]
"""
from __future__ import annotations

import csv
import math
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import numpy as np
from tqdm.auto import tqdm

from graph.model import records as rec
from graph.model.graph_model import EDGE_KINDS, NODE_KINDS, GraphModel

__all__ = ["knowledge_nodes", "knowledge_edges", "stream_graphml", "stream_gexf", "stream_csv", "xml_text",
           "csv_text"]

_SIMILAR = len(EDGE_KINDS)  # kind code of the text-similarity edges (after every stored kind)
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_CSV = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}  # "&" first
_XML_ATTR = {**_XML_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
# Gephi's CSV reader (commons-csv with escape '\\') reads a backslash before these as an escape.
_GEPHI_ESCAPED = re.compile(r'\\(?=[rntbf\\",\r\n\t\b\f]|\Z)')
# CSV identifier columns whose values look like numbers: written with their scheme, so pandas, duckdb and
# Gephi keep them as text (1606.05340 is not the number 1606.0534).
CSV_ID_SCHEMES = {"arxiv_id": "arXiv:", "s2_author_id": "s2-author:"}


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


def xml_text(value) -> str:
    r"""``value`` as text XML 1.0 can hold: forbidden characters (controls, lone surrogates) become U+FFFD.

    >>> xml_text("a\x1b[31mb\ud800") == "a\ufffd[31mb\ufffd"
    True
    """
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():  # the common case, checked in C: nothing to replace
        return text
    return _NOT_XML.sub("\ufffd", text)


def _escape(text: str, table: dict) -> str:
    """``text`` with the characters of ``table`` replaced; ``str.replace`` per character present
    (what ElementTree does: far faster than ``str.translate`` on text that has none)."""
    for char, entity in table.items():
        if char in text:
            text = text.replace(char, entity)
    return text


def _attr(value) -> str:
    """``value`` as the inside of a double-quoted XML attribute."""
    return _escape(xml_text(value), _XML_ATTR)


def csv_text(value) -> str:
    r"""``value`` as a CSV field every reader takes back whole: control characters (but tab and line
    breaks, which the writer quotes) become U+FFFD, and a backslash Gephi's reader would take as an
    escape (before ``n``, ``t``, a quote, a comma, the end, ...) is doubled; other backslashes stay.

    >>> print(csv_text("\\(N\\) at \\nabla"), csv_text("C:\\"))
    \(N\) at \\nabla C:\\
    """
    text = value if isinstance(value, str) else str(value)
    if not (text.isascii() and text.isprintable()):
        text = _NOT_CSV.sub("\ufffd", text)
    return _GEPHI_ESCAPED.sub(r"\\\\", text) if "\\" in text else text


def _type_name(values: set[type]) -> str:
    """The GraphML/GEXF type of an attribute from the Python types of its values."""
    if values <= {bool}:
        return "boolean"
    if values <= {int}:
        return "long"
    if values <= {int, float}:
        return "double"
    return "string"


def _value_text(value) -> str | None:
    """A value as GraphML/GEXF text (booleans as XML writes them); None for a number that is not finite."""
    if type(value) is str:
        return xml_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return xml_text(value)


def _node_view(key: str, attrs: dict) -> tuple[str, str, dict]:
    """(display label, kind, other attributes) of a node row of :func:`knowledge_nodes`."""
    kind = str(attrs.get("label") or "")
    rest = {k: v for k, v in attrs.items() if k not in ("label", "name")}
    return str(attrs.get("name") or key), kind, rest


class _Keys:
    """Attribute declarations collected while the body is written: one per (scope, name), typed at the end."""

    def __init__(self):
        self.ids: dict[tuple[str, str], str] = {}
        self.types: dict[tuple[str, str], set[type]] = {}

    def of(self, scope: str, name: str, value) -> str:
        key = (scope, name)
        kid = self.ids.get(key)
        if kid is None:
            kid = self.ids[key] = f"d{len(self.ids)}"
            self.types[key] = set()
        self.types[key].add(type(value))
        return kid

    def declared(self):
        """``(scope, name, id, type)`` in first-seen order."""
        return [(scope, name, kid, _type_name(self.types[scope, name])) for (scope, name), kid in self.ids.items()]


def _write_xml(path: Path, head, body_rows, tail: str, total: int | None) -> Path:
    """Write ``body_rows`` (strings) to a temporary file beside ``path``, then ``head()`` (which may
    depend on what the body saw), the body and ``tail`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as body, _bar(path.name, total) as bar:
        for row in body_rows:
            body.write(row)
            bar.update()
        body.seek(0)
        with path.open("w", encoding="utf-8") as f:
            f.write(head())
            shutil.copyfileobj(body, f, 1 << 20)
            f.write(tail)
    return path


def stream_graphml(nodes, edges, path, *, total: int | None = None) -> Path:
    """GraphML of ``nodes`` and ``edges`` (:func:`knowledge_nodes`, :func:`knowledge_edges`).

    Nodes: ``label`` = display name (what Gephi and yEd show), ``kind``, ``labels`` = ``:Paper``
    (also as the node's XML attribute, as Neo4j's APOC export writes it), then every attribute.
    Edges: unique ids ``e0``, ``e1``, ...; the XML attribute ``label`` = the edge key (Gephi's edge
    kind, APOC's relationship type); data ``type`` (relation), ``weight``, then every attribute.
    The ``<key>`` declarations head the file but are known only once every value is seen, so the
    body goes to a temporary file first.
    """
    path, keys = Path(path), _Keys()

    def data(scope: str, attrs: dict) -> str:
        out = []
        for name, value in attrs.items():
            text = _value_text(value)
            if text is not None:
                kid = keys.of(scope, name, value)
                out.append(f'      <data key="{kid}">{_escape(text, _XML_TEXT)}</data>\n')
        return "".join(out)

    def rows():
        for key, attrs in nodes:
            label, kind, rest = _node_view(key, attrs)
            kind_text = _attr(kind)
            inner = data("node", {"label": label, "kind": kind, "labels": f":{kind}", **rest})
            yield (f'    <node id="{_attr(key)}" labels=":{kind_text}">\n'
                   f"{inner}    </node>\n")
        for n, (u, v, key, attrs) in enumerate(edges):
            yield (f'    <edge id="e{n}" source="{_attr(u)}" '
                   f'target="{_attr(v)}" label="{_attr(key)}">\n'
                   f"{data('edge', attrs)}    </edge>\n")

    def head() -> str:
        declared = "".join(f'  <key id="{kid}" for="{scope}" attr.name="{_attr(name)}" '
                           f'attr.type="{kind}" />\n' for scope, name, kid, kind in keys.declared())
        return ("<?xml version='1.0' encoding='utf-8'?>\n"
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
                f'{declared}  <graph id="G" edgedefault="directed">\n')

    return _write_xml(path, head, rows(), "  </graph>\n</graphml>\n", total)


def stream_gexf(nodes, edges, path, *, total: int | None = None) -> Path:
    """GEXF 1.2 of ``nodes`` and ``edges`` (:func:`knowledge_nodes`, :func:`knowledge_edges`), as Gephi reads it.

    Nodes: ``label`` = display name, attributes ``kind`` and every other attribute.  Edges: unique
    ids, ``weight``, ``kind`` = the edge key (Gephi's edge kind: parallel edges of two relations
    stay two edges), attributes ``type`` (relation) and every other attribute.
    """
    path, keys = Path(path), _Keys()

    def values(scope: str, attrs: dict) -> str:
        out = []
        for name, value in attrs.items():
            text = _value_text(value)
            if text is not None:
                keys.of(scope, name, value)
                out.append(f'<attvalue for="{_attr(name)}" '
                           f'value="{_escape(text, _XML_ATTR)}" />')
        return f"        <attvalues>{''.join(out)}</attvalues>\n" if out else ""

    def rows():
        yield "    <nodes>\n"
        for key, attrs in nodes:
            label, kind, rest = _node_view(key, attrs)
            yield (f'      <node id="{_attr(key)}" label="{_attr(label)}">\n'
                   f'{values("node", {"kind": kind, **rest})}      </node>\n')
        yield "    </nodes>\n    <edges>\n"
        for n, (u, v, key, attrs) in enumerate(edges):
            weight = _value_text(float(attrs.get("weight", 1.0)))
            rest = {k: x for k, x in attrs.items() if k != "weight"}
            yield (f'      <edge id="e{n}" source="{_attr(u)}" '
                   f'target="{_attr(v)}" kind="{_attr(key)}"'
                   + (f' weight="{weight}"' if weight is not None else "")
                   + f'>\n{values("edge", rest)}      </edge>\n')
        yield "    </edges>\n"

    def head() -> str:
        declared = {"node": [], "edge": []}
        for scope, name, _, kind in keys.declared():
            attr = _attr(name)
            declared[scope].append(f'      <attribute id="{attr}" title="{attr}" type="{kind}" />\n')
        blocks = "".join(f'    <attributes class="{scope}" mode="static">\n{"".join(lines)}    </attributes>\n'
                         for scope, lines in declared.items() if lines)
        return ("<?xml version='1.0' encoding='utf-8'?>\n"
                '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
                'version="1.2">\n'
                '  <meta>\n    <creator>Phenomena Atlas</creator>\n  </meta>\n'
                f'  <graph defaultedgetype="directed" mode="static">\n{blocks}')

    return _write_xml(path, head, rows(), "  </graph>\n</gexf>\n", total)


def _csv_cell(column: str, value) -> str | int | float:
    """A CSV cell: numbers as they are, identifiers with their scheme (:data:`CSV_ID_SCHEMES`), other
    text via :func:`csv_text`."""
    if value is None or value == "":
        return ""
    if isinstance(value, (bool, int, float)) and column not in CSV_ID_SCHEMES:
        return value if not isinstance(value, float) or math.isfinite(value) else ""
    text = csv_text(value)
    scheme = CSV_ID_SCHEMES.get(column)
    return f"{scheme}{text}" if scheme and not text.startswith(scheme) else text


# Edge attributes named like a column Gephi's spreadsheet importer reads specially (any case): renamed.
_GEPHI_EDGE_COLUMNS = {"source", "target", "type", "kind", "id", "label", "weight"}


def stream_csv(node_rows, edge_rows, out_dir, *, prefix: str = "", total: int | None = None,
               edge_names: set[str] | None = None) -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` in Gephi's spreadsheet convention.

    Nodes: ``Id``, ``Label`` (display name), ``kind``, then every attribute, sorted.  Edges:
    ``Source``, ``Target``, ``Type`` (``Directed``), ``Kind`` (the edge key: Gephi keeps parallel
    edges of different kinds), ``relation`` (the relation, a column to filter on), ``Weight``,
    then every attribute, sorted (one named like a Gephi column, e.g. BROADER's ``kind``, as
    ``relation_kind``).  Identifiers stay text (:func:`_csv_cell`).

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
    node_cols = sorted(node_keys - {"label", "name"})
    edge_cols = sorted(edge_keys - {"type", "weight"})
    edge_heads = [f"relation_{c}" if c.lower() in _GEPHI_EDGE_COLUMNS else c for c in edge_cols]
    nodes_path, edges_path = out_dir / f"{prefix}nodes.csv", out_dir / f"{prefix}edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Label", "kind", *node_cols])
        for v, d in node_rows():
            label, kind, rest = _node_view(v, d)
            w.writerow([csv_text(v), csv_text(label), kind, *(_csv_cell(c, rest.get(c)) for c in node_cols)])
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Source", "Target", "Type", "Kind", "relation", "Weight", *edge_heads])
        for u, v, key, d in edge_rows():
            w.writerow([csv_text(u), csv_text(v), "Directed", csv_text(key), csv_text(d.get("type", "")),
                        _csv_cell("weight", d.get("weight", 1.0)), *(_csv_cell(c, d.get(c)) for c in edge_cols)])
    return [nodes_path, edges_path]
