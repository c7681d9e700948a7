"""The cluster report: Markdown, one self-contained HTML page, CSV and JSON.

Every paper is a link (arXiv, else DOI, else Semantic Scholar, else the
written url: :func:`graph.model.identity.paper_links`).  Each cluster gets its own
drawing: its top papers and the links between them, citations where there are
any and otherwise the strongest similarity links of the cluster graph
(co-citation, coupling, shared keywords and phenomena), so an offline graph is
drawn by what made the cluster.  The page loads nothing from elsewhere.

Titles, terms and labels are data (a catalog README anyone can edit, imports): they are
escaped for Markdown and HTML (:mod:`graph.safe_text`), links come only from identifiers and
plain http(s) urls, and the HTML page carries a Content-Security-Policy that lets nothing
load and no script run.

>>> from graph.model.records import GraphRecords, Paper, Cites
>>> from graph.analytics.analyze import compute_analytics
>>> r = GraphRecords(papers={k: Paper(id=k, title=k, arxiv_id=k[6:], in_catalog=True)
...                          for k in ("arxiv:2201.02177", "arxiv:1912.02292")})
>>> r.add_edge(Cites("arxiv:2201.02177", "arxiv:1912.02292"))
>>> "https://arxiv.org/abs/1912.02292" in render_cluster_markdown(compute_analytics(r, seed=1))
True
"""
from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import networkx as nx

from graph.analytics.cluster_quality import normalized_mutual_information, section_recovery
from graph.analytics.clusters import build_cluster_graph
from graph.model.identity import paper_links
from graph.safe_text import csp_meta, html_link, html_text, md_code, md_link, md_text

__all__ = ["cluster_rows", "section_summary",
           "render_cluster_markdown", "cluster_drawing", "cluster_svg", "render_cluster_html",
           "export_cluster_report"]


# Catalog sections that name no phenomenon: left out of the "phenomenon sections" NMI.
GENERAL_SECTIONS = ("Empirical Study", "Others")


def section_summary(result) -> dict:
    """How the clusters recover the catalog's sections: NMI over every sectioned paper, NMI over the
    papers of phenomenon sections, and per cluster its best section (:func:`section_recovery`)."""
    G = result.graph
    sections = {v: G.nodes[v].get("section") for v in G}
    membership = {v: i for i, c in enumerate(result.clusters) for v in c}
    phenomenal = {v: s for v, s in sections.items() if s and s not in GENERAL_SECTIONS}
    return {"nmi": round(normalized_mutual_information(membership, sections), 3),
            "nmi_phenomenon_sections": round(normalized_mutual_information(membership, phenomenal), 3),
            "clusters": {r["cluster"]: r for r in section_recovery(result.clusters, sections)}}


def cluster_rows(result, min_size: int = 2) -> list[dict]:
    """One row per cluster of at least ``min_size`` papers: label, counts, years, phenomena, the
    catalog section it recovers (``section``, ``section_share``, ``section_recall``), top papers."""
    G = result.graph
    recovered = section_summary(result)["clusters"]
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
            "section": recovered[i]["section"], "section_share": recovered[i]["share"],
            "section_recall": recovered[i]["recall"],
            "top_papers": [{"id": v, "title": G.nodes[v].get("title"), "year": G.nodes[v].get("year"),
                            "link": paper_links(G.nodes[v], v).get("link"),
                            "pagerank": result.scores[v]["pagerank"]} for v in result.cluster_top_papers[i]],
        })
    return rows


def render_cluster_markdown(result, *, min_size: int = 2) -> str:
    """The cluster report as Markdown: one section per cluster, each paper a link."""
    quality = section_summary(result)
    lines = ["# Topic clusters", "",
             f"{result.graph.number_of_nodes()} papers, {result.graph.number_of_edges()} citations, "
             f"{len(result.clusters)} clusters (seed {result.seed}); clusters under {min_size} papers left out.",
             "", f"Against the catalog's sections: NMI {quality['nmi']:.3f} over every listed paper, "
             f"{quality['nmi_phenomenon_sections']:.3f} over the phenomenon sections "
             f"(all but {' and '.join(GENERAL_SECTIONS)}).", ""]
    for row in cluster_rows(result, min_size):
        lines.append(f"## Cluster {row['cluster']}: {md_text(row['label']) or '(no distinctive terms)'}")
        lines.append("")
        span = f", {row['first_year']}–{row['last_year']}" if row["first_year"] else ""
        lines.append(f"{row['papers']} papers ({row['in_catalog']} in the catalog){span}. "
                     f"Terms: {md_text(', '.join(row['terms'])) or '–'}.")
        if row["phenomena"]:
            lines.append("Phenomena: " + ", ".join(f"{md_text(p)} ({n})" for p, n in row["phenomena"].items()) + ".")
        if row["section"]:
            lines.append(f"Recovers the catalog section {md_text(row['section'])}: {row['section_share']:.0%} of its "
                         f"listed papers come from it, and {row['section_recall']:.0%} of that section's papers are here.")
        lines.append("")
        lines.append(f"Top papers by {md_text(result.top_measure)}:")
        lines.append("")
        for p in row["top_papers"]:
            lines.append(f"- {md_link(p['title'], p['link'])} ({p['year'] or 'n.d.'}) {md_code(p['id'])}")
        lines.append("")
    return "\n".join(lines)


def cluster_drawing(G: nx.DiGraph, members: set, scores: dict, *, links: nx.Graph | None = None,
                    max_nodes: int = 40, per_node: int = 3) -> tuple[list, list[tuple]]:
    """The papers and links to draw for one cluster: (nodes, [(u, v, kind)]).

    Nodes are the cluster's top ``max_nodes`` papers by PageRank; links are the
    citations among them (kind ``"cites"``), and, for papers without one, their
    ``per_node`` strongest links in ``links`` (the weighted cluster graph; kind
    ``"similar"``).

    >>> G = nx.DiGraph([("a", "b")]); G.add_node("c")
    >>> L = nx.Graph(); L.add_edge("c", "a", weight=2.0)
    >>> cluster_drawing(G, {"a", "b", "c"}, {}, links=L)
    (['a', 'b', 'c'], [('a', 'b', 'cites'), ('c', 'a', 'similar')])
    """
    top = sorted(members, key=lambda v: (-(scores.get(v, {}).get("pagerank") or 0.0), str(v)))[:max_nodes]
    chosen = set(top)
    edges = sorted((u, v, "cites") for u, v in G.subgraph(top).edges())
    cited = {x for u, v, _ in edges for x in (u, v)}
    if links is not None:
        seen = {frozenset((u, v)) for u, v, _ in edges}
        for u in top:
            if u in cited or u not in links:
                continue
            near = sorted(((d.get("weight", 1.0), str(v), v) for v, d in links[u].items() if v in chosen and v != u),
                          key=lambda t: (-t[0], t[1]))[:per_node]
            for _, _, v in near:
                if frozenset((u, v)) not in seen:
                    seen.add(frozenset((u, v)))
                    edges.append((u, v, "similar"))
    return top, edges


def _layout(H: nx.Graph, seed: int | None) -> dict:
    linked = [v for v in H if H.degree(v)]
    lonely = sorted((v for v in H if not H.degree(v)), key=str)
    pos = {}
    if len(linked) > 1:
        inner = nx.kamada_kawai_layout(H.subgraph(linked), pos=nx.circular_layout(sorted(linked, key=str)))
        pos.update({v: (0.75 * x, 0.75 * y) for v, (x, y) in inner.items()})
    elif linked:
        pos[linked[0]] = (0.0, 0.0)
    ring = nx.circular_layout(lonely) if len(lonely) > 1 else {v: (0.0, -1.0) for v in lonely}
    pos.update({v: (float(x), float(y)) for v, (x, y) in ring.items()})
    return pos


def cluster_svg(G: nx.DiGraph, members: set, scores: dict, *, links: nx.Graph | None = None, max_nodes: int = 40,
                seed: int | None = 42, size: int = 320, marker_id: str = "arrow") -> str:
    """An inline SVG of one cluster (:func:`cluster_drawing`): size by PageRank, dark for catalog
    papers, solid arrows for citations, dashed lines for similarity; each node links to the paper.

    ``marker_id`` names the arrow head; ids are page-wide, so every SVG of a page needs its own."""
    nodes, edges = cluster_drawing(G, members, scores, links=links, max_nodes=max_nodes)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from((u, v) for u, v, _ in edges)
    # Kamada-Kawai keeps linked papers apart by their path length (a spring layout clumps the
    # similarity cliques of an offline graph); papers without links sit on a ring around them.
    pos = _layout(H, seed)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    pr = {v: scores.get(v, {}).get("pagerank") or 0.0 for v in H}
    if len(set(pr.values())) <= 1:  # PageRank says nothing without citations: size by links drawn
        pr = {v: float(H.degree(v)) for v in H}
    top_pr = max(pr.values(), default=0.0) or 1.0
    pad = 20

    def xy(v):
        x, y = pos[v]
        return (pad + (x - min(xs)) / span_x * (size - 2 * pad) if len(xs) > 1 else size / 2,
                pad + (y - min(ys)) / span_y * (size - 2 * pad) if len(ys) > 1 else size / 2)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'viewBox="0 0 {size} {size}" role="img">',
             f'<defs><marker id="{html.escape(marker_id)}" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
             '<path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker></defs>',
             f'<rect width="{size}" height="{size}" fill="#fafafa" stroke="#ddd"/>']
    radius = {v: 3 + 6 * (pr[v] / top_pr) ** 0.5 for v in nodes}
    for u, v, kind in edges:
        (x1, y1), (x2, y2) = xy(u), xy(v)
        if kind == "cites":  # end the arrow at the cited paper's rim, not under its circle
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            if length > radius[v] + 1:
                x2, y2 = x2 - (x2 - x1) * (radius[v] + 1) / length, y2 - (y2 - y1) * (radius[v] + 1) / length
        style = (f'stroke="#888" marker-end="url(#{html.escape(marker_id)})"' if kind == "cites"
                 else 'stroke="#bbb" stroke-dasharray="3 3"')
        parts.append(f'<line class="link {kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style}/>')
    for v in nodes:
        x, y = xy(v)
        r = radius[v]
        fill = "#1f4e79" if G.nodes[v].get("in_catalog") else "#8fb3d9"
        title = html_text(f"{G.nodes[v].get('title') or v} ({G.nodes[v].get('year') or 'n.d.'})")
        circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"><title>{title}</title></circle>'
        link = html_link("", paper_links(G.nodes[v], v).get("link"))  # a checked http(s) link, or nothing
        parts.append(link.replace("></a>", f">{circle}</a>") if link else circle)
    parts.append("</svg>")
    return "\n".join(parts)


def render_cluster_html(result, *, min_size: int = 2, max_clusters: int = 50) -> str:
    """The cluster report as one self-contained HTML page (inline CSS and SVG, no external files)."""
    esc = html_text
    links = build_cluster_graph(result.graph)
    body = [f"<h1>Topic clusters</h1><p>{result.graph.number_of_nodes()} papers, "
            f"{result.graph.number_of_edges()} citations, {len(result.clusters)} clusters (seed {result.seed}). "
            f"Figures and lists: the top papers of each cluster by {esc(result.top_measure)}; sized by PageRank "
            "(by links drawn when it is uniform); dark = in the catalog; arrows = citations, "
            "dashed = similar (co-cited, shared references, keywords or phenomena). Click a paper to read it.</p>"]
    for row in cluster_rows(result, min_size)[:max_clusters]:
        members = result.clusters[row["cluster"]]
        phen = ", ".join(f"{esc(p)} ({n})" for p, n in row["phenomena"].items()) or "–"
        items = "".join(f"<li>{html_link(p['title'], p['link'])} ({p['year'] or 'n.d.'}) "
                        f"<code>{esc(p['id'])}</code></li>" for p in row["top_papers"])
        svg = cluster_svg(result.graph, members, result.scores, links=links, seed=result.seed,
                          marker_id=f"arrow-{row['cluster']}")
        body.append(
            f'<section id="cluster-{row["cluster"]}"><h2>Cluster {row["cluster"]}: '
            f'{esc(row["label"] or "(no distinctive terms)")}</h2>'
            f'<div class="row"><figure>{svg}</figure>'
            f'<div><p>{row["papers"]} papers ({row["in_catalog"]} in the catalog). '
            f'Terms: {esc(", ".join(row["terms"]) or "–")}.</p><p>Phenomena: {phen}.</p>'
            + (f'<p>Recovers the catalog section {esc(row["section"])} ({row["section_share"]:.0%} of its listed '
               f'papers; {row["section_recall"]:.0%} of the section).</p>' if row["section"] else "")
            + f'<ol>{items}</ol></div></div></section>')
    style = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
             ".row{display:flex;gap:1.5rem;align-items:flex-start}figure{margin:0}a{color:#1f4e79}"
             "section{border-top:1px solid #ddd;padding-top:.5rem}code{color:#666;font-size:.85em}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{csp_meta(style)}'
            '<meta name="referrer" content="no-referrer"><title>Topic clusters</title>'
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")


def export_cluster_report(result, out_dir: str | Path, *, min_size: int = 2) -> list[Path]:
    """``clusters.md``, ``clusters.html``, ``clusters.csv`` and ``clusters.json`` in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = cluster_rows(result, min_size)
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
    quality = section_summary(result)
    data.write_text(json.dumps({"seed": result.seed, "clusters": rows, "nmi_sections": quality["nmi"],
                                "nmi_phenomenon_sections": quality["nmi_phenomenon_sections"],
                                "membership": {v: s["cluster"] for v, s in result.scores.items()}},
                               indent=1, default=str), encoding="utf-8")
    return [md, page, table, data]
