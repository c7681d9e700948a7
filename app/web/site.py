"""The static atlas: ``phenomena export OUT --format site`` writes a folder you can browse offline or publish.

- ``index.html``; ``phenomena/`` (one page per phenomenon, its papers and its map); ``clusters/`` (one
  page per cluster); ``papers/`` (one page per paper: authors, year, venue, phenomena, summary,
  outside links, references and citations inside the graph); ``maps/`` (the Graph page's drawing,
  the concept, keyword and co-author maps, each phenomenon's drawing: :func:`app.web.share.share_html`
  files, vis-network inlined);
- ``.nojekyll``, so GitHub Pages serves the folder as it is; every link between pages is relative.

Text pages carry no script; the maps carry only their own inlined scripts (allowed by hash).
"""
from __future__ import annotations

from pathlib import Path

from app.web import graphview, services, style
from app.web.mapview import map_data
from app.web.share import share_html
from app.web.sitepages import external_links, local_link, page, paper_list, slug
from graph.analytics import concepts
from graph.files import write_staged
from graph.model.graph_model import GraphModel
from graph.safe_text import html_text
from graph.words import plural

__all__ = ["write_site", "build_site", "site_maps", "node_links"]

MAP_PAGES = ("graph", "concepts", "keywords", "coauthors")
MAX_DRAWN = 2000  # papers in the atlas's graph map (each paper still has its page); the app's cap is lower


def _papers_of(graph: GraphModel, ids) -> list[tuple[str, str, object]]:
    """(slug, title, year) of ``ids``, most cited first, then newest."""
    chosen = [graph.papers[k] for k in ids if k in graph.papers]
    chosen.sort(key=lambda p: (-(p.citation_count or 0), -(p.year or 0), p.title or ""))
    return [(slug(p.id), p.title or p.id, p.year) for p in chosen]


def node_links(graph: GraphModel, data: dict) -> dict[str, list[tuple[str, str]]]:
    """Each drawn paper's and phenomenon's page in the atlas (from ``maps/``), papers' outside links after it."""
    out = {}
    for n in data["nodes"]:
        key = n["id"]
        if key in graph.papers:
            detail = services.paper_detail(graph, key)
            out[key] = [("Open its page", f"../papers/{slug(key)}.html"), *detail.links().items()]
        elif key in graph.phenomenon_names:
            out[key] = [("Open its page", f"../phenomena/{slug(key)}.html")]
    return out


def _static(summary: str) -> str:
    """The app's line above a drawing, for a page without the app's "Show more" button."""
    return summary.replace(" (use “Show more”)", " (not drawn here; each has its page)")


def site_maps(graph: GraphModel) -> dict[str, tuple[dict, str, str, list]]:
    """name -> (vis data, title, caption, colour key) of every map the atlas carries."""
    data, _, colours, summary = graphview.view_data(graph, {"top_n": min(len(graph.papers), MAX_DRAWN)})
    maps = {"graph": (data, "The knowledge graph", _static(summary), colours)}
    phen_colours = style.phenomenon_colours(graph.phenomenon_names)
    C = concepts.concept_map(graph, weight="shared_papers")
    if C.number_of_edges():
        maps["concepts"] = (map_data(C, "Phenomenon", "shared papers", phen_colours), "Concept map of the phenomena",
                            f"{C.number_of_nodes()} phenomena, {C.number_of_edges()} links; link width: "
                            f"{concepts.CONCEPT_WEIGHTS['shared_papers']}.", [])
    for name, kind, counts, title, what in (
            ("keywords", "Keyword", "papers with both", "Keyword co-occurrence map",
             "keywords used by two or more papers, linked by papers carrying both; colours: Louvain clusters"),
            ("coauthors", "Author", "papers together", "Co-authorship network",
             "authors of two or more papers, linked by papers written together; colours: Louvain clusters")):
        G = concepts.co_occurrence_map(graph, kind)
        if len(G):
            maps[name] = (map_data(G, kind, counts, phen_colours, clustered=True), title,
                          f"{G.number_of_nodes()} {what}.", [])
    for pid, size in graph.phenomenon_sizes.items():
        if size:
            data, _, colours, summary = graphview.view_data(graph, {"phenomenon": pid, "top_n": MAX_DRAWN})
            maps[f"phenomenon-{slug(pid)}"] = (data, graph.phenomenon_names[pid], _static(summary), colours)
    return maps


def _write(root: Path, rel: str, text: str, written: list[Path]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)


def build_site(graph: GraphModel, root: Path) -> list[Path]:
    """Write every page of the atlas of ``graph`` under ``root``; returns the files written."""
    written: list[Path] = []
    names, sizes = graph.phenomenon_names, graph.phenomenon_sizes
    phenomena = sorted((pid for pid in names if sizes.get(pid)), key=lambda pid: (-sizes[pid], names[pid].lower()))
    clusters = services.graph_clusters(graph)
    members: dict[int, list[str]] = {}
    for p in graph.papers.values():
        if p.cluster is not None:
            members.setdefault(p.cluster, []).append(p.id)
    about: dict[str, list[str]] = {}
    for pid, phens in graph.about.items():
        for f in phens:
            about.setdefault(f, []).append(pid)

    maps = site_maps(graph)
    for name, (data, title, caption, colours) in maps.items():
        _write(root, f"maps/{name}.html", share_html(data, title=title, caption=caption, colours=colours,
                                                     links=node_links(graph, data), back=("Atlas", "../index.html")),
               written)
    map_items = [f"<li>{local_link(maps[m][1], f'{m}.html')}: {html_text(maps[m][2])}</li>"
                 for m in MAP_PAGES if m in maps]
    _write(root, "maps/index.html", page("Maps", "<ul>\n" + "\n".join(map_items) + "\n</ul>", depth=1), written)

    counts = graph.counts()
    phen_items = [f"<li>{local_link(names[pid], f'phenomena/{slug(pid)}.html')} ({plural(sizes[pid], 'paper')})</li>"
                  for pid in phenomena]
    cluster_items = [f"<li>{local_link(label, f'clusters/{c}.html')} ({plural(len(members.get(c, [])), 'paper')})</li>"
                     for c, label in clusters.items()]
    in_maps = "".join(m.replace('href="', 'href="maps/') for m in map_items)
    index = (f'<p>{counts.get("Paper", len(graph.papers)):,} papers, {len(phenomena)} phenomena with papers, '
             f'{len(clusters)} clusters, {len(graph.cites):,} citations inside the graph.</p>\n'
             f'<h2>Maps</h2><ul>{in_maps}</ul>\n'
             f'<h2>Phenomena</h2><ul>{"".join(phen_items)}</ul>\n'
             + (f'<h2>Clusters</h2><ul>{"".join(cluster_items)}</ul>\n' if cluster_items else "")
             + f'<p>{local_link("Every paper", "papers/index.html")}</p>')
    _write(root, "index.html", page("Phenomena Atlas", index, depth=0), written)
    _write(root, "phenomena/index.html", page("Phenomena", "<ul>" + "".join(
        i.replace('href="phenomena/', 'href="') for i in phen_items) + "</ul>", depth=1), written)
    _write(root, "clusters/index.html", page("Clusters", ("<ul>" + "".join(
        i.replace('href="clusters/', 'href="') for i in cluster_items) + "</ul>") if cluster_items
        else '<p class="muted">No clusters yet: run <code>phenomena analyze</code>.</p>', depth=1), written)

    for pid in phenomena:
        phen = graph.phenomena.get(pid)
        body = (f'<p class="text">{html_text(getattr(phen, "description", "") or "")}</p>\n'
                f'<p>{local_link("Its map (interactive)", f"../maps/phenomenon-{slug(pid)}.html")}</p>\n'
                f"<h2>{plural(sizes[pid], 'paper')}</h2>\n{paper_list(_papers_of(graph, about.get(pid, [])), up='../')}")
        _write(root, f"phenomena/{slug(pid)}.html", page(names[pid], body, depth=1), written)
    for c, label in clusters.items():
        body = f"<h2>{plural(len(members.get(c, [])), 'paper')}</h2>\n{paper_list(_papers_of(graph, members.get(c, [])), up='../')}"
        _write(root, f"clusters/{c}.html", page(f"Cluster {c}: {label}", body, depth=1), written)

    everything = _papers_of(graph, graph.papers)
    _write(root, "papers/index.html", page("Every paper", paper_list(
        [(s, t, y) for s, t, y in everything], up="../").replace('href="../papers/', 'href="'), depth=1), written)
    for key in graph.papers:
        _write(root, f"papers/{slug(key)}.html", _paper_page(graph, key), written)
    _write(root, ".nojekyll", "", written)
    return written


def _paper_page(graph: GraphModel, key: str) -> str:
    detail = services.paper_detail(graph, key)
    p = detail.paper
    facts = [str(p.get("year") or "year unknown"), html_text(detail.venue or "")]
    phen = ", ".join(local_link(f["name"], f"../phenomena/{slug(f['id'])}.html") for f in detail.phenomena
                     if graph.phenomenon_sizes.get(f["id"]))
    summary = p.get("tldr") or p.get("abstract") or p.get("digest")
    lead = "TL;DR" if p.get("tldr") else "Abstract" if p.get("abstract") else "The catalog's digest"
    body = (f'<p>{html_text(", ".join(a["name"] for a in detail.authors) or "Authors unknown")}</p>\n'
            f'<p class="muted">{" · ".join(f for f in facts if f)}'
            + (f" · cited {int(p['citation_count'])}× (Semantic Scholar)" if p.get("citation_count") is not None else "")
            + "</p>\n"
            f"<p>{external_links(detail.links())}</p>\n"
            + (f"<p><strong>Phenomena:</strong> {phen}</p>\n" if phen else "")
            + (f"<p><strong>Keywords:</strong> {html_text(', '.join(detail.keywords))}</p>\n" if detail.keywords else "")
            + (f'<h2>{lead}</h2>\n<p class="text">{html_text(summary, limit=4000)}</p>\n' if summary else "")
            + f"<h2>Cites in this graph ({len(detail.references)})</h2>\n"
            + paper_list(_papers_of(graph, [r["id"] for r in detail.references]), up="../").replace(
                'href="../papers/', 'href="')
            + f"\n<h2>Cited by in this graph ({len(detail.citations)})</h2>\n"
            + paper_list(_papers_of(graph, [r["id"] for r in detail.citations]), up="../").replace(
                'href="../papers/', 'href="'))
    return page(p.get("title") or key, body, depth=1)


def write_site(graph: GraphModel, out_dir: str | Path, *, force: bool = False) -> list[Path]:
    """The atlas of ``graph`` in ``out_dir``: all its files land or none (:func:`graph.files.write_staged`)."""
    return write_staged(out_dir, lambda staging: build_site(graph, staging), force=force)
