"""The concept vocabulary: its shape, keyword normalisation, and phrase matching."""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import SourceError
from graph.model.identity import keyword_key
from graph.model.vocabulary import (
    keyword_fold,
    keyword_phenomena,
    load_vocabulary,
    match_phenomena,
    normalize_keyword,
    section_phenomena,
    singularize,
    topic_ids,
    vocabulary_data,
)
from loaders.tagging import tag_paper


def phenomena_for_paper(title, keywords, section, abstract=None) -> dict[str, str]:
    return {pid: e.via for pid, e in tag_paper(title, keywords, section, abstract).items()}


def shared_dir() -> Path:
    return Path(os.environ.get("PHENOMENA_SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


def catalog_text() -> str:
    files = sorted((shared_dir() / "data").glob("awesome-deep-phenomena.README*.md"))
    if not files:
        pytest.skip(f"no catalog README under {shared_dir() / 'data'}")
    return files[0].read_text(encoding="utf-8")


def catalog_entries(text: str) -> list[dict]:
    """A crude parse (title, section, keywords) good enough for these checks."""
    entries, section, current = [], None, None
    for line in text.splitlines():
        if line.startswith("# "):
            section = None
        elif line.startswith("## "):
            section = line[3:].strip()
        elif section and section not in ("Related Resources", "Agent-Assisted Updates") \
                and (m := re.match(r"^- (?!\[)(.*?)\s*(\[\[paper\]\].*)?$", line)):
            current = {"title": m.group(1).rstrip("."), "section": section, "keywords": []}
            entries.append(current)
        elif current and (m := re.match(r"^\s+- key w\w*:\s*(.*)$", line, re.I)):
            current["keywords"] = [k.strip().rstrip(".").strip() for k in m.group(1).split(";") if k.strip(" .")]
    return entries


# --------------------------------------------------------------------------- the vocabulary itself

def test_vocabulary_has_at_least_30_phenomena_with_unique_slug_ids():
    vocab = load_vocabulary()
    phenomena = [p for p in vocab if p.id not in topic_ids()]
    assert len(phenomena) >= 30
    ids = [p.id for p in vocab]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert all(p.name and p.description and p.description.endswith(".") for p in vocab)


def test_required_phenomena_are_present():
    ids = {p.id for p in load_vocabulary()}
    for required in ["grokking", "double-descent", "simplicity-bias", "shortcut-learning", "neural-collapse",
                     "lottery-ticket-hypothesis", "neural-tangent-kernel", "information-bottleneck", "emergence",
                     "benign-overfitting", "mode-connectivity", "edge-of-stability", "neural-scaling-laws",
                     "implicit-bias", "loss-landscape", "flat-minima", "memorization", "catastrophic-forgetting",
                     "in-context-learning", "mechanistic-interpretability", "superposition", "feature-learning",
                     "lazy-training", "catapult-phase", "model-collapse", "representation-similarity",
                     "adversarial-examples", "label-noise"]:
        assert required in ids


def test_synonyms_are_unique_across_phenomena():
    owner: dict[str, str] = {}
    for p in load_vocabulary():
        for phrase in {keyword_fold(s) for s in [p.name, *p.synonyms]}:
            assert owner.setdefault(phrase, p.id) == p.id, f"{phrase!r} in {owner[phrase]} and {p.id}"


def test_brief_synonyms_are_listed():
    by_id = {p.id: {s.lower() for s in [p.name, *p.synonyms]} for p in load_vocabulary()}
    assert {"deep double descent", "epoch-wise double descent", "sample-wise double descent",
            "duoble descent"} <= by_id["double-descent"]
    assert {"lottery tickets", "lth", "lottery ticket"} <= by_id["lottery-ticket-hypothesis"]
    assert {"ntk", "neural tangent kernels"} <= by_id["neural-tangent-kernel"]
    assert {"emergent abilities", "emergence"} <= by_id["emergence"]
    assert "linear mode connectivity" in by_id["mode-connectivity"]


def test_every_name_and_synonym_matches_its_own_entry_and_patterns_compile():
    for item in vocabulary_data()["phenomena"]:
        for pattern in item.get("patterns", []) + item.get("exclude", []):
            re.compile(pattern)
        for phrase in [item["name"], *item.get("synonyms", [])]:
            assert item["id"] in match_phenomena(phrase), (item["id"], phrase)
        for phrase in item.get("keyword_only", []):
            assert item["id"] in keyword_phenomena(phrase), (item["id"], phrase)


def test_catalog_sections_map_to_phenomena_without_the_file():
    for section in ["Neural Collapse", "Deep Double Descent", "Lottery Ticket Hypothesis",
                    "Emergence and Phase Transitions", "Information Bottleneck", "Neural Tangent Kernel"]:
        assert section_phenomena(section) - topic_ids(), section
    assert section_phenomena("Interactions with Neuroscience") == {"neuroscience"} == topic_ids()
    assert section_phenomena("Empirical Study") == set() == section_phenomena("Others")
    assert section_phenomena("Neural Tangent Kernel: 2019") == {"neural-tangent-kernel"}


def test_every_catalog_paper_section_maps_except_empirical_study_and_others():
    text = catalog_text()
    sections = [s for s in re.findall(r"^## (.+?)\s*$", text, re.M)
                if s not in vocabulary_data()["unmapped_sections"]]
    assert len(sections) >= 7
    for section in sections:
        assert section_phenomena(section), section
    listed = set(re.findall(r"^## (.+?)\s*$", text, re.M))
    assert {"Empirical Study", "Others"} <= listed


def test_bad_vocabulary_file_is_a_one_line_source_error(tmp_path):
    with pytest.raises(SourceError) as err:
        load_vocabulary(tmp_path / "missing.json")
    assert "\n" not in str(err.value)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SourceError):
        load_vocabulary(bad)
    bad.write_text(json.dumps({"phenomena": [{"name": "no id"}]}))
    with pytest.raises(SourceError, match="id"):
        load_vocabulary(bad)


# --------------------------------------------------------------------------- keyword normalisation

@pytest.mark.parametrize("variants", [
    ["Neural Scaling Law", "Neural Scaling Laws", "Neural scaling Law", "neural scaling laws."],
    ["Neural Tangent Kernel", "Neural Tangent Kernels"],
    ["Lottery Tickets", "Lottery Ticket", "lottery tickets"],
    ["Double Descent", "Duoble Descent", "double descent."],
    ["Mean Field Theory", "Mean-Field Theory"],
    ["Over-Parameterization", "Over-Parametrization", "Overparameterization", "Over-parameterization"],
    ["Pre-training", "Pretraining"],
    ["Benign overfitting", "Benign Overfitting"],
    ["Implicit regularization", "Implicit Regularization", "Implicit Regularisation"],
    ["Inductive Bias", "Inductive Biases"],
    ["Loss Landscape", "Loss Landscapes"],
    ["Sharpness-Aware Minimization", "Shaprness-Aware Minimization", "Sharpness-Awareness Minimization"],
    ["Transformer", "Transformers"],
    ["Emergent Abilities", "Emergent Ability"],
    ["Generalisation Bounds", "Generalization Bound"],
])
def test_variants_normalise_to_one_keyword(variants):
    forms = {normalize_keyword(v) for v in variants}
    assert len(forms) == 1, forms
    assert len({keyword_key(f) for f in forms}) == 1


@pytest.mark.parametrize("distinct", [
    ["Implicit Bias", "Inductive Bias", "Simplicity Bias", "Architectural Bias", "Spectral Bias"],
    ["Deep Double Descent", "Double Descent"],
    ["Sharpness Minimization", "Sharpness-Aware Minimization", "Sharpness"],
    ["Training Dynamics", "Gradient Dynamics", "Learning Dynamics"],
    ["Lottery Ticket Hypothesis", "Strong Lottery Ticket Hypothesis", "Lottery Tickets"],
    ["Neural Collapse", "Dimensional Collapse", "Model Collapse"],
    ["PAC-Bayes", "PAC-Bayes Bound", "PAC-Bayes Generalization Bound"],
])
def test_distinct_concepts_stay_distinct(distinct):
    assert len({normalize_keyword(d) for d in distinct}) == len(distinct)


@pytest.mark.parametrize("word, singular", [
    ("Laws", "Law"), ("Kernels", "Kernel"), ("Tickets", "Ticket"), ("Biases", "Bias"), ("Bias", "Bias"),
    ("Dynamics", "Dynamics"), ("Physics", "Physics"), ("Bayes", "Bayes"), ("Analysis", "Analysis"),
    ("Process", "Process"), ("Processes", "Process"), ("Phases", "Phase"), ("Chaos", "Chaos"),
    ("Abilities", "Ability"), ("Approaches", "Approach"), ("Minima", "Minima"), ("NTKs", "NTK"),
    ("Hypotheses", "Hypothesis"), ("Corpus", "Corpus"),
])
def test_singularize_is_conservative(word, singular):
    assert singularize(word) == singular


def test_keyword_display_keeps_words_and_dynamics():
    assert normalize_keyword("Training Dynamics") == "Training Dynamics"
    assert normalize_keyword("Bias and Variance") == "Bias and Variance"
    assert normalize_keyword("Model stitching") == "Model Stitching"
    assert normalize_keyword("ReLU") == "ReLU"
    assert normalize_keyword("  Key.  ") == "Key"
    assert normalize_keyword("...") == ""


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdeiouyszABS -.'", min_size=1, max_size=30))
def test_normalize_keyword_is_idempotent(text):
    once = normalize_keyword(text)
    assert normalize_keyword(once) == once
    assert keyword_fold(once) == keyword_fold(text)


def test_catalog_keywords_merge_conservatively():
    keywords = [k for e in catalog_entries(catalog_text()) for k in e["keywords"]]
    written = set(keywords)
    groups: dict[str, set[str]] = defaultdict(set)
    for k in written:
        groups[normalize_keyword(k)].add(k)
    assert len(groups) < len(written)                     # something merged (plurals, typos, case)
    assert len(written) - len(groups) < len(written) // 10  # but not much: conservative
    for display, members in groups.items():
        assert normalize_keyword(display) == display
        # merged keywords stand for the same phenomena
        assert len({frozenset(keyword_phenomena(m)) for m in members}) == 1, members
        assert not re.search(r"\b(Dynamic|Physic|Bia|Analysi|Proces)$", display), display
    assert {"Neural Scaling Law", "Neural Scaling Laws"} <= groups["Neural Scaling Laws"]


# --------------------------------------------------------------------------- matching

@pytest.mark.parametrize("title", [
    "The Pitfalls of Simplicity Bias in Neural Networks",
    "The shape and simplicity biases of adversarially robust ImageNet-trained CNNs",
    "Changing the Training Data Distribution to Reduce Simplicity Bias Improves In-distribution Generalization",
    "Simplicity bias and optimization threshold in two-layer ReLU networks",
    "The Low-Rank Simplicity Bias in Deep Networks",
    "Why neural networks find simple solutions: the many regularizers of geometric complexity",
    "Deep learning generalizes because the parameter-function map is biased towards simple functions",
])
def test_simplicity_bias_positives(title):
    assert "simplicity-bias" in match_phenomena(title)


@pytest.mark.parametrize("title", [
    "Scaling MLPs: A Tale of Inductive Bias",
    "Eigenspectrum Analysis of Neural Networks without Aspect Ratio Bias",
    "DebSDF: Delving into the Details and Bias of Neural Indoor Scene Reconstruction",
    'Plateau in Monotonic Linear Interpolation -- A "Biased" View of Loss Landscape for Deep Networks',
    "The Surprising Simplicity of the Early-Time Learning Dynamics of Neural Networks",
    "On the Implicit Bias of Adam",
])
def test_simplicity_bias_negatives(title):
    assert "simplicity-bias" not in match_phenomena(title)


@pytest.mark.parametrize("text, expected", [
    ("NTK-SAP: Improving neural network pruning by aligning training dynamics", {"neural-tangent-kernel"}),
    ("Gradient descent induces alignment between weights and the eNTK", {"neural-tangent-kernel"}),
    ("Fast Finite Width NTKs", {"neural-tangent-kernel"}),
    ("The SANTK estimator for antkeepers", set()),
    ("Published at ICLR 2024", set()),
    ("Why Larger Language Models Do In-context Learning Differently?", {"in-context-learning"}),
    ("ICL in small transformers", {"in-context-learning"}),
    ("HEALTH records and lottery", set()),
    ("Pruning with the LTH", {"lottery-ticket-hypothesis"}),
    ("Are Emergent Abilities of Large Language Models a Mirage?", {"emergence"}),
    ("Emergent communication between agents", set()),
    ("Emergence of Invariance and Disentanglement in Deep Representations", set()),
    ("Exact Phase Transitions in Deep Learning", set()),  # a hint only: see loaders.tagging
    ("Understand the Effectiveness of Shortcuts through the Lens of DCA", set()),
    ("Shortcut Learning in Deep Neural Networks", {"shortcut-learning"}),
    ("Superposition of many models into one", set()),
    ("Toy Models of Superposition", {"superposition"}),
    ("Data-Efficient Double-Win Lottery Tickets from Robust Pre-training", {"lottery-ticket-hypothesis"}),
    ("The Curious Case of Adversarially Robust Models: More Data Can Help, Double Descend, or Hurt Generalization",
     {"adversarial-examples", "double-descent"}),
    ("Epoch-wise double descent in deep nets", {"double-descent"}),
    ("A Neural Scaling Law from the Dimension of the Data Manifold", {"neural-scaling-laws"}),
    ("Memorisation without overfitting", {"memorization"}),
    ("Deep Neural Networks Memorize Random Labels", {"memorization"}),
    ("Grokking phase transitions in learning local rules", {"grokking"}),
    ("Benign, Tempered, or Catastrophic: A Taxonomy of Overfitting", {"benign-overfitting"}),
    ("", set()),
])
def test_match_phenomena_respects_word_boundaries(text, expected):
    assert match_phenomena(text) == expected


def test_keyword_phenomena_uses_keyword_only_names_only_for_whole_keywords():
    assert keyword_phenomena("Emergence") == {"emergence"}
    assert keyword_phenomena("Gaussian Process") == {"neural-network-gaussian-process"}
    assert "neural-network-gaussian-process" not in match_phenomena("Sparse Gaussian Process regression")
    assert keyword_phenomena("Duoble Descent") == {"double-descent"}
    assert keyword_phenomena("Parameter Superposition") == set()
    assert keyword_phenomena("Inductive Bias") == set()


def test_phenomena_for_paper_names_the_best_evidence():
    got = tag_paper("Grokking and the lottery ticket hypothesis", ["Lottery Tickets"],
                    "Neural Collapse: 2023", abstract="We relate neural collapse to grokking and NTK.")
    assert {p: e.via for p, e in got.items()} == {
        "lottery-ticket-hypothesis": "title", "grokking": "title", "neural-collapse": "abstract",
        "neural-tangent-kernel": "abstract"}
    assert [got[p].confidence for p in ("lottery-ticket-hypothesis", "grokking", "neural-collapse")] == \
        ["strong", "strong", "medium"]  # section (1) + abstract hint (three phenomena named: 1) add up
    assert got["neural-tangent-kernel"].confidence == "weak"  # one of three named in passing
    assert phenomena_for_paper("Grokking", None, None) == {"grokking": "title"}
    assert phenomena_for_paper("A study", [], "Empirical Study") == {}


def test_most_catalog_entries_get_a_phenomenon_and_title_hits_are_sound():
    entries = catalog_entries(catalog_text())
    assert len(entries) > 500
    tagged = [e for e in entries if phenomena_for_paper(e["title"], e["keywords"], e["section"])]
    assert len(tagged) / len(entries) > 0.6
    for e in entries:
        if e["section"] not in vocabulary_data()["unmapped_sections"]:
            assert phenomena_for_paper(e["title"], e["keywords"], e["section"]), e["title"]
        found = phenomena_for_paper(e["title"], e["keywords"], e["section"])
        if found.get("simplicity-bias") == "title":
            assert re.search(r"simpl|occam", e["title"], re.I), e["title"]
