"""The phenomena report: the phenomenon map and hierarchy, timelines with burst years, keyword
bursts, and the bridge papers of the most connected pairs (Markdown and JSON).

Names, titles and keywords are data: the Markdown shows them as text (:func:`graph.safe_text.md_text`)."""
from __future__ import annotations

import json
from pathlib import Path

from graph.analytics.bridge_papers import no_bridge_message, rank_bridges
from graph.analytics.bursts import describe_bursts, keyword_bursts
from graph.safe_text import md_code, md_text

__all__ = ["phenomena_report", "export_phenomena_report"]


def phenomena_report(result, *, pairs: int = 5, bridges: int = 5, chosen_pairs=()) -> dict:
    """The phenomenon map, each timeline (with burst years), and the bridge papers of the
    ``pairs`` most connected pairs of phenomena (cross-citations, then shared papers), as plain data.

    Without citations (an offline build) the pairs are those sharing the most papers, and the
    bridges come from shared concepts (:func:`graph.analytics.bridge_papers.rank_bridges`).  A narrower
    phenomenon and its broader one (graph attribute ``phenomenon_links``) are not a pair.
    ``chosen_pairs`` (``[(a, b)]`` keys) come first.
    """
    linked = sorted(result.phenomenon_map, key=lambda r: (-(r["a_cites_b"] + r["b_cites_a"]),
                                                          -r["shared_papers"], r["a"], r["b"]))
    nested = {frozenset((u, v)) for u, v, d in result.graph.graph.get("phenomenon_links", ()) if d == "narrower"}
    top_pairs = [r for r in linked if r["a_cites_b"] + r["b_cites_a"] + r["shared_papers"] > 0
                 and frozenset((r["a"], r["b"])) not in nested][:pairs]  # lazy training ⊂ NTK: not a bridge
    wanted = [{"a": a, "b": b} for a, b in chosen_pairs]
    top_pairs = wanted + [r for r in top_pairs if {r["a"], r["b"]} not in [{w["a"], w["b"]} for w in wanted]]
    return {
        "map": result.phenomenon_map,
        "timelines": result.timelines,
        "bridges": [{"a": r["a"], "b": r["b"], "papers": rank_bridges(result.graph, r["a"], r["b"], top=bridges)}
                    for r in top_pairs],
        "keyword_bursts": keyword_bursts(result.graph),
    }


def export_phenomena_report(result, out_dir: str | Path, *, chosen_pairs=()) -> list[Path]:
    """``phenomena.md`` (map, timelines with bursts, keyword bursts, bridges) and ``phenomena.json``
    (the same data); ``chosen_pairs`` as in :func:`phenomena_report`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = phenomena_report(result, chosen_pairs=chosen_pairs)
    G = result.graph
    lines = ["# Phenomena", "", "## Map", "", "| a | b | shared papers | a cites b | b cites a |", "|---|---|---|---|---|"]
    lines += [f"| {md_text(r['a'])} | {md_text(r['b'])} | {r['shared_papers']} | {r['a_cites_b']} | {r['b_cites_a']} |"
              for r in data["map"]]
    links = G.graph.get("phenomenon_links") or []
    if links:
        lines += ["", "Hierarchy: " + "; ".join(f"{md_text(a)} ⊂ {md_text(b)}" if kind == "narrower"
                                              else f"{md_text(a)} ~ {md_text(b)}"
                                              for a, b, kind in links) + "."]
    lines += ["", "## Timelines", ""]
    for name, t in data["timelines"].items():
        first = G.nodes[t["first_paper"]].get("title") if t["first_paper"] is not None else None
        spread = (f"; spreads beyond cluster {md_text(t['home_cluster'])} in {t['spread_year']}"
                  if t.get("spread_year") else "")
        clusters = ", ".join(f"{md_text(c)} ({y})" for c, y in (t.get("cluster_first_year") or {}).items())
        bursts = t.get("burst_note") or describe_bursts(t.get("bursts") or [], t["papers_per_year"])
        lines.append(f"- **{md_text(name)}**: {t['papers']} papers, first {t['first_year'] or 'n.d.'} "
                     f"({md_text(first) or '–'}){spread}. Burst years: {md_text(bursts)}. Per year: "
                     + ", ".join(f"{y}: {n}" for y, n in t["papers_per_year"].items())
                     + (f". Clusters (first year): {clusters}" if clusters else ""))
    lines += ["", "## Keyword bursts", "", "| keyword | from | to | weight |", "|---|---|---|---|"]
    lines += [f"| {md_text(b['keyword'])} | {b['start']} | {b['end']} | {b['weight']:.1f} |" for b in data["keyword_bursts"]]
    lines += ["", "## Bridge papers", ""]
    for pair in data["bridges"]:
        lines.append(f"### {md_text(pair['a'])} ↔ {md_text(pair['b'])}")
        lines.append("")
        if not pair["papers"]:
            lines.append(md_text(no_bridge_message(pair["a"], pair["b"]).capitalize()) + ".")
        for row in pair["papers"]:
            path = " → ".join(md_text(v) for v in row["paths"][0]) if row["paths"] else ""
            lines.append(f"- {md_text(row['title'])} {md_code(row['paper'])}: {md_text(row['method'])} "
                         f"{row['score']:.2f}; " + "; ".join(md_text(r) for r in row["reasons"])
                         + (f"; e.g. {path}" if path else ""))
        lines.append("")
    md, js = out_dir / "phenomena.md", out_dir / "phenomena.json"
    md.write_text("\n".join(lines), encoding="utf-8")
    js.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return [md, js]
