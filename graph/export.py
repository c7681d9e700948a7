"""Exports: cluster report (Markdown, HTML, CSV, JSON), GraphML, GEXF, CSV lists, BibTeX, gaps.

Every ``export_*`` function writes files and returns their paths; the
``render_*`` functions return text.  Nothing here fetches anything: the HTML
report is self-contained (inline SVG, inline CSS).

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b")]); G.nodes["a"]["keywords"] = ["x", "y"]; G.nodes["a"]["venue"] = None
>>> flat = flatten_attributes(G)
>>> flat.nodes["a"]
{'keywords': 'x; y'}
"""
from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import networkx as nx

from graph.errors import AtlasError
from graph.gaps import render_gaps_markdown
from graph.phenomena_report import export_phenomena_report, phenomena_report  # noqa: F401 (public here too)

__all__ = [
    "FORMATS", "flatten_attributes", "annotated_graph", "select_papers", "export_graphml", "export_gexf",
    "export_csv", "render_bibtex", "export_bibtex", "render_cluster_markdown", "render_cluster_html",
    "cluster_svg", "export_cluster_report", "phenomena_report", "export_phenomena_report", "export_gaps",
    "export_all",
]

FORMATS = ("report", "phenomena", "graphml", "gexf", "csv", "bibtex", "gaps")


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def flatten_attributes(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF can hold: lists joined by "; ", None dropped."""
    H = G.__class__()
    H.add_nodes_from((v, {k: _flat(x) for k, x in d.items() if x is not None}) for v, d in G.nodes(data=True))
    H.add_edges_from((u, v, {k: _flat(x) for k, x in d.items() if x is not None}) for u, v, d in G.edges(data=True))
    return H


def annotated_graph(result) -> nx.DiGraph:
    """The analysed citation graph with the scores of ``result`` as node attributes."""
    G = result.graph.copy()
    for v, scores in result.scores.items():
        G.nodes[v].update({k: x for k, x in scores.items() if x is not None})
    return G


def select_papers(result, *, cluster: int | None = None, phenomenon: str | None = None,
                  ids: list[str] | None = None, in_catalog: bool | None = None) -> list[str]:
    """Paper keys matching every given filter, by PageRank (best first).

    ``phenomenon`` is a key or a name; ``ids`` is any list of keys, e.g. the
    ``id`` column of a query result.
    """
    G = result.graph
    chosen = set(G)
    if cluster is not None:
        if not 0 <= cluster < len(result.clusters):
            raise AtlasError(f"no cluster {cluster}: clusters are numbered 0 to {len(result.clusters) - 1}")
        chosen &= result.clusters[cluster]
    if phenomenon is not None:  # a phenomenon key or its name, any case
        want = phenomenon.casefold()
        about = {v for v in G if want in {p.casefold() for p in (G.nodes[v].get("phenomena") or ())}
                 | {n.casefold() for n in (G.nodes[v].get("phenomenon_names") or ())}}
        if not about:
            raise AtlasError(f"no papers about {phenomenon!r}: give a phenomenon key or name, e.g. grokking")
        chosen &= about
    if ids is not None:
        unknown = [i for i in ids if i not in G]
        if unknown:
            raise AtlasError(f"{len(unknown)} keys are not papers of the graph (first: {unknown[0]}): "
                             "select by `id`, e.g. arxiv:2201.02177")
        chosen &= set(ids)
    if in_catalog is not None:
        chosen = {v for v in chosen if bool(G.nodes[v].get("in_catalog")) == in_catalog}
    return sorted(chosen, key=lambda v: (-(result.scores.get(v, {}).get("pagerank") or 0.0), str(v)))


def export_graphml(G: nx.Graph, path: str | Path) -> Path:
    """GraphML (opens in Gephi, yEd, Cytoscape); list attributes become "; "-joined strings."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flatten_attributes(G), path)
    return path


def export_gexf(G: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.2 for Gephi; list attributes become "; "-joined strings."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(flatten_attributes(G), path)
    return path


def export_csv(G: nx.Graph, out_dir: str | Path, *, prefix: str = "") -> list[Path]:
    """``nodes.csv`` (``id`` + every attribute) and ``edges.csv`` (``source``, ``target`` + attributes)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    H = flatten_attributes(G)
    node_cols = sorted({k for _, d in H.nodes(data=True) for k in d})
    edge_cols = sorted({k for _, _, d in H.edges(data=True) for k in d})
    nodes_path, edges_path = out_dir / f"{prefix}nodes.csv", out_dir / f"{prefix}edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", *node_cols])
        for v, d in H.nodes(data=True):
            w.writerow([v, *(d.get(c, "") for c in node_cols)])
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", *edge_cols])
        for u, v, d in H.edges(data=True):
            w.writerow([u, v, *(d.get(c, "") for c in edge_cols)])
    return [nodes_path, edges_path]


# -- BibTeX ----------------------------------------------------------------

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in str(text))


def _cite_key(data: dict, key: str, taken: set[str]) -> str:
    authors = data.get("authors") or []
    last = re.sub(r"[^a-z]", "", (authors[0].split()[-1] if authors else "anon").lower()) or "anon"
    words = [w for w in re.findall(r"[a-z]+", (data.get("title") or str(key)).lower()) if len(w) > 3]
    base = f"{last}{data.get('year') or ''}{words[0] if words else ''}"
    cite, n = base, 0
    while cite in taken:
        n += 1
        cite = f"{base}{chr(ord('a') + n - 1) if n <= 26 else n}"
    taken.add(cite)
    return cite


def render_bibtex(G: nx.Graph, papers: list) -> str:
    """BibTeX entries for ``papers`` (keys of ``G``): ``@article`` when a venue is known, else ``@misc``.

    Keys are ``lastnameYEARword`` (a, b… on clashes); special characters are
    escaped for LaTeX; arXiv papers get ``eprint`` and ``archivePrefix``.

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> print(render_bibtex(G, ["arxiv:2201.02177"]).splitlines()[0])
    @misc{power2022grokking,
    """
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    taken: set[str] = set()
    for key in papers:
        if key not in G:
            raise AtlasError(f"paper {key!r} is not in the graph: check the key")
        data = G.nodes[key]
        fields = [Field("title", "{" + _tex(data.get("title") or str(key)) + "}")]
        if data.get("authors"):
            fields.append(Field("author", " and ".join(_tex(a) for a in data["authors"])))
        if data.get("year"):
            fields.append(Field("year", str(data["year"])))
        if data.get("venue"):
            fields.append(Field("journal", _tex(data["venue"])))
        arxiv = data.get("arxiv_id") or (key[6:] if str(key).startswith("arxiv:") else None)
        if arxiv:
            fields += [Field("eprint", arxiv), Field("archivePrefix", "arXiv")]
        doi = data.get("doi") or (key[4:] if str(key).startswith("doi:") else None)
        if doi:
            fields.append(Field("doi", _tex(doi)))
        url = data.get("url") or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
        if url:
            fields.append(Field("url", url))
        if data.get("keywords"):
            fields.append(Field("keywords", _tex(", ".join(data["keywords"]))))
        kind = "article" if data.get("venue") else "misc"
        library.add(Entry(kind, _cite_key(data, key, taken), fields))
    return bibtexparser.write_string(library)


def export_bibtex(G: nx.Graph, papers: list, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_bibtex(G, papers), encoding="utf-8")
    return path


# -- cluster report ----------------------------------------------------------

def _cluster_rows(result, min_size: int) -> list[dict]:
    G = result.graph
    rows = []
    for i, members in enumerate(result.clusters):
        if len(members) < min_size:
            continue
        years = sorted(y for y in (G.nodes[v].get("year") for v in members) if y)
        rows.append({
            "cluster": i, "label": result.label(i), "terms": result.cluster_labels.get(i, []),
            "papers": len(members), "in_catalog": sum(1 for v in members if G.nodes[v].get("in_catalog")),
            "first_year": years[0] if years else None, "last_year": years[-1] if years else None,
            "phenomena": result.cluster_phenomena.get(i, {}),
            "top_papers": [{"id": v, "title": G.nodes[v].get("title"), "year": G.nodes[v].get("year"),
                            "pagerank": result.scores[v]["pagerank"]} for v in result.cluster_top_papers[i]],
        })
    return rows


def render_cluster_markdown(result, *, min_size: int = 2) -> str:
    """The cluster report as Markdown: one section per cluster."""
    lines = ["# Topic clusters", "",
             f"{result.graph.number_of_nodes()} papers, {result.graph.number_of_edges()} citations, "
             f"{len(result.clusters)} clusters (seed {result.seed}); clusters under {min_size} papers left out.", ""]
    for row in _cluster_rows(result, min_size):
        lines.append(f"## Cluster {row['cluster']}: {row['label'] or '(no distinctive terms)'}")
        lines.append("")
        span = f", {row['first_year']}–{row['last_year']}" if row["first_year"] else ""
        lines.append(f"{row['papers']} papers ({row['in_catalog']} in the catalog){span}. "
                     f"Terms: {', '.join(row['terms']) or '–'}.")
        if row["phenomena"]:
            lines.append("Phenomena: " + ", ".join(f"{p} ({n})" for p, n in row["phenomena"].items()) + ".")
        lines.append("")
        lines.append("Top papers by PageRank:")
        lines.append("")
        for p in row["top_papers"]:
            lines.append(f"- {p['title']} ({p['year'] or 'n.d.'}) `{p['id']}`")
        lines.append("")
    return "\n".join(lines)


def cluster_svg(G: nx.DiGraph, members: set, scores: dict, *, max_nodes: int = 40, seed: int | None = 42,
                size: int = 320) -> str:
    """An inline SVG of a cluster's top ``max_nodes`` papers: size by PageRank,
    dark for catalog papers, a tooltip with each title."""
    top = sorted(members, key=lambda v: (-(scores.get(v, {}).get("pagerank") or 0.0), str(v)))[:max_nodes]
    H = G.subgraph(top)
    pos = nx.spring_layout(H, seed=seed) if len(H) > 1 else {v: (0.0, 0.0) for v in H}
    pr = {v: scores.get(v, {}).get("pagerank") or 0.0 for v in H}
    top_pr = max(pr.values(), default=0.0) or 1.0
    pad = 20

    def xy(v):
        x, y = pos[v]
        return pad + (x + 1) / 2 * (size - 2 * pad), pad + (y + 1) / 2 * (size - 2 * pad)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'viewBox="0 0 {size} {size}" role="img">',
             f'<rect width="{size}" height="{size}" fill="#fafafa" stroke="#ddd"/>']
    for u, v in H.edges():
        (x1, y1), (x2, y2) = xy(u), xy(v)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bbb"/>')
    for v in H:
        x, y = xy(v)
        r = 3 + 9 * (pr[v] / top_pr) ** 0.5
        fill = "#1f4e79" if G.nodes[v].get("in_catalog") else "#8fb3d9"
        title = html.escape(f"{G.nodes[v].get('title') or v} ({G.nodes[v].get('year') or 'n.d.'})")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"><title>{title}</title></circle>')
    parts.append("</svg>")
    return "\n".join(parts)


def render_cluster_html(result, *, min_size: int = 2, max_clusters: int = 50) -> str:
    """The cluster report as one self-contained HTML page (inline CSS and SVG, no external files)."""
    esc = html.escape
    body = [f"<h1>Topic clusters</h1><p>{result.graph.number_of_nodes()} papers, "
            f"{result.graph.number_of_edges()} citations, {len(result.clusters)} clusters (seed {result.seed}). "
            "Figures: the top papers of each cluster by PageRank; dark = in the catalog.</p>"]
    for row in _cluster_rows(result, min_size)[:max_clusters]:
        members = result.clusters[row["cluster"]]
        phen = ", ".join(f"{esc(p)} ({n})" for p, n in row["phenomena"].items()) or "–"
        items = "".join(f"<li>{esc(str(p['title']))} ({p['year'] or 'n.d.'}) <code>{esc(str(p['id']))}</code></li>"
                        for p in row["top_papers"])
        body.append(
            f'<section><h2>Cluster {row["cluster"]}: {esc(row["label"] or "(no distinctive terms)")}</h2>'
            f'<div class="row"><figure>{cluster_svg(result.graph, members, result.scores, seed=result.seed)}</figure>'
            f'<div><p>{row["papers"]} papers ({row["in_catalog"]} in the catalog). '
            f'Terms: {esc(", ".join(row["terms"]) or "–")}.</p><p>Phenomena: {phen}.</p>'
            f'<ol>{items}</ol></div></div></section>')
    style = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
             ".row{display:flex;gap:1.5rem;align-items:flex-start}figure{margin:0}"
             "section{border-top:1px solid #ddd;padding-top:.5rem}code{color:#666;font-size:.85em}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Topic clusters</title>'
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")


def export_cluster_report(result, out_dir: str | Path, *, min_size: int = 2) -> list[Path]:
    """``clusters.md``, ``clusters.html``, ``clusters.csv`` and ``clusters.json`` in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = _cluster_rows(result, min_size)
    md, page = out_dir / "clusters.md", out_dir / "clusters.html"
    md.write_text(render_cluster_markdown(result, min_size=min_size), encoding="utf-8")
    page.write_text(render_cluster_html(result, min_size=min_size), encoding="utf-8")
    table = out_dir / "clusters.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["cluster", "label", "papers", "in_catalog", "first_year", "last_year", "phenomena", "top_papers"])
        for r in rows:
            w.writerow([r["cluster"], r["label"], r["papers"], r["in_catalog"], r["first_year"] or "",
                        r["last_year"] or "", "; ".join(r["phenomena"]), "; ".join(p["id"] for p in r["top_papers"])])
    data = out_dir / "clusters.json"
    data.write_text(json.dumps({"seed": result.seed, "clusters": rows,
                                "membership": {v: s["cluster"] for v, s in result.scores.items()}},
                               indent=1, default=str), encoding="utf-8")
    return [md, page, table, data]


def export_gaps(result, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_gaps_markdown(result.graph, result.gaps), encoding="utf-8")
    return path


def export_all(result, out_dir: str | Path, formats: tuple[str, ...] | list[str] = FORMATS,
               selection: list | None = None, *, bridge_pairs=()) -> list[Path]:
    """Write the chosen ``formats`` (see :data:`FORMATS`) to ``out_dir``.

    ``selection`` (paper keys, e.g. from :func:`select_papers`) limits the
    graph exports and the BibTeX file; without it they cover every paper
    (BibTeX: the catalog papers).  ``bridge_pairs`` (phenomenon keys) head the report's bridges.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise AtlasError(f"unknown export format {unknown[0]!r}: use any of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    G = annotated_graph(result)
    if selection is not None:
        G = G.subgraph(selection).copy()
    written: list[Path] = []
    if "report" in formats:
        written += export_cluster_report(result, out_dir)
    if "phenomena" in formats:
        written += export_phenomena_report(result, out_dir, chosen_pairs=bridge_pairs)
    if "graphml" in formats:
        written.append(export_graphml(G, out_dir / "citations.graphml"))
    if "gexf" in formats:
        written.append(export_gexf(G, out_dir / "citations.gexf"))
    if "csv" in formats:
        written += export_csv(G, out_dir)
    if "bibtex" in formats:
        papers = list(selection) if selection is not None else select_papers(result, in_catalog=True)
        written.append(export_bibtex(G, papers, out_dir / "papers.bib"))
    if "gaps" in formats:
        written.append(export_gaps(result, out_dir / "gaps.md"))
    return written
