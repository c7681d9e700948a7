"""A build never silently shrinks the graph; no secret of a setting reaches output, store or cache."""
import hashlib
import json

import pytest

from graph.store.embedded.store import EmbeddedStore
from tests.support.cli import run_cli
from tests.support.shared_data import shared_readme


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme}")
    home = tmp_path_factory.mktemp("guard-home")
    env = {"PHENOMENA_HOME": str(home)}
    result = run_cli("build", "--catalog", str(readme), "--offline", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return home, env, readme


def test_a_bad_catalog_changes_neither_the_graph_nor_sources_json(built, tmp_path):
    home, env, readme = built
    text = readme.read_text(encoding="utf-8")
    bad = {
        "empty": "",
        "headings only": "\n".join(line for line in text.splitlines() if line.startswith("#")),
        "garbage": "\x00\x01 not a catalog at all\n" * 50,
        "truncated to 30%": text[: len(text) * 3 // 10],
    }
    with EmbeddedStore(home / "atlas.lbug") as store:
        before = store.fingerprint()
    manifest = _digest(home / "sources.json")
    for name, content in bad.items():
        path = tmp_path / f"{name}.md"
        path.write_text(content, encoding="utf-8")
        result = run_cli("build", "--catalog", str(path), "--offline", env=env, timeout=300)
        assert result.returncode == 1, (name, result.stderr)
        last = result.stderr.strip().splitlines()[-1]
        assert "nothing was changed" in last and "--force" in last, (name, result.stderr)
        assert _digest(home / "sources.json") == manifest, name
        with EmbeddedStore(home / "atlas.lbug") as store:
            assert store.fingerprint() == before, name
    from tests.support import report
    report.add(f"shrinking builds: {len(bad)} bad catalogs (empty, headings only, garbage, truncated) refused, "
               "graph and sources.json unchanged")


def test_force_accepts_a_smaller_catalog_and_records_it(built, tmp_path):
    home, env, readme = built
    path = tmp_path / "truncated.md"
    text = readme.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 3 // 10], encoding="utf-8")
    copy = tmp_path / "home"
    copy.mkdir()
    (copy / "atlas.lbug").write_bytes((home / "atlas.lbug").read_bytes())
    result = run_cli("build", "--catalog", str(path), "--offline", "--force", env={"PHENOMENA_HOME": str(copy)},
                     timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads((copy / "sources.json").read_text())["catalog"] == str(path.resolve())


def test_no_secret_of_a_url_setting_reaches_output_store_or_cache(tmp_path):
    secret = "s3cr3t-" + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:12]
    env = {"PHENOMENA_HOME": str(tmp_path), "S2_API_URL": f"http://atlas:{secret}@127.0.0.1:9",
           "PHENOMENA_CATALOG_URL": f"http://atlas:{secret}@127.0.0.1:9/README.md", "S2_REQUESTS_PER_SECOND": "1000"}
    result = run_cli("build", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "***@127.0.0.1:9" in result.stdout + result.stderr  # the address is still named, without the secret
    assert secret not in result.stdout + result.stderr
    query = run_cli("query", "MATCH (m:AtlasMeta) RETURN m.value AS v", "--format", "json", env=env)
    assert query.returncode == 0 and secret not in query.stdout
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
