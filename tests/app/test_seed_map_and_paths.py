"""The Seed map and Paths pages through AppTest, and `phenomena seedmap` / `phenomena paths` through the real CLI,
on the fixture graph (with citations) and the same graph without citations (``full`` and ``offline`` homes)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.web import services
from app.web.component import component_args
from graph.model.read import load_graph_model
from graph.store.embedded.store import EmbeddedStore
from tests.support.cli import run_cli

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
SEED = "arxiv:2201.02177"  # Grokking (Power et al. 2022)


def _model(home: Path):
    with EmbeddedStore(home / "atlas.lbug") as store:
        return load_graph_model(store)


def _page(home: Path, monkeypatch, page: str, **params) -> AppTest:
    monkeypatch.setenv("PHENOMENA_HOME", str(home))
    monkeypatch.setenv("PHENOMENA_STORE", "embedded")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _drawing(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return component_args(component.proto.json_args)


def test_seed_map_page_draws_the_map_its_list_and_works(full, monkeypatch):
    at = _page(full, monkeypatch, "views/seedmap.py", seeds="2201.02177")
    assert not at.exception
    m = services.seed_map(_model(full), [SEED], size=40)
    data = _drawing(at)
    assert {n["id"] for n in data["nodes"]} == set(m.nodes)
    assert len(data["edges"]) == len(m.links) + len(m.cites) and m.cites
    labels = {n["id"]: n["labelText"] for n in data["nodes"]}
    assert labels[SEED] == "Power 2022" and all(labels.values())
    assert "colour: year" in data["overlay"] and "size: citations" in data["overlay"]
    texts = [md.value for md in at.markdown]
    assert any("most similar to Power 2022" in t for t in texts)
    assert any(t.startswith(f"1. **{labels[m.papers[0]]}**") for t in texts)  # the ranked list, best first
    assert "**Prior works: cited by most of the map**" in texts
    assert SEED in str(at.query_params.get("seeds"))  # the URL keeps the seeds (a key, from the arXiv id)


def test_seed_map_page_without_citations_draws_no_arrows_and_says_works_need_them(offline, monkeypatch):
    at = _page(offline, monkeypatch, "views/seedmap.py", seeds=SEED)
    assert not at.exception
    data = _drawing(at)
    assert "size: citations" in data["overlay"]  # this home keeps citation counts (a real offline build has none:
    # tests/e2e/test_browser_seed_map.py sees knowledge links there)
    assert not [e for e in data["edges"] if e["kind"] == "CITES"]
    assert any("These need citations" in c.value for c in at.caption)


def test_seed_map_page_without_seeds_asks_for_one(full, monkeypatch):
    at = _page(full, monkeypatch, "views/seedmap.py")
    assert not at.exception and any("Choose a seed paper" in i.value for i in at.info)
    assert not at.get("component_instance")


def test_paths_page_between_two_phenomena_and_no_path(full, monkeypatch):
    at = _page(full, monkeypatch, "views/paths.py", a="grokking", b="double descent")
    assert not at.exception
    found = services.paths_between(_model(full), "grokking", "double descent")
    data = _drawing(at)
    assert {n["id"] for n in data["nodes"]} == set(found.nodes)
    steps = {frozenset((s.source, s.target)) for p in found.paths for s in p}
    assert len(data["edges"]) == len(steps)
    assert all(e["title"] for e in data["edges"])  # each link says why
    text = "\n".join(md.value for md in at.markdown)
    assert "Path 1" in text and found.paths[0][0].reason.split(" is ")[0] in text
    none = _page(full, monkeypatch, "views/paths.py", a="grokking", b="neural collapse")
    assert not none.exception
    (warning,) = none.warning
    assert warning.value.startswith("No path between Grokking and Neural Collapse") and "\n" not in warning.value


def test_paths_page_between_two_papers_by_citations(full, monkeypatch):
    at = _page(full, monkeypatch, "views/paths.py", a="2309.02390", b="1912.02292", kind="papers")
    assert not at.exception
    assert at.radio[0].value == "Two papers"
    data = _drawing(at)
    cites = [e for e in data["edges"] if e["kind"] == "CITES"]
    assert cites and all(e.get("arrows") == "to" for e in cites)
    assert any("through citations" in md.value for md in at.markdown)


# -- the CLI -------------------------------------------------------------------

def test_cli_seedmap_text_and_json(full):
    env = {"PHENOMENA_HOME": str(full)}
    text = run_cli("seedmap", "2201.02177", "--size", "5", env=env)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("5 papers most similar to Power 2022") and " seed Power 2022:" in lines[1]
    assert lines[2].startswith("   1. ") and "[arxiv:" in lines[2]
    out = run_cli("seedmap", "2201.02177", "1912.02292", "--size", "8", "--format", "json", env=env)
    data = json.loads(out.stdout)
    assert data["seeds"] == [SEED, "arxiv:1912.02292"] and len(data["papers"]) == 10
    assert data["size_by"] == "citations" and all(p["reasons"] for p in data["papers"] if not p["seed"])


def test_cli_paths_text_json_and_no_path(full):
    env = {"PHENOMENA_HOME": str(full)}
    out = run_cli("paths", "2309.02390", "1912.02292", "--top", "2", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Path 1 (") and "through citations" in out.stdout
    data = json.loads(run_cli("paths", "grokking", "double descent", "--format", "json", env=env).stdout)
    assert data["a"] == "phen:grokking" and data["paths"] and all(s["reason"] for p in data["paths"]
                                                                  for s in p["steps"])
    none = run_cli("paths", "grokking", "neural collapse", env=env)
    assert none.returncode == 0 and none.stdout.count("\n") == 1 and none.stdout.startswith("No path between")


@pytest.mark.parametrize("args, words", [
    (("seedmap", "9999.99999"), "phenomena grow --paper 9999.99999"),
    (("seedmap", "2201.02177", "--size", "0"), "1 to 100"),
    (("paths", "grokking", "no such thing"), "neither a phenomenon nor a paper"),
    (("paths", "grokking", "phen:grokking"), "same node"),
])
def test_cli_errors_are_one_line(full, args, words):
    out = run_cli(*args, env={"PHENOMENA_HOME": str(full)})
    assert out.returncode == 1 and words in out.stderr and out.stderr.count("\n") == 1 and not out.stdout


@pytest.mark.parametrize("page", ["views/seedmap.py", "views/paths.py"])
def test_missing_store_says_build_first(page, tmp_path, monkeypatch):
    at = _page(tmp_path / "empty", monkeypatch, page)
    assert not at.exception
    assert len(at.error) == 1 and "run `phenomena build` first" in at.error[0].value and "\n" not in at.error[0].value
