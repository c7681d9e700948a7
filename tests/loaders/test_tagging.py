"""Graded tag evidence, measured against an independent hand labelling of the catalog."""
from __future__ import annotations

import doctest
import json
import os
import re
from pathlib import Path

import pytest

import loaders.tagging as tagging
from graph.analytics.networks import build_citation_graph
from graph.model.records import GraphRecords
from loaders import assemble
from loaders.catalog_files import load_catalog
from loaders.tagging import DEFAULT_CONFIDENCE, tag_paper

LABELS = Path(__file__).parents[1] / "data" / "phenomenon-labels.json"


def shared_dir() -> Path:
    return Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


@pytest.fixture(scope="module")
def offline_records() -> GraphRecords:
    # Issue 25: the digest is evidence now, so the build reads the saved README (digests included) when it is
    # there, as `phenomena build --catalog` does; the bundled snapshot carries no digests.
    readme = sorted((shared_dir() / "data").glob("awesome-deep-phenomena.README*.md"))
    records = GraphRecords()
    assemble.add_phenomena(records)
    assemble.add_catalog_entries(records, load_catalog(str(readme[0]) if readme else None, offline=True).entries)
    return records


def _score(records: GraphRecords, confidences) -> tuple[float, float, dict]:
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    phenomena = set(doc["phenomena"])
    by_ref = {}
    for paper in records.papers.values():
        for ref in (paper.arxiv_id, (paper.doi or "").lower()):
            if ref:
                by_ref[ref] = paper.id
    tags: dict[str, set] = {}
    for (paper, phen), edge in records.about.items():
        if edge.confidence in confidences and phen in phenomena:
            tags.setdefault(paper, set()).add(phen)
    tp = fp = fn = 0
    per: dict[str, list[int]] = {p: [0, 0, 0] for p in sorted(phenomena)}
    for row in doc["papers"]:
        key = by_ref.get(row["arxiv_id"] or (row["doi"] or "").lower())
        assert key, f"labelled paper not in the offline build: {row['title']}"
        got, want = tags.get(key, set()), set(row["labels"])
        for p in got & want:
            tp += 1; per[p][0] += 1
        for p in got - want:
            fp += 1; per[p][1] += 1
        for p in want - got:
            fn += 1; per[p][2] += 1
    return tp / (tp + fp), tp / (tp + fn), per


def test_offline_tags_meet_precision_and_recall_against_hand_labels(offline_records, capsys):
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    assert len(doc["papers"]) >= 150 and len(doc["phenomena"]) >= 10
    assert {row["section"] for row in doc["papers"]} >= {"Others", "Empirical Study", "Emergence and Phase Transitions"}
    precision, recall, per = _score(offline_records, DEFAULT_CONFIDENCE)
    all_p, all_r, _ = _score(offline_records, tagging.CONFIDENCE)
    with capsys.disabled():
        print(f"\n[tagging] {len(doc['papers'])} hand-labelled papers, strong+medium tags: "
              f"precision {precision:.3f}, recall {recall:.3f}; all tags: precision {all_p:.3f}, recall {all_r:.3f}")
        for p, (tp, fp, fn) in per.items():
            print(f"[tagging]   {p:28s} tp {tp:3d}  fp {fp:2d}  fn {fn:2d}")
    # Issue 25 moved the bar: these older labels disagree with the issue's own corrections ("Grokking as the
    # Transition from Lazy to Rich" is NTK there, not here) and count no phase-transition paper as emergence;
    # the bar of issue 25 is tests/loaders/test_about_labels.py (P >= 0.95, R >= 0.90 on every ABOUT edge).
    assert precision >= 0.93 and recall >= 0.89
    # Issue 25: weak evidence is no ABOUT edge any more, so every edge is strong or medium
    assert (all_p, all_r) == (precision, recall)


def test_mixed_section_alone_is_never_enough(offline_records):
    scaling = [p for p in offline_records.papers.values() if p.title == "Scaling Laws Do Not Scale"][0]
    # Issue 25: the section is a LISTED_IN fact; alone it is no ABOUT edge (it was a weak one)
    assert (scaling.id, "emergence") not in offline_records.about
    assert (scaling.id, "section:emergence-and-phase-transitions") in offline_records.listed_in
    mirage = [p for p in offline_records.papers.values() if p.title.startswith("Are Emergent Abilities")][0]
    assert offline_records.about[(mirage.id, "emergence")].confidence == "strong"


def test_topic_section_is_strong():
    assert tag_paper("How deep is the brain?", [], "Interactions with Neuroscience")["neuroscience"].confidence == "strong"


def test_narrower_tag_implies_broader_one_level_weaker():
    tags = tag_paper("On Lazy Training in Differentiable Programming", ["Lazy Training"], "Others")
    assert tags["lazy-training"].confidence == "strong"
    assert (tags["neural-tangent-kernel"].via, tags["neural-tangent-kernel"].confidence) == ("narrower", "medium")
    wide = tag_paper("Wide Neural Networks of Any Depth Evolve as Linear Models Under Gradient Descent", [], "Others")
    assert wide["neural-tangent-kernel"].confidence == "medium"


def test_keyword_override_drops_only_that_keyword():
    tags = tag_paper("Concept Bottleneck Models", ["Information Bottleneck"], "Others", paper_ref=("2007.04612",))
    assert "information-bottleneck" not in tags
    # the same keyword on another paper still counts
    assert tag_paper("A study", ["Information Bottleneck"], "Others")["information-bottleneck"].confidence == "strong"


def test_context_keywords_are_weak():
    tags = tag_paper("Phase diagram of training dynamics", ["Sharpness", "Neural Tangent Kernel"], "Others")
    assert tags["neural-tangent-kernel"].confidence == "weak"
    assert tag_paper("X", ["A", "B", "Neural Collapse"], "Others")["neural-collapse"].confidence == "weak"


def test_phrases_for_emergence_and_benign_overfitting():
    assert tag_paper("The Transient Nature of Emergent In-Context Learning in Transformers", [], None)["emergence"].confidence == "strong"
    assert "emergence" not in tag_paper("Emergence of Invariance and Disentanglement in Deep Representations", [], None)
    assert tag_paper("Exact Phase Transitions in Deep Learning", [], None)["emergence"].confidence == "weak"
    assert tag_paper("Deep Linear Networks can Benignly Overfit", [], None)["benign-overfitting"].confidence == "strong"


def _recorded_abstracts(folder: Path) -> list[tuple[str, str]]:
    out = []

    def walk(x):
        if isinstance(x, dict):
            if x.get("abstract") and x.get("title"):
                out.append((x["title"], x["abstract"]))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    for f in sorted(folder.glob("*.json")):
        walk(json.loads(f.read_text(encoding="utf-8")))
    return out


def test_recorded_s2_abstracts_are_not_over_tagged():
    folders = [f for f in (shared_dir() / "s2" / "recorded", Path(__file__).parents[1] / "data" / "s2") if f.is_dir()]
    abstracts = [a for f in folders for a in _recorded_abstracts(f)]
    assert len(abstracts) >= 5
    for title, abstract in abstracts:  # economics, robotics, LLM essays: none is about a deep-learning phenomenon
        tags = {p: e for p, e in tag_paper(title, [], None, abstract).items() if e.confidence != "weak"}
        assert tags == {}, (title, tags)


def test_abstract_guard_on_broad_phrases_and_example_lists():
    guarded = tag_paper("Some paper", [], None, "Local minima abound. We find feature learning in wide nets, "
                        "and feature learning again.")
    assert all(e.confidence == "weak" for e in guarded.values()) and "loss-landscape" in guarded
    listed = tag_paper("Position paper", [], None, "Puzzles such as double descent, grokking and lottery "
                       "tickets are overrated. We argue for practice.")
    assert all(e.confidence == "weak" for e in listed.values())
    central = tag_paper("A paper", [], None, "Grokking is delayed generalisation. We explain grokking.")
    assert central["grokking"].confidence == "medium" and central["grokking"].via == "abstract"


def _catalog_digests() -> list[dict]:
    files = sorted((shared_dir() / "data").glob("awesome-deep-phenomena.README*.md"))
    if not files:
        pytest.skip("no catalog README")
    entries, current, section = [], None, None
    for line in files[0].read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif m := re.match(r"^- (?!\[)(.*?)\s*\[\[paper\]\]", line):
            current = {"title": m.group(1).rstrip("."), "section": section, "keywords": [], "digest": None}
            entries.append(current)
        elif current and (m := re.match(r"^\s+- key w\w*:\s*(.*)$", line, re.I)):
            current["keywords"] = [k.strip().rstrip(".") for k in m.group(1).split(";") if k.strip(" .")]
        elif current and (m := re.search(r"<summary>Digest</summary>\s*(.*)", line)):
            current["digest"] = m.group(1)
    return entries


def test_catalog_digests_as_abstracts_keep_precision(capsys):
    """The catalog's digests are real abstract-like text: tagging with them must stay precise."""
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    labels = {row["title"]: set(row["labels"]) for row in doc["papers"]}
    phenomena = set(doc["phenomena"])
    tp = fp = fn = 0
    for e in _catalog_digests():
        if e["title"] in labels and e["digest"]:
            got = {p for p, ev in tag_paper(e["title"], e["keywords"], e["section"], e["digest"]).items()
                   if ev.confidence in DEFAULT_CONFIDENCE} & phenomena
            want = labels[e["title"]]
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    with capsys.disabled():
        print(f"\n[tagging] with catalog digests as abstracts: precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}")
    assert tp + fp > 150 and tp / (tp + fp) >= 0.93 and tp / (tp + fn) >= 0.89  # see the note in the test above


def test_default_views_leave_weak_tags_out(offline_records):
    G = build_citation_graph(offline_records)
    G_all = build_citation_graph(offline_records, confidence=tagging.CONFIDENCE)
    scaling = [p.id for p in offline_records.papers.values() if p.title == "Scaling Laws Do Not Scale"][0]
    assert "emergence" not in G.nodes[scaling]["phenomena"]
    assert "emergence" not in G_all.nodes[scaling]["phenomena"]  # issue 25: a weak hint is no edge at all


def test_doctests_pass():
    result = doctest.testmod(tagging)
    assert result.attempted >= 5 and result.failed == 0


def test_graph_made_before_confidence_is_upgraded_in_place(tmp_path, monkeypatch):
    """An embedded graph without ABOUT.confidence and BROADER gets both; old tags read back as medium."""
    from graph.analytics.networks import records_from_store
    from graph.errors import StoreError
    from graph.model import schema
    from graph.model.read import load_graph_model
    from graph.model.records import About, Broader, Paper, Phenomenon
    from graph.store.embedded.store import EmbeddedStore

    records = GraphRecords(papers={"p": Paper(id="p", title="Grokking")},
                           phenomena={"grokking": Phenomenon("grokking", "Grokking"),
                                      "emergence": Phenomenon("emergence", "Emergence")})
    records.add_edge(About("p", "grokking", "title", "catalog", "strong"))
    start, end, props = schema.REL_TYPES["ABOUT"]
    monkeypatch.setitem(schema.REL_TYPES, "ABOUT", (start, end, {k: v for k, v in props.items() if k != "confidence"}))
    monkeypatch.delitem(schema.REL_TYPES, "BROADER")
    today_edges = GraphRecords.edges
    monkeypatch.setattr(GraphRecords, "edges", lambda self: {k: v for k, v in today_edges(self).items() if k != "BROADER"})
    path = tmp_path / "old.lbug"
    with EmbeddedStore(path, read_only=False) as s:
        s.write(records, meta={"build": {"finished_at": "2026-01-01"}})  # a finished (old) build
    monkeypatch.undo()
    with pytest.raises(StoreError, match="older version"):
        EmbeddedStore(path)
    with EmbeddedStore(path, read_only=False) as s:
        s.ensure_schema()
        back = records_from_store(s)
        assert back.about[("p", "grokking")].confidence == "medium"  # unknown: shown by default
        records.add_edge(Broader("grokking", "emergence", "related"))
        s.write(records)
        back = load_graph_model(s, cache=False).to_records()  # same build metadata: read afresh
    assert back.about[("p", "grokking")].confidence == "strong"
    assert back.broader[("grokking", "emergence")].kind == "related"


def test_abstracts_add_medium_tags_and_never_lower_existing_ones():
    from graph.model.records import About, Paper

    records = GraphRecords()
    assemble.add_phenomena(records)
    records.papers = {
        "p": Paper(id="p", title="A study of training", abstract="Grokking is delayed generalisation. "
                   "We explain grokking with weight norms, unlike feature learning."),
        "q": Paper(id="q", title="Grokking at scale", abstract="Local minima are everywhere."),
    }
    records.add_edge(About("q", "grokking", "title", "catalog", "strong"))  # as the catalog tagged it
    assemble.link_abstract_phenomena(records)
    assert (records.about[("p", "grokking")].via, records.about[("p", "grokking")].confidence) == ("abstract", "medium")
    assert ("p", "feature-learning") not in records.about  # a broad topic in passing: a hint, no edge (issue 25)
    assert records.about[("q", "grokking")].confidence == "strong"  # the title names it
    assert ("q", "loss-landscape") not in records.about  # a hint only: no edge (issue 25)
    assert {pair for pair, e in records.about.items() if e.confidence != "weak"} == {("p", "grokking"), ("q", "grokking")}
