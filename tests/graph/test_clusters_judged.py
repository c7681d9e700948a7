"""Clusters of the catalog build: names a researcher would use, seminal papers first, sections recovered."""
from __future__ import annotations

import pytest

from graph.analytics.analyze import compute_analytics
from graph.analytics.cluster_quality import INSIDE_LINKS
from graph.analytics.clusters import _noun_phrase
from graph.export.cluster_report import cluster_rows, render_cluster_markdown, section_summary
from tests.support.catalog_build import catalog_model

SEMINAL = {"arxiv:1806.07572": "Neural Tangent Kernel", "arxiv:1803.03635": "Lottery Ticket Hypothesis"}


@pytest.fixture(scope="module")
def result():
    return compute_analytics(catalog_model(), seed=42)


def test_clusters_recover_sections_and_the_report_says_which(result, capsys):
    quality = section_summary(result)
    rows = cluster_rows(result)
    with capsys.disabled():
        print(f"\n[clusters] {len(result.clusters)} clusters; NMI vs catalog sections {quality['nmi']:.3f}, "
              f"vs phenomenon sections {quality['nmi_phenomenon_sections']:.3f}")
        for r in rows:
            print(f"  {r['cluster']:2d} {r['label'] or '–':55.55s} {r['papers']:3d} papers  "
                  f"best section {r['section'] or '–'}: {r['section_share']:.0%} of the cluster, "
                  f"{r['section_recall']:.0%} of the section")
    assert quality["nmi_phenomenon_sections"] >= 0.75
    recovered = {r["section"] for r in rows if r["section_recall"] >= 0.8}  # the section's papers kept together
    assert {"Lottery Ticket Hypothesis", "Neural Tangent Kernel", "Neural Collapse",
            "Information Bottleneck"} <= recovered
    md = render_cluster_markdown(result)
    assert "NMI" in md and "Recovers the catalog section Lottery Ticket Hypothesis" in md


def test_labels_are_noun_phrases(result):
    labels = [t for terms in result.cluster_labels.values() for t in terms]
    assert labels and all(_noun_phrase(t) for t in labels)
    for fragment in ("implicit", "requires rethinking", "winning", "survey", "two", "help"):
        assert fragment not in labels


def test_key_papers_are_central_inside_their_cluster_not_keyword_rich(result):
    assert result.top_measure == INSIDE_LINKS  # offline: no citations
    for paper, name in SEMINAL.items():
        cluster = next(i for i, c in enumerate(result.clusters) if paper in c)
        assert paper in result.cluster_top_papers[cluster][:3], (name, result.cluster_top_papers[cluster])
