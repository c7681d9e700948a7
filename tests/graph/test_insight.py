"""Bridges, bursts and clusters on an offline build of the bundled catalog, through the CLI and the library."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graph.analytics.bursts import burst_years, detect_bursts, keyword_bursts
from graph.analytics.clusters import _same_label, label_key
from graph.analytics.phenomena import phenomenon_timeline
from graph.safe_text import shown_text

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, home: Path, timeout=300):
    env = {**os.environ, "PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def offline_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("offline")
    done = run_cli("build", "--offline", home=home)
    assert done.returncode == 0, done.stderr
    return home


def _titles(cli_output: str) -> list[str]:
    return [line.split(". ", 1)[1].rsplit(" (", 2)[0] for line in cli_output.splitlines()
            if line[:3].strip().rstrip(".").isdigit()]


def test_offline_bridges_cli_and_report_agree(offline_home, tmp_path):
    done = run_cli("bridges", "grokking", "double descent", "--top", "5", home=offline_home)
    assert done.returncode == 0, done.stderr
    titles = _titles(done.stdout)
    assert "Unifying Grokking and Double Descent" in titles[:3]
    assert "shared concepts" in done.stdout and "about Grokking" in done.stdout  # the reason is shown
    simple = run_cli("bridges", "grokking", "simplicity-bias", home=offline_home)
    # the seed-list phenomenon: a bridge, or (its few papers share no signature term) the sentence saying none
    assert simple.returncode == 0 and (_titles(simple.stdout) or "no paper bridges grokking and simplicity-bias in "
                                       "this graph" in simple.stdout), simple.stdout + simple.stderr

    out = tmp_path / "out"
    done = run_cli("export", str(out), "--format", "phenomena", "--bridge", "grokking,double descent",
                   home=offline_home)
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "phenomena.json").read_text(encoding="utf-8"))
    first = report["bridges"][0]
    assert (first["a"], first["b"]) == ("grokking", "double-descent")
    assert [p["title"] for p in first["papers"]] == titles  # the report ranks as the CLI does
    md = shown_text((out / "phenomena.md").read_text(encoding="utf-8"))  # as a Markdown reader shows it
    assert "## Bridge papers" in md and "Unifying Grokking and Double Descent" in md
    assert "Burst years: 2020–2022" in md  # lottery tickets: the catalog's LTH wave
    assert "## Keyword bursts" in md
    assert "lazy-training ⊂ neural-tangent-kernel" in md  # the hierarchy on the map


def test_offline_analyze_and_reports_explain_gaps_bursts_and_missing_bridges(offline_home, tmp_path):
    done = run_cli("analyze", home=offline_home)
    assert done.returncode == 0, done.stderr
    assert "catalog gaps need citations and this graph has none: run `phenomena build` online" in done.stdout
    out = tmp_path / "r"
    assert run_cli("export", str(out), "--format", "phenomena", "--format", "gaps",
                   "--bridge", "neural collapse,double descent", home=offline_home).returncode == 0
    md = shown_text((out / "phenomena.md").read_text(encoding="utf-8"))  # as a Markdown reader shows it
    assert "Burst years: too few papers per year to tell" in md and "Burst years: none." not in md
    assert "--neighbourhood" in (out / "gaps.md").read_text(encoding="utf-8")
    done = run_cli("bridges", "neural collapse", "double descent", home=offline_home)
    assert done.returncode == 0 and "in this graph" in done.stdout
    if not _titles(done.stdout):  # no bridge: one sentence that says so, in the CLI and the report
        assert done.stdout.startswith("no paper bridges neural collapse and double descent in this graph")
        assert "No paper bridges neural-collapse and double-descent in this graph" in md


def test_bad_bridge_pair_is_a_one_line_error(offline_home, tmp_path):
    done = run_cli("export", str(tmp_path / "x"), "--format", "phenomena", "--bridge", "grokking", home=offline_home)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1 and "--bridge" in done.stderr
    done = run_cli("bridges", "grokking", "no such thing", home=offline_home)
    assert done.returncode == 1 and "no phenomenon 'no such thing'" in done.stderr
    assert not (tmp_path / "x").exists()


def test_offline_clusters_have_few_singletons_and_distinct_labels(offline_home, tmp_path, capsys):
    out = tmp_path / "c"
    assert run_cli("export", str(out), "--format", "report", home=offline_home).returncode == 0
    data = json.loads((out / "clusters.json").read_text(encoding="utf-8"))
    membership = data["membership"]
    sizes = {}
    for c in membership.values():
        sizes[c] = sizes.get(c, 0) + 1
    alone = sum(1 for c in membership.values() if sizes[c] == 1)
    share = alone / len(membership)
    with capsys.disabled():
        print(f"\n[clusters] {len(sizes)} clusters, {alone} of {len(membership)} papers alone ({share:.1%})")
    assert share <= 0.10
    for cl in data["clusters"]:
        terms = cl["terms"]
        for i, t in enumerate(terms):
            assert not any(_same_label(label_key(t), label_key(u)) for u in terms[:i]), terms
        assert cl["top_papers"]  # each label comes with its top papers
    assert any(cl["phenomena"] for cl in data["clusters"])


def test_label_variants():
    assert _same_label(label_key("NTK"), label_key("Neural Tangent Kernels"))
    assert _same_label(label_key("pac-bayes bound"), label_key("PAC-Bayes bounds"))
    assert not _same_label(label_key("grokking"), label_key("double descent"))


# -- bursts -------------------------------------------------------------------

def test_planted_burst_is_found_and_nothing_else():
    years = list(range(2000, 2020))
    totals = {y: 200 + 10 * (y - 2000) for y in years}  # a growing field
    base = {y: round(0.02 * totals[y]) for y in years}
    planted = {**base, **{y: round(0.08 * totals[y]) for y in (2011, 2012, 2013)}}
    found = detect_bursts(planted, totals)
    assert [(b["start"], b["end"]) for b in found] == [(2011, 2013)] and found[0]["weight"] > 0
    assert detect_bursts(base, totals) == []  # a steady share has no burst, however the field grows
    assert detect_bursts({}, totals) == [] and detect_bursts({2000: 1}, {2000: 5}) == []


def test_phenomenon_timeline_shows_burst_years():
    G = nx.Graph()
    n = 0
    for year in range(2010, 2020):
        for i in range(20):
            about = ["x"] if (year in (2015, 2016) and i < 10) or (i == 0) else []
            G.add_node(n, year=year, phenomena=about, keywords=["Hot"] if about else ["Cold"])
            n += 1
    t = phenomenon_timeline(G, "x")
    assert t["burst_years"] == [2015, 2016] == burst_years(t["bursts"])
    assert keyword_bursts(G, min_papers=3)[0]["keyword"] == "Hot"


def test_export_all_tags_adds_no_section_only_tags(offline_home, tmp_path):
    default, every = tmp_path / "d", tmp_path / "a"
    assert run_cli("export", str(default), "--format", "phenomena", home=offline_home).returncode == 0
    assert run_cli("export", str(every), "--format", "phenomena", "--all-tags", home=offline_home).returncode == 0
    size = {name: json.loads((d / "phenomena.json").read_text(encoding="utf-8"))["timelines"]["emergence"]["papers"]
            for name, d in (("default", default), ("all", every))}
    # Weak tags are no longer ABOUT edges (a section listing is a LISTED_IN fact), so --all-tags
    # finds the same papers: the mixed "Emergence and Phase Transitions" section adds none.
    assert size["default"] == size["all"] > 0
