"""`phenomena build` end to end on the embedded store: real files, real CLI processes."""
import json

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.cli import run_cli
from tests.support.shared_data import shared_readme


@pytest.fixture(scope="module")
def built_home(tmp_path_factory):
    """A graph built twice, offline, from the shared README; the counts of each run."""
    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme} (set PHENOMENA_SHARED_DIR)")
    home = tmp_path_factory.mktemp("home")
    env = {"PHENOMENA_HOME": str(home)}
    fingerprints = []
    for _ in range(2):
        result = run_cli("build", "--catalog", str(readme), "--offline", env=env)
        assert result.returncode == 0, result.stderr
        with EmbeddedStore(home / "atlas.lbug") as store:
            fingerprints.append(store.fingerprint(include_meta=False))
    return home, env, fingerprints


def test_build_twice_is_idempotent(built_home):
    _, _, (first, second) = built_home
    # Same nodes, edges and properties; only the build metadata (its time) differs.
    assert first == second
    assert first["counts"]["Paper"] == 602


def test_catalog_papers_one_node_each(built_home):
    home, _, _ = built_home
    with EmbeddedStore(home / "atlas.lbug") as store:
        in_catalog = store.query("MATCH (p:Paper) WHERE p.in_catalog RETURN count(p)").rows[0][0]
        assert in_catalog == 580  # 581 entries, one paper listed in two sections
        dup = store.query("MATCH (p:Paper {id: 'arxiv:1812.05720'}) RETURN p.sections").rows
        assert len(dup) == 1 and len(dup[0][0]) == 2
        seeds = store.query("MATCH (p:Paper) WHERE NOT p.in_catalog RETURN count(p)").rows[0][0]
        assert seeds == 22
        tagged = store.query(
            "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon {id: 'simplicity-bias'}) WHERE NOT p.in_catalog "
            "RETURN p.arxiv_id ORDER BY p.arxiv_id").rows
        assert [r[0] for r in tagged] == ["2006.07710", "2006.09373", "2404.17768", "2410.02348"]
        meta = store.get_meta("build")
        assert meta["sources"] == {"catalog": "file", "semantic_scholar": "offline"}


def test_query_prints_the_count(built_home):
    _, env, _ = built_home
    result = run_cli("query", "MATCH (p:Paper) RETURN count(p) AS papers", env=env)
    assert result.returncode == 0 and result.stdout.split() == ["papers", "------", "602"]
    result = run_cli("query", "MATCH (p:Paper) WHERE p.arxiv_id = $id RETURN p.title AS title",
                     "--param", "id=2201.02177", "--format", "json", env=env)
    assert json.loads(result.stdout) == [{"title": "Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets"}]


def test_query_refuses_writes_without_flag(built_home):
    _, env, _ = built_home
    result = run_cli("query", "MATCH (p:Paper) DETACH DELETE p", env=env)
    assert result.returncode == 1 and "read-only" in result.stderr
    assert run_cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "csv", env=env).stdout.split() == ["n", "602"]


def test_offline_build_without_catalog_uses_the_bundled_snapshot(tmp_path):
    result = run_cli("build", "--offline", env={"PHENOMENA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "bundled snapshot" in result.stderr
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        assert store.query("MATCH (p:Paper) WHERE p.in_catalog RETURN count(p)").rows[0][0] == 580
        assert store.query("MATCH (p:Paper) WHERE p.digest IS NOT NULL RETURN count(p)").rows[0][0] == 0


def test_import_merges_and_is_idempotent(tmp_path):
    env = {"PHENOMENA_HOME": str(tmp_path)}
    assert run_cli("build", "--offline", env=env).returncode == 0
    data = __import__("pathlib").Path(__file__).parents[1] / "data" / "import"
    first = run_cli("import", str(data / "reading-list.bib"), "--offline", env=env)
    assert first.returncode == 0, first.stderr
    assert "line 26: malformed BibTeX entry" in first.stderr and "line 30: entry 'notitle2020' has no title" in first.stderr
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        after_first = store.fingerprint(include_meta=False)
        # The catalog paper and both BibTeX versions of Deep Double Descent are one node.
        ddd = store.query("MATCH (p:Paper) WHERE p.arxiv_id = '1912.02292' "
                          "RETURN p.doi, p.sources, p.in_catalog, p.in_library").rows
        assert ddd == [["10.1088/1742-5468/ac3a74", ["catalog", "import:reading-list.bib", "library:reading-list.bib"],
                        True, True]]
        # Edges say where they came from: the seed paper's authors come from the BibTeX file.
        origins = store.query("MATCH (a:Author)-[w:WROTE]->(p:Paper {id: 'arxiv:2006.07710'}) "
                              "RETURN DISTINCT w.origin").rows
        assert origins == [["import:reading-list.bib"]]
        about = store.query("MATCH (p:Paper {id: 'arxiv:2006.07710'})-[r:ABOUT]->(f:Phenomenon) RETURN r.origin").rows
        assert about == [["seed:simplicity bias"]]
    again = run_cli("import", str(data / "reading-list.bib"), "--offline", env=env)
    assert again.returncode == 0 and "already imported" in again.stdout
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        assert store.fingerprint(include_meta=False) == after_first
    # A later build reads the file's kept records (parsed once) and builds the same graph.
    (kept,) = list((tmp_path / "cache" / "parsed-imports").iterdir())
    stamp = (kept / "Paper.arrow").stat().st_mtime_ns
    rebuilt = run_cli("build", "--offline", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert list((tmp_path / "cache" / "parsed-imports").iterdir()) == [kept]
    assert (kept / "Paper.arrow").stat().st_mtime_ns == stamp  # read, not parsed and written again
    with EmbeddedStore(tmp_path / "atlas.lbug") as store:
        assert store.fingerprint(include_meta=False) == after_first
