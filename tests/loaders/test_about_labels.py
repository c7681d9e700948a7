"""Every ABOUT edge of an offline build from the shared catalog README, against independent hand labels.

The labels (tests/data/about-labels-h25.json) were written before any tagging
output was looked at; see the file's ``sample_rule``.  The build reads the
README with its digests (``--catalog`` on the saved copy in ../shared/data) and
the bundled seed lists, writes to a real embedded store, and the edges are
counted as Cypher returns them: weak evidence that is not an ABOUT edge cannot
hide behind a view filter.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph.model.records import GraphRecords
from graph.store.embedded.store import EmbeddedStore
from loaders import assemble
from loaders.catalog_files import load_catalog
from loaders.seeds import load_seed_papers

LABELS = Path(__file__).parents[1] / "data" / "about-labels-h25.json"
README = "awesome-deep-phenomena.README.c4ae61aa.md"


def shared_dir() -> Path:
    return Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


def build_offline_records(readme: Path) -> GraphRecords:
    """What `phenomena build --offline --catalog README` assembles, before citations and analytics."""
    records = GraphRecords()
    assemble.add_phenomena(records)
    assemble.add_catalog_entries(records, load_catalog(str(readme)).entries)
    assemble.add_seed_papers(records, load_seed_papers()[0])
    return records


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    readme = shared_dir() / "data" / README
    if not readme.is_file():
        pytest.skip(f"no saved catalog README at {readme}")
    records = build_offline_records(readme)
    path = tmp_path_factory.mktemp("about") / "graph.lbug"
    with EmbeddedStore(path, read_only=False) as store:
        store.write(records)
    return path


def cypher(path: Path, text: str, params: dict | None = None) -> list[list]:
    with EmbeddedStore(path) as store:
        return store.query(text, params).rows


@pytest.fixture(scope="module")
def cypher_about(built_store) -> tuple[dict[str, set[str]], set[str]]:
    rows = cypher(built_store, "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon) RETURN p.id, f.id")
    papers = {r[0] for r in cypher(built_store, "MATCH (p:Paper) RETURN p.id")}
    out: dict[str, set[str]] = {}
    for paper, phenomenon in rows:
        out.setdefault(paper, set()).add(phenomenon)
    return out, papers


def score(tags: dict[str, set[str]], doc: dict) -> tuple[dict[str, list[int]], list[str]]:
    """Per phenomenon ``[tp, fp, fn]`` over the labelled papers, and a line per error."""
    phenomena = set(doc["phenomena"])
    per = {p: [0, 0, 0] for p in doc["phenomena"]}
    errors = []
    for row in doc["papers"]:
        got, want = tags.get(row["id"], set()) & phenomena, set(row["about"])
        for p in got & want:
            per[p][0] += 1
        for p in got - want:
            per[p][1] += 1
            errors.append(f"FP {p}: {row['title']}")
        for p in want - got:
            per[p][2] += 1
            errors.append(f"FN {p}: {row['title']}")
    return per, errors


def ratios(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def test_labels_were_sampled_by_rule_and_hold_no_digest_text():
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    assert len(doc["papers"]) >= 150 and len(doc["phenomena"]) >= 10 and doc["sample_rule"]
    assert set().union(*(set(r["about"]) for r in doc["papers"])) <= set(doc["phenomena"])
    assert all(set(r) <= {"id", "title", "about", "note", "source"} for r in doc["papers"])


def test_every_about_edge_meets_precision_and_recall(cypher_about, capsys):
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    tags, papers = cypher_about
    assert not [r["title"] for r in doc["papers"] if r["id"] not in papers]  # every labelled paper is in the build
    per, errors = score(tags, doc)
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    precision, recall = ratios(tp, fp, fn)
    with capsys.disabled():
        print(f"\n[about] {len(doc['papers'])} hand-labelled papers, every ABOUT edge as Cypher sees it: "
              f"precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
        for p, (a, b, c) in per.items():
            pp, rr = ratios(a, b, c)
            print(f"[about]   {p:28s} tp {a:3d}  fp {b:2d}  fn {c:2d}  precision {pp:.2f}  recall {rr:.2f}")
        for line in errors:
            print(f"[about]   {line}")
    assert precision >= 0.95 and recall >= 0.90
    assert ratios(*per["emergence"])[1] >= 0.8


def test_sections_are_facts_and_about_edges_carry_their_evidence(built_store):
    listed = cypher(built_store, "MATCH (p:Paper)-[:LISTED_IN]->(s:Section) WHERE s.name = $name RETURN count(p)",
                    {"name": "Emergence and Phase Transitions"})[0][0]
    about = cypher(built_store, "MATCH (p:Paper)-[:LISTED_IN]->(s:Section), (p)-[:ABOUT]->(f:Phenomenon) "
                   "WHERE s.name = $name AND f.id = 'emergence' RETURN count(p)",
                   {"name": "Emergence and Phase Transitions"})[0][0]
    assert listed == 43 and 5 <= about <= 15  # the section lists 43 papers; a handful are about emergence
    evidence = cypher(built_store, "MATCH ()-[r:ABOUT]->() RETURN DISTINCT r.confidence, r.via")
    assert {c for c, _ in evidence} == {"strong", "medium"}  # a hint is no edge
    assert {v for _, v in evidence} <= {"title", "keyword", "abstract", "digest", "seed list", "section", "narrower"}
    assert {"digest", "title", "keyword"} <= {v for _, v in evidence}
    seeds = cypher(built_store, "MATCH (p:Paper)-[:LISTED_IN]->(s:Section) WHERE s.kind = 'seed list' "
                   "RETURN s.id, count(p)")
    assert seeds == [["seed-list:simplicity-bias", 22]]


def test_named_errors_of_issue_25_are_fixed_by_rules(cypher_about):
    tags, _ = cypher_about
    assert "neural-tangent-kernel" in tags["arxiv:2310.06110"]       # Grokking as the Transition from Lazy to Rich
    for gram in ("arxiv:1811.03804", "arxiv:1810.02054"):            # Gram-matrix / random-init convergence proofs
        assert "neural-tangent-kernel" in tags[gram]
    assert "information-bottleneck" not in tags.get("arxiv:1705.07809", set())   # mutual-information bounds
    assert "lottery-ticket-hypothesis" not in tags.get("arxiv:2003.03033", set())  # the state of pruning
    assert "double-descent" not in tags.get("arxiv:2209.09315", set())   # deep linear networks benignly overfit
    assert "neural-tangent-kernel" not in tags.get("arxiv:2507.04448", set())  # infinite-width feature learning


def test_the_snapshot_ships_no_digest_prose():
    snapshot = json.loads((Path(__file__).parents[2] / "loaders" / "data" / "catalog-snapshot.json").read_text())
    assert len(snapshot["entries"]) > 500 and all(e.get("digest") is None for e in snapshot["entries"])
