"""Hostile strings through every value path: they stay values, change nothing, never reach query text."""
import pytest

from app.pipeline import query_store
from app.web import services
from graph.store.embedded.store import EmbeddedStore
from tests.support.fixture_graph import write_fixture_store

HOSTILE_STRINGS = [
    "x' OR 1=1 //", "'}) DETACH DELETE p //", "\"}) MATCH (n) DETACH DELETE n //", "`Paper`) DETACH DELETE (p",
    "arxiv:2201.02177' RETURN 1 UNION MATCH (n) DETACH DELETE n //", "a\nMATCH (n) DETACH DELETE n",
    "// comment", "/* open comment", "$rows", "{id: 'x'}", "\\'; DROP TABLE Paper; --", "ＣＲＥＡＴＥ",
    "\u0000nul", "😈" * 50, "x" * 5000,
]


class RecordingStore:
    """A real store that remembers every query text it was asked to run."""

    def __init__(self, store):
        self._store, self.texts = store, []

    def query(self, text, params=None, **kw):
        self.texts.append(text)
        return self._store.query(text, params, **kw)

    def __getattr__(self, name):
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = write_fixture_store(tmp_path_factory.mktemp("inj") / "atlas.lbug")
    with EmbeddedStore(path) as s:
        yield RecordingStore(s)


def test_hostile_values_through_services_change_nothing(store, record_property):
    before = store.fingerprint()
    graph = services.load_paper_graph(store)
    store.texts.clear()
    tried = 0
    for value in HOSTILE_STRINGS:
        assert services.load_paper(store, value) is None
        assert services.related_papers(graph, value) == []
        services.search_papers(graph, value)
        services.select_view(graph, phenomenon=value)
        result = query_store(store, "MATCH (p:Paper) WHERE p.title = $t OR p.id = $t RETURN count(p) AS n",
                             {"t": value}).result
        assert result.rows == [[0]]
        tried += 5
    assert store.fingerprint() == before
    leaked = [t for t in store.texts for v in HOSTILE_STRINGS if v in t and len(v) > 3]
    assert not leaked, leaked[:1]
    record_property("injection_cases", tried)
    from tests.support import report
    report.add(f"injection: {tried} hostile values through the app's service paths, 0 reached query text, "
               "store fingerprint unchanged")


def test_hostile_params_on_the_cli(store, tmp_path):
    from tests.app.test_cli import run_cli
    home = tmp_path
    write_fixture_store(home / "atlas.lbug")
    with EmbeddedStore(home / "atlas.lbug") as s:
        before = s.fingerprint()
    for value in HOSTILE_STRINGS[:8]:
        result = run_cli("query", "MATCH (p:Paper) WHERE p.title = $t RETURN count(p) AS n", "--param", f"t={value}",
                         "--format", "csv", env={"PHENOMENA_HOME": str(home)})
        assert result.returncode == 0 and result.stdout.split() == ["n", "0"], result.stderr
    with EmbeddedStore(home / "atlas.lbug") as s:
        assert s.fingerprint() == before
