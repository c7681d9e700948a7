"""A small, hand-written graph for app tests: ~30 papers on three phenomena.

Built from the record model and written with the real embedded store, so the
app reads exactly what a build would write.  Independent of `phenomena build`.

>>> records = build_fixture_records()
>>> len(records.papers) >= 30 and len(records.cites) > 10
True
"""
from __future__ import annotations

from pathlib import Path

from graph.model.identity import author_key, keyword_key, paper_key, venue_key
from graph.model.records import (
    About,
    Author,
    Cites,
    GraphRecords,
    HasKeyword,
    Keyword,
    Paper,
    Phenomenon,
    PublishedIn,
    Venue,
    Wrote,
)
from graph.store.embedded.store import EmbeddedStore

PHENOMENA = {
    "phen:grokking": ("Grokking", ["grok", "delayed generalization"]),
    "phen:double-descent": ("Double Descent", ["Deep Double Descent", "Duoble Descent"]),
    "phen:simplicity-bias": ("Simplicity Bias", ["spectral bias", "shortcut learning"]),
    "phen:neural-collapse": ("Neural Collapse", []),  # in the vocabulary, no paper: an empty filter
}

# (arxiv id or None, title, year, venue, authors, keywords, phenomena, section)
_PAPERS = [
    ("2201.02177", "Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets", 2022,
     "ICLR 2022 Workshop", ["Alethea Power", "Yuri Burda", "Harri Edwards"], ["Grokking"],
     ["phen:grokking"], "Grokking"),
    ("2205.10343", "Towards Understanding Grokking: An Effective Theory of Representation Learning", 2022,
     "NeurIPS 2022", ["Ziming Liu", "Ouail Kitouni", "Max Tegmark"], ["Grokking", "Representation Learning"],
     ["phen:grokking"], "Grokking"),
    ("2210.01117", "Omnigrok: Grokking Beyond Algorithmic Data", 2023, "ICLR 2023",
     ["Ziming Liu", "Eric J. Michaud", "Max Tegmark"], ["Grokking"], ["phen:grokking"], "Grokking"),
    ("2301.05217", "Progress measures for grokking via mechanistic interpretability", 2023, "ICLR 2023",
     ["Neel Nanda", "Lawrence Chan", "Jacob Steinhardt"], ["Grokking", "Mechanistic Interpretability"],
     ["phen:grokking"], "Grokking"),
    ("2206.04817", "The Slingshot Mechanism: An Empirical Study of Adaptive Optimizers and the Grokking Phenomenon",
     2022, None, ["Vimal Thilak", "Etai Littwin", "Joshua Susskind"], ["Grokking", "Optimizer"],
     ["phen:grokking"], "Grokking"),
    ("2309.02390", "Explaining grokking through circuit efficiency", 2023, None,
     ["Vikrant Varma", "Rohin Shah", "Zachary Kenton"], ["Grokking"], ["phen:grokking"], "Grokking"),
    ("2303.11873", "A Tale of Two Circuits: Grokking as Competition of Sparse and Dense Subnetworks", 2023,
     "ICLR 2023 Workshop", ["William Merrill", "Nikolaos Tsilivis", "Aman Shukla"], ["Grokking"],
     ["phen:grokking"], "Grokking"),
    ("2310.06110", "Grokking as the Transition from Lazy to Rich Training Dynamics", 2024, "ICLR 2024",
     ["Tanishq Kumar", "Blake Bordelon", "Cengiz Pehlevan"], ["Grokking", "Double Descent"],
     ["phen:grokking", "phen:double-descent"], "Grokking"),
    ("2306.13253", "Predicting Grokking Long Before it Happens", 2023, None,
     ["Pascal Jr. Tikeng Notsawo", "Hattie Zhou", "Guillaume Dumas"], ["Grokking"], ["phen:grokking"], "Grokking"),
    ("2402.15175", "Unified View of Grokking, Double Descent and Emergent Abilities", 2024, None,
     ["Xuekai Huang", "Shiyang Li"], ["Grokking", "Double Descent", "Emergence"],
     ["phen:grokking", "phen:double-descent"], "Grokking"),
    ("1812.11118", "Reconciling modern machine learning practice and the bias-variance trade-off", 2019,
     "PNAS 2019", ["Mikhail Belkin", "Daniel Hsu", "Siyuan Ma", "Soumik Mandal"], ["Double Descent"],
     ["phen:double-descent"], "Double Descent"),
    ("1912.02292", "Deep Double Descent: Where Bigger Models and More Data Hurt", 2020, "ICLR 2020",
     ["Preetum Nakkiran", "Gal Kaplun", "Yamini Bansal", "Boaz Barak"], ["Deep Double Descent"],
     ["phen:double-descent"], "Double Descent"),
    ("1903.07571", "Two models of double descent for weak features", 2020, "SIAM 2020",
     ["Mikhail Belkin", "Daniel Hsu", "Ji Xu"], ["Double Descent"], ["phen:double-descent"], "Double Descent"),
    ("1903.08560", "Surprises in High-Dimensional Ridgeless Least Squares Interpolation", 2022,
     "Annals of Statistics 2022", ["Trevor Hastie", "Andrea Montanari", "Saharon Rosset", "Ryan J. Tibshirani"],
     ["Double Descent", "Ridge Regression"], ["phen:double-descent"], "Double Descent"),
    ("2003.01897", "Optimal Regularization Can Mitigate Double Descent", 2021, "ICLR 2021",
     ["Preetum Nakkiran", "Prayaag Venkat", "Sham Kakade", "Tengyu Ma"], ["Double Descent", "Regularization"],
     ["phen:double-descent"], "Double Descent"),
    ("2011.03321", "Understanding Double Descent Requires a Fine-Grained Bias-Variance Decomposition", 2020,
     "NeurIPS 2020", ["Ben Adlam", "Jeffrey Pennington"], ["Double Descent"], ["phen:double-descent"],
     "Double Descent"),
    ("2007.10099", "Early Stopping in Deep Networks: Double Descent and How to Eliminate it", 2021, "ICLR 2021",
     ["Reinhard Heckel", "Fatih Furkan Yilmaz"], ["Duoble Descent", "Early Stopping"], ["phen:double-descent"],
     "Double Descent"),
    ("1908.05355", "The generalization error of random features regression: Precise asymptotics and double "
     "descent curve", 2019, None, ["Song Mei", "Andrea Montanari"], ["Double Descent", "Random Features"],
     ["phen:double-descent"], "Double Descent"),
    ("2008.01036", "Multiple Descent: Design Your Own Generalization Curve", 2021, "NeurIPS 2021",
     ["Lin Chen", "Yifei Min", "Mikhail Belkin", "Amin Karbasi"], ["Double Descent"], ["phen:double-descent"],
     "Double Descent"),
    ("2303.14151", "Double Descent Demystified: Identifying, Interpreting & Ablating the Sources of a Deep "
     "Learning Puzzle", 2023, None, ["Rylan Schaeffer", "Mikail Khona", "Sanmi Koyejo"], ["Double Descent"],
     ["phen:double-descent"], "Double Descent"),
    ("2006.07710", "The Pitfalls of Simplicity Bias in Neural Networks", 2020, "NeurIPS 2020",
     ["Harshay Shah", "Kaustav Tamuly", "Aditi Raghunathan", "Prateek Jain", "Praneeth Netrapalli"],
     ["Simplicity Bias"], ["phen:simplicity-bias"], "Simplicity Bias"),
    ("1805.08522", "Deep learning generalizes because the parameter-function map is biased towards simple "
     "functions", 2019, "ICLR 2019", ["Guillermo Valle-Pérez", "Chico Q. Camargo", "Ard A. Louis"],
     ["Simplicity Bias"], ["phen:simplicity-bias"], "Simplicity Bias"),
    ("1806.08734", "On the Spectral Bias of Neural Networks", 2019, "ICML 2019",
     ["Nasim Rahaman", "Aristide Baratin", "Devansh Arpit", "Yoshua Bengio", "Aaron Courville"],
     ["Spectral Bias"], ["phen:simplicity-bias"], "Simplicity Bias"),
    ("1905.11604", "SGD on Neural Networks Learns Functions of Increasing Complexity", 2019, "NeurIPS 2019",
     ["Preetum Nakkiran", "Gal Kaplun", "Dimitris Kalimeris", "Boaz Barak"], ["Simplicity Bias"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
    ("2211.11567", "Neural networks trained with SGD learn distributions of increasing complexity", 2023,
     "ICML 2023", ["Maria Refinetti", "Alessandro Ingrosso", "Sebastian Goldt"], ["Simplicity Bias"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
    ("2211.12316", "Simplicity Bias in Transformers and their Ability to Learn Sparse Boolean Functions", 2023,
     "ACL 2023", ["Satwik Bhattamishra", "Arkil Patel", "Varun Kanade", "Phil Blunsom"], ["Simplicity Bias"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
    ("2302.00457", "Simplicity bias in 1-hidden layer neural networks", 2023, "NeurIPS 2023",
     ["Depen Morwani", "Jatin Batra", "Prateek Jain", "Praneeth Netrapalli"], ["Simplicity Bias"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
    ("2004.07780", "Shortcut Learning in Deep Neural Networks", 2020, "Nature Machine Intelligence 2020",
     ["Robert Geirhos", "Jörn-Henrik Jacobsen", "Claudio Michaelis"], ["Shortcut Learning"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
    (None, "What shapes feature representations? Exploring datasets, architectures, and training", 2020,
     "NeurIPS 2020", ["Katherine L. Hermann", "Andrew K. Lampinen"], ["Simplicity Bias"],
     ["phen:simplicity-bias"], "Simplicity Bias"),
]

# Not in the catalog (a seed paper), with no phenomenon: shows up in the full view only.
_SEED = ("2110.13905", "Gradient Starvation: A Learning Proclivity in Neural Networks", 2021, "NeurIPS 2021",
         ["Mohammad Pezeshki", "Sékou-Oumar Kaba", "Yoshua Bengio"], [], [], None)

# (citing arxiv id, cited arxiv id)
_CITES = [
    ("2205.10343", "2201.02177"), ("2210.01117", "2201.02177"), ("2210.01117", "2205.10343"),
    ("2301.05217", "2201.02177"), ("2206.04817", "2201.02177"), ("2309.02390", "2201.02177"),
    ("2309.02390", "2301.05217"), ("2303.11873", "2201.02177"), ("2310.06110", "2201.02177"),
    ("2310.06110", "1912.02292"), ("2306.13253", "2201.02177"), ("2402.15175", "2201.02177"),
    ("2402.15175", "1912.02292"), ("1912.02292", "1812.11118"), ("1903.07571", "1812.11118"),
    ("1903.08560", "1812.11118"), ("2003.01897", "1912.02292"), ("2011.03321", "1912.02292"),
    ("2007.10099", "1912.02292"), ("1908.05355", "1812.11118"), ("2008.01036", "1812.11118"),
    ("2303.14151", "1912.02292"), ("1905.11604", "1806.08734"), ("2006.07710", "1905.11604"),
    ("2211.11567", "1905.11604"), ("2211.12316", "2006.07710"), ("2302.00457", "2006.07710"),
    ("2006.07710", "1805.08522"), ("2110.13905", "2006.07710"), ("2004.07780", "1806.08734"),
]

BUILD_META = {
    "finished_at": "2026-11-23T12:00:00+00:00",
    "sources": {"catalog": "snapshot", "semantic_scholar": "skipped"},
}


def build_fixture_records() -> GraphRecords:
    """The fixture graph as records: papers, authors, venues, keywords, phenomena and edges."""
    records = GraphRecords()
    for pid, (name, synonyms) in PHENOMENA.items():
        records.phenomena[pid] = Phenomenon(id=pid, name=name, synonyms=synonyms)
    for arxiv_id, title, year, venue, authors, keywords, phenomena, section in [*_PAPERS, _SEED]:
        key = paper_key(arxiv_id=arxiv_id, title=title)
        in_catalog = section is not None
        records.papers[key] = Paper(
            id=key, title=title, year=year, arxiv_id=arxiv_id, venue=venue, section=section,
            sections=[section] if section else [], in_catalog=in_catalog, keywords=list(keywords),
            url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
            code_urls=["https://github.com/openai/grok"] if arxiv_id == "2201.02177" else [],
            sources=["catalog"] if in_catalog else ["seed"],
            # Deterministic made-up counts; the store also needs one non-null INT per batch.
            citation_count=(len(title) * 7) % 400, influential_citation_count=len(title) % 20,
        )
        for position, name in enumerate(authors):
            records.authors.setdefault(author_key(name), Author(id=author_key(name), name=name))
            records.add_edge(Wrote(source=author_key(name), target=key, position=position))
        for word in keywords:
            records.keywords.setdefault(keyword_key(word), Keyword(id=keyword_key(word), name=word))
            records.add_edge(HasKeyword(source=key, target=keyword_key(word)))
        for pid in phenomena:
            records.add_edge(About(source=key, target=pid, via="keyword"))
        if venue:
            records.venues.setdefault(venue_key(venue), Venue(id=venue_key(venue), name=venue))
            records.add_edge(PublishedIn(source=key, target=venue_key(venue)))
    for i, (citing, cited) in enumerate(_CITES):
        records.add_edge(Cites(source=f"arxiv:{citing}", target=f"arxiv:{cited}",
                               is_influential=i % 3 == 0, origin="fixture"))
    return records


def write_fixture_store(path: str | Path, records: GraphRecords | None = None, build: dict | None = None) -> Path:
    """Write the fixture graph, or ``records``, with build metadata (``build``, default :data:`BUILD_META`)
    to a LadybugDB file; returns its path."""
    records = records if records is not None else build_fixture_records()
    meta = {"build": {**(build if build is not None else BUILD_META), "counts": records.counts()}}
    with EmbeddedStore(path, read_only=False) as store:
        store.write(records, meta=meta)
    return Path(path)
