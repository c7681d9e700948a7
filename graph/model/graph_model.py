"""The one in-memory graph: every node kind and edge kind of a build, read from a store once.

The app, the CLI, the exports and the analytics all read the graph through a
:class:`GraphModel`.  Nodes keep their typed records (:mod:`graph.model.records`);
edges are compact: per edge kind, two ``int32`` arrays of node indexes plus one
list per edge property, so 500k papers with millions of edges stay small.
Views are derived from it on demand and cached on the model: the citation
graph for the analytics (:meth:`GraphModel.citation_graph`), the knowledge
graph for exports and drawings (:meth:`GraphModel.knowledge_graph`).

:func:`graph.model.read.load_graph_model` reads a store (one query per node label and edge
type, portable Cypher) and caches the result under the build's key, so a
page rerun or a second command on an unchanged graph does not read it again.

>>> from graph.model.records import GraphRecords, Paper, Phenomenon, About, Cites
>>> r = GraphRecords(papers={k: Paper(id=k, title=k.upper(), year=2020) for k in "ab"},
...                  phenomena={"f": Phenomenon("f", "F")})
>>> r.add_edge(About("a", "f")); r.add_edge(Cites("b", "a"))
>>> m = GraphModel.from_records(r)
>>> m.about, m.cites, m.label("f"), m.name("f"), len(m.edges["ABOUT"])
({'a': ['f']}, [('b', 'a')], 'Phenomenon', 'F', 1)
>>> sorted(m.citation_graph().nodes["a"]["phenomena"])
['f']
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from functools import cached_property
from typing import Any, Iterator

import numpy as np

from graph.model import records as rec
from graph.model import schema
from graph.model.records import GraphRecords

__all__ = ["GraphModel", "Edges", "NODE_KINDS", "EDGE_KINDS", "PAPER_ATTRIBUTES", "DEFAULT_CONFIDENCE",
           "ALL_CONFIDENCE", "key_positions", "string_array"]

NODE_KINDS = ("Paper", "Phenomenon", "Keyword", "Author", "Venue")
EDGE_KINDS = ("ABOUT", "HAS_KEYWORD", "WROTE", "CITES", "RELATED_TO", "PUBLISHED_IN", "BROADER")
# Tag confidences the views count unless asked for all (see loaders.tagging).
DEFAULT_CONFIDENCE = ("strong", "medium")
ALL_CONFIDENCE = ("strong", "medium", "weak")
_BUCKET = {"Paper": "papers", "Phenomenon": "phenomena", "Keyword": "keywords", "Author": "authors",
           "Venue": "venues"}
# Paper attributes carried onto citation-graph nodes (lists stay lists; exporters flatten them).
PAPER_ATTRIBUTES = (
    "title", "year", "in_catalog", "in_library", "keywords", "abstract", "venue", "arxiv_id", "doi", "s2_id", "url",
    "citation_count", "section", "digest",
)


@dataclass
class Edges:
    """One edge kind: ``source[i] -> target[i]`` (node indexes) with property columns ``props[name][i]``."""

    source: np.ndarray
    target: np.ndarray
    props: dict[str, list]

    def __len__(self) -> int:
        return len(self.source)


class GraphModel:
    """Every node (typed records, by kind) and every edge (index arrays, by kind) of one graph.

    ``ids[i]`` is node ``i``'s key and ``kinds[i]`` its kind (an index into
    :data:`NODE_KINDS`); ``index`` maps keys back.  ``version`` is the key the
    model was cached under (None when built from records).
    """

    def __init__(self, nodes: dict[str, dict[str, Any]], edges: dict[str, tuple[list[str], list[str], dict]],
                 version: str | None = None):
        self.papers: dict[str, rec.Paper] = nodes.get("Paper", {})
        self.phenomena: dict[str, rec.Phenomenon] = nodes.get("Phenomenon", {})
        self.keywords: dict[str, rec.Keyword] = nodes.get("Keyword", {})
        self.authors: dict[str, rec.Author] = nodes.get("Author", {})
        self.venues: dict[str, rec.Venue] = nodes.get("Venue", {})
        self.version = version
        self.ids: list[str] = []
        kinds: list[int] = []
        for k, kind in enumerate(NODE_KINDS):
            bucket = self.nodes(kind)
            self.ids.extend(bucket)
            kinds.extend([k] * len(bucket))
        self.kinds = np.asarray(kinds, dtype=np.int8)
        self.index: dict[str, int] = {key: i for i, key in enumerate(self.ids)}
        self.edges: dict[str, Edges] = {}
        starts = dict(zip(NODE_KINDS, np.cumsum([0] + [len(self.nodes(k)) for k in NODE_KINDS]).tolist()))
        keys: dict[str, Any] = {}  # kind -> its keys as an Arrow array
        for rel in EDGE_KINDS:
            sources, targets, props = edges.get(rel, ([], [], {}))
            if isinstance(sources, np.ndarray):  # rows within each end's kind (GraphStore.read_edge_positions)
                ends = schema.REL_TYPES[rel][:2]
                source = sources.astype(np.int32) + np.int32(starts[ends[0]])
                target = targets.astype(np.int32) + np.int32(starts[ends[1]])
            elif hasattr(sources, "to_numpy"):  # Arrow key columns (a store read): indexed in C, within their kind
                ends = schema.REL_TYPES[rel][:2]
                for kind in ends:
                    if kind not in keys:
                        bucket = self.nodes(kind)  # NodeColumns (a store read) already hold their keys in Arrow
                        keys[kind] = bucket.key_array() if hasattr(bucket, "key_array") \
                            else string_array(self.ids[starts[kind]:starts[kind] + len(bucket)])
                source = key_positions(sources, keys[ends[0]]) + np.int32(starts[ends[0]])
                target = key_positions(targets, keys[ends[1]]) + np.int32(starts[ends[1]])
            else:
                source = np.fromiter((self.index[s] for s in sources), np.int32, len(sources))
                target = np.fromiter((self.index[t] for t in targets), np.int32, len(targets))
            self.edges[rel] = Edges(source, target, props if getattr(props, "lazy", False)
                                    else {name: list(col) for name, col in props.items()})

    # -- building --------------------------------------------------------

    @classmethod
    def from_records(cls, records: GraphRecords, version: str | None = None) -> "GraphModel":
        """The model of ``records``; an edge end that is no node becomes a bare node of its kind (key as name)."""
        nodes = {kind: dict(getattr(records, _BUCKET[kind])) for kind in NODE_KINDS}
        edges = {}
        for rel, items in records.edges().items():
            if rel not in EDGE_KINDS:  # list membership (LISTED_IN) stays in the store, not in the model
                continue
            start, end, props = schema.REL_TYPES[rel]
            for label, key in ((start, "source"), (end, "target")):
                for item in items:
                    ref = getattr(item, key)
                    if ref not in nodes[label]:
                        nodes[label][ref] = _bare(label, ref)
            edges[rel] = ([e.source for e in items], [e.target for e in items],
                          {p: [getattr(e, p) for e in items] for p in props})
        return cls(nodes, edges, version)

    @classmethod
    def of(cls, papers: list[rec.Paper], phenomena: dict[str, str] | None = None,
           about: dict[str, list[str]] | None = None, cites: list[tuple[str, str]] | None = None) -> "GraphModel":
        """A small model from papers, ``{phenomenon: name}``, ``{paper: [phenomena]}`` and citation pairs.

        >>> m = GraphModel.of([rec.Paper("a", "A"), rec.Paper("b", "B")], {"f": "F"}, {"a": ["f"]}, [("a", "b")])
        >>> m.phenomenon_names, m.cites
        ({'f': 'F'}, [('a', 'b')])
        """
        r = GraphRecords(papers={p.id: p for p in papers},
                         phenomena={k: rec.Phenomenon(k, name) for k, name in (phenomena or {}).items()})
        for pid, phens in (about or {}).items():
            for f in phens:
                r.add_edge(rec.About(pid, f))
        for a, b in cites or ():
            r.add_edge(rec.Cites(a, b))
        return cls.from_records(r)

    def to_records(self) -> GraphRecords:
        """The model as :class:`GraphRecords` (one record per edge; for writers and round trips)."""
        out = GraphRecords(**{_BUCKET[kind]: dict(self.nodes(kind)) for kind in NODE_KINDS})
        for rel in EDGE_KINDS:
            record_type = rec.EDGE_TYPES[rel]
            for source, target, props in self.edge_rows(rel):
                out.add_edge(record_type(source, target, **_clean(record_type, props)))
        return out

    # -- reading ---------------------------------------------------------

    def nodes(self, kind: str) -> dict[str, Any]:
        """``{key: record}`` of one node kind (Paper, Phenomenon, Keyword, Author, Venue)."""
        return getattr(self, _BUCKET[kind])

    def label(self, key: str) -> str:
        """The node kind of ``key``."""
        return NODE_KINDS[self.kinds[self.index[key]]]

    def name(self, key: str) -> str:
        """A display name: a paper's title, another node's name."""
        item = self.nodes(self.label(key))[key]
        return (item.title if isinstance(item, rec.Paper) else item.name) or key

    def edge_pairs(self, rel: str) -> Iterator[tuple[str, str]]:
        """``(source key, target key)`` of every ``rel`` edge."""
        ids, e = self.ids, self.edges[rel]
        return ((ids[s], ids[t]) for s, t in zip(e.source.tolist(), e.target.tolist()))

    def edge_rows(self, rel: str) -> Iterator[tuple[str, str, dict]]:
        """``(source, target, {property: value})`` of every ``rel`` edge."""
        props = self.edges[rel].props
        for i, (s, t) in enumerate(self.edge_pairs(rel)):
            yield s, t, {name: col[i] for name, col in props.items()}

    def counts(self) -> dict[str, int]:
        out = {kind: len(self.nodes(kind)) for kind in NODE_KINDS}
        out.update({rel: len(e) for rel, e in self.edges.items()})
        return out

    @cached_property
    def phenomenon_names(self) -> dict[str, str]:
        """``{phenomenon key: name}``."""
        return {k: f.name or k for k, f in self.phenomena.items()}

    @cached_property
    def about_confidence(self) -> dict[str, dict[str, str]]:
        """``{paper: {phenomenon: confidence}}`` of every tag, weak ones too (older graphs: medium)."""
        confidences = self.edges["ABOUT"].props.get("confidence") or ["medium"] * len(self.edges["ABOUT"])
        out: dict[str, dict[str, str]] = {}
        for (paper, phen), conf in sorted(zip(self.edge_pairs("ABOUT"), confidences)):
            out.setdefault(paper, {})[phen] = conf or "medium"
        return out

    def about_with(self, confidence=DEFAULT_CONFIDENCE) -> dict[str, list[str]]:
        """``{paper: [phenomenon keys, sorted]}`` counting tags of the given confidences."""
        out = {p: [f for f, c in tags.items() if c in confidence] for p, tags in self.about_confidence.items()}
        return {p: phens for p, phens in out.items() if phens}

    @cached_property
    def about(self) -> dict[str, list[str]]:
        """``{paper: [phenomenon keys, sorted]}`` for papers about at least one: strong and medium
        tags (weak ones, e.g. a catalog section alone, are in :attr:`about_confidence`)."""
        return self.about_with(DEFAULT_CONFIDENCE)

    @cached_property
    def cites(self) -> list[tuple[str, str]]:
        """Citation pairs ``(citing, cited)`` without self-citations."""
        return [(a, b) for a, b in self.edge_pairs("CITES") if a != b]

    @cached_property
    def degrees(self) -> dict[str, int]:
        """Each paper's citation links (citing plus cited, self-citations left out)."""
        out = dict.fromkeys(self.papers, 0)
        for a, b in self.cites:
            out[a] += 1
            out[b] += 1
        return out

    @cached_property
    def phenomenon_sizes(self) -> dict[str, int]:
        """``{phenomenon: papers about it}`` (0 for a phenomenon without papers)."""
        sizes = dict.fromkeys(self.phenomena, 0)
        for phens in self.about.values():
            for f in phens:
                sizes[f] += 1
        return sizes

    @cached_property
    def paper_keywords(self) -> dict[str, list[str]]:
        """Each paper's keywords: its own as written, then its Keyword nodes' names not already there."""
        if hasattr(self.papers, "column"):  # columns (the analytics projection): no record per paper
            out = {k: list(kws) for k, kws in zip(self.papers, self.papers.column("keywords"))}
        else:
            out = {k: list(p.keywords) for k, p in self.papers.items()}
        e, ids = self.edges["HAS_KEYWORD"], self.ids
        if not len(e):
            return out
        # Array work per link, Python work per keyword node and per paper (not per link): each link's
        # keyword as a case-folded name number, links ordered by paper then keyword key, the first link of
        # each (paper, name) kept, and those whose name the paper already carries dropped.
        nodes = sorted(set(e.target.tolist()), key=ids.__getitem__)  # keyword nodes in key order
        names = [self.keywords[ids[kw]].name or ids[kw] for kw in nodes]
        folded: dict[str, int] = {}
        fold = np.zeros(len(ids), dtype=np.int64)  # keyword node -> its case-folded name's number
        rank = np.zeros(len(ids), dtype=np.int64)
        fold[nodes] = [folded.setdefault(name.casefold(), len(folded)) for name in names]
        rank[nodes] = np.arange(len(nodes))
        order = np.lexsort((rank[e.target], e.source))  # by paper, then keyword key
        paper, kw = e.source[order].astype(np.int64), e.target[order]
        pair = paper * len(folded) + fold[kw]
        _, first = np.unique(pair, return_index=True)
        first.sort()  # the first link of each (paper, name), in link order
        # papers come first in the node order, so a paper's position is its row in ``out``
        own = [i * len(folded) + folded[k.casefold()] for i, kws in enumerate(out.values())
               for k in kws if k.casefold() in folded]
        kept = first[~np.isin(pair[first], np.asarray(own, dtype=np.int64))]
        if not len(kept):
            return out
        label = [names[i] for i in rank[kw[kept]].tolist()]
        ends = (np.flatnonzero(np.diff(paper[kept])) + 1).tolist()
        starts = [0, *ends]
        for p, lo, hi in zip(paper[kept][starts].tolist(), starts, [*ends, len(kept)]):
            out[ids[p]].extend(label[lo:hi])
        return out

    @cached_property
    def paper_authors(self) -> dict[str, list[str]]:
        """Each paper's author keys in author order (papers without authors left out)."""
        positions = self.edges["WROTE"].props.get("position") or [0] * len(self.edges["WROTE"])
        rows = sorted((t, pos or 0, s) for (s, t), pos in zip(self.edge_pairs("WROTE"), positions))
        out: dict[str, list[str]] = {}
        for paper, _, author in rows:
            out.setdefault(paper, []).append(author)
        return out

    def citation_graph(self, confidence=DEFAULT_CONFIDENCE):
        """The directed citation graph (``u -> v``: ``u`` cites ``v``) as NetworkX, built once per ``confidence``.

        Nodes are every paper with the attributes of :data:`PAPER_ATTRIBUTES`, plus
        ``phenomena`` (sorted keys from ABOUT edges of the given confidences: strong and
        medium by default), ``phenomenon_confidence`` (every tag), ``phenomenon_names``,
        ``authors`` (names in author order), ``keywords`` (:attr:`paper_keywords`) and
        ``related`` (papers joined by RELATED_TO, either way).  The graph attribute
        ``phenomenon_links`` lists the BROADER links ``(narrower, broader, kind)``.
        Callers must not modify it (copy first).
        """
        key = tuple(sorted(confidence))
        if key not in self._citation_graphs:
            self._citation_graphs[key] = self._build_citation_graph(confidence)
        return self._citation_graphs[key]

    @cached_property
    def _citation_graphs(self) -> dict:
        return {}

    def _build_citation_graph(self, confidence):
        import networkx as nx

        links = sorted((s, t, props.get("kind") or "narrower") for s, t, props in self.edge_rows("BROADER"))
        G = nx.DiGraph(phenomenon_links=links)
        about = self.about_with(confidence)
        kws, authors, tags = self.paper_keywords, self.paper_authors, self.about_confidence
        names = self.phenomenon_names
        related: dict[str, list[str]] = {}
        for a, b in sorted(self.edge_pairs("RELATED_TO")):
            if a != b and a in self.papers and b in self.papers:
                related.setdefault(a, []).append(b)
                related.setdefault(b, []).append(a)
        G.add_nodes_from((key, {**{a: getattr(p, a) for a in PAPER_ATTRIBUTES}, "keywords": kws[key],
                                "phenomena": list(about.get(key, ())),
                                "phenomenon_confidence": dict(tags.get(key, {})),
                                "phenomenon_names": [names[f] for f in about.get(key, ())],
                                "authors": [self.authors[a].name for a in authors.get(key, ())],
                                "related": related.get(key, [])})
                         for key, p in self.papers.items())
        G.add_edges_from(self.cites)
        return G

    def knowledge_graph(self):
        """Every node and edge kind in one NetworkX ``MultiDiGraph``, built once; callers must not modify it.

        Node attribute ``label`` is the kind (Paper, Keyword, …) and ``name`` the display
        name; edge keys and attribute ``type`` are the edge kind (CITES, ABOUT, …), with
        the edge's properties and a ``weight`` (RELATED_TO: its score, else 1).
        """
        return self._knowledge_graph

    @cached_property
    def _knowledge_graph(self):
        import networkx as nx

        K = nx.MultiDiGraph()
        for kind in NODE_KINDS:
            for key, item in self.nodes(kind).items():
                K.add_node(key, **{"name": self.name(key), **{k: v for k, v in rec.to_row(item).items()
                                                              if k != "id"}, "label": kind})
        for rel in EDGE_KINDS:
            for s, t, props in self.edge_rows(rel):
                weight = props.get("score") if rel == "RELATED_TO" and props.get("score") is not None else 1.0
                K.add_edge(s, t, key=rel, type=rel, weight=float(weight), **props)
        return K


def key_positions(column, keys) -> np.ndarray:
    """Each key's index in ``keys`` (Arrow arrays); a key that is no node raises, as the dict lookup does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):  # not combine_chunks(): it imports pandas (~1 s of a cold first page)
        column = pa.concat_arrays(column.chunks) if column.num_chunks else string_array([])
    found = pc.index_in(column.cast(pa.string()), value_set=keys)
    if found.null_count:
        raise KeyError(column.filter(pc.is_null(found))[0].as_py())
    # The values buffer read directly: Array.to_numpy imports pandas (~1 s of a cold app's first page).
    return np.frombuffer(found.buffers()[1], dtype=np.int32, count=len(found), offset=found.offset * 4).copy()


def string_array(keys: list[str]):
    """``keys`` as an Arrow string array, built from its buffers: ``pa.array`` of a list imports pandas
    (to ask whether the list is a pandas object), ~1 s of a cold app's first page.

    >>> string_array(["a", "bé", ""]).to_pylist()
    ['a', 'bé', '']
    """
    import pyarrow as pa

    encoded = [key.encode() for key in keys]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return pa.LargeStringArray.from_buffers(len(encoded), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))).cast(
        pa.string())


def _bare(label: str, key: str):
    return rec.Paper(id=key, title=key) if label == "Paper" else rec.NODE_TYPES[label](key, key)


def _clean(record_type, row: dict) -> dict:
    """Store values back to record field types: nulls -> the field default, lists -> tuples where declared."""
    out = {}
    declared = {f.name: f for f in fields(record_type)}
    for key, value in row.items():
        f = declared[key]
        if value is None and f.default_factory is not MISSING:
            value = f.default_factory()
        elif value is None and f.default is not MISSING:
            value = f.default  # a property the store never set (e.g. an older graph)
        if isinstance(value, list) and "tuple" in str(f.type):
            value = tuple(value)
        out[key] = value
    return out
