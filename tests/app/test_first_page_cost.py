"""What a cold app's first page pays for: the modules it imports and the graph read before a browser asks.

Each check runs in a fresh interpreter (what a new server process is), on the fixture graph in a real
embedded store.  Timings live in ``benchmarks/bench_first_page.py``; these tests keep the causes away.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.app_pages import APP

ROOT = Path(__file__).resolve().parents[2]

# Heavy packages the Graph page does not need: the build and its loaders, Semantic Scholar's client,
# the exporters, pyvis (jinja2, IPython), the CSL schema (pydantic), and pandas (pyarrow imports it
# on pa.array(list), combine_chunks and to_numpy).
NOT_ON_THE_FIRST_PAGE = ("app.pipeline.build", "app.pipeline.analytics", "loaders.s2", "loaders.csl_schema",
                         "graph.export.registry", "pyvis", "IPython", "jinja2", "pydantic", "pandas")


def run_fresh(code: str, home: Path) -> dict:
    """Run ``code`` (which prints one JSON line last) in a new Python with PHENOMENA_HOME=home."""
    env = {**os.environ, "PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_graph_page_reads_its_graph_without_the_heavy_packages(full):
    found = run_fresh(f"""
        import json, sys
        from app.web import graphpanel, graphview, overview_page, services, ui
        from app.pipeline.stores import open_store
        from app.settings import load_settings
        with open_store(load_settings(), write=False) as store:
            graph = services.load_paper_graph(store, key="test")
        view = services.select_view(graph, top_n=services.DEFAULT_TOP_N)
        print(json.dumps({{"papers": len(graph.papers), "drawn": len(view.nodes),
                          "about": len(graph.edges["ABOUT"].source),
                          "loaded": [m for m in {NOT_ON_THE_FIRST_PAGE!r} if m in sys.modules]}}))
    """, full)
    assert found["papers"] > 0 and found["drawn"] > 0 and found["about"] > 0
    assert found["loaded"] == []


def test_the_pipeline_names_still_resolve_on_first_use(full):
    found = run_fresh("""
        import json, sys
        import app.pipeline as pipeline
        before = "app.pipeline.build" in sys.modules
        from app.pipeline import run_build
        from app.pipeline.build import run_build as direct
        try:
            pipeline.no_such_name
            missing = "no error"
        except AttributeError as err:
            missing = str(err)
        print(json.dumps({"before": before, "same": run_build is direct, "query": pipeline.run_query.__module__,
                          "missing": missing}))
    """, full)
    assert found == {"before": False, "same": True, "query": "app.pipeline.query",
                     "missing": "module 'app.pipeline' has no attribute 'no_such_name'"}


def test_the_server_warm_up_leaves_the_model_its_similarity_links_and_titles_in_the_shared_cache(full):
    found = run_fresh("""
        import json
        from app.web import serve
        serve.start_warm_up().join(timeout=240)
        from app.web import ui
        graph = ui._paper_graph(ui._version_key())  # a cache hit: the warm-up's own model
        print(json.dumps({"papers": len(graph.papers), "similar": "_similar_edges" in graph.__dict__,
                          "listed": "_paper_list" in graph.__dict__}))
    """, full)
    assert found["papers"] > 0 and found["similar"] is True and found["listed"] is True


def test_the_warm_up_is_silent_without_a_graph(tmp_path):
    found = run_fresh("""
        import json
        from app.web import serve
        serve.start_warm_up().join(timeout=120)
        print(json.dumps({"done": True}))
    """, tmp_path)
    assert found == {"done": True}


def test_the_services_package_names_every_module_export_once():
    found = run_fresh("""
        import importlib, json
        from app.web import services
        exported = {m: list(importlib.import_module(f"app.web.services.{m}").__all__) for m in services.MODULES}
        print(json.dumps({"exported": exported, "listed": {m: list(n) for m, n in services.MODULES.items()},
                          "all": sorted(services.__all__)}))
    """, ROOT)
    assert found["listed"] == found["exported"]  # a name added to a module's __all__ is listed here too
    assert found["all"] == sorted({n for names in found["exported"].values() for n in names})


def test_a_built_graph_draws_its_first_page_without_the_similarity_or_pandas(full, tmp_path):
    """After a build kept its links and its model's snapshot, the warm-up and the Graph page's drawing import
    neither the TF-IDF (scipy), nor pandas (Streamlit imports it for any list or dict a component is
    given), nor the store's engine (the model comes from the snapshot)."""
    home = tmp_path / "home"
    shutil.copytree(full, home)
    found = run_fresh("""
        import json
        from app.pipeline.first_page import prepare_first_page
        from app.settings import load_settings
        print(json.dumps({"kept": prepare_first_page(load_settings(), 0)}))
    """, home)
    assert found["kept"] is True
    found = run_fresh("""
        import json, sys
        from streamlit.testing.v1 import AppTest
        from app.web import serve
        serve.start_warm_up().join(timeout=240)
        at = AppTest.from_file(%r, default_timeout=120)
        at.switch_page("views/graph.py")
        at.run()
        print(json.dumps({"errors": [e.value for e in at.exception], "drawings": len(at.get("component_instance")),
                          "loaded": [m for m in ("scipy.sparse", "pandas", "graph.analytics.similarity", "ladybug")
                                     if m in sys.modules]}))
    """ % str(APP), home)
    assert found["errors"] == [] and found["drawings"] == 1
    assert found["loaded"] == []
