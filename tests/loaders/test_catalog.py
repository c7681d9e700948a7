"""Tests of the catalog loader: the real README (when ../shared is there), inline texts, loading."""
from __future__ import annotations

import importlib.util
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.errors import SourceError
from loaders import catalog_files
from loaders.catalog import CATALOG_URL, SNAPSHOT_PATH, CatalogEntry, entries_to_json, parse_catalog
from loaders.catalog_files import load_catalog
from tests.support.shared_data import shared_readme

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["Empirical Study", "Neural Collapse", "Deep Double Descent", "Lottery Ticket Hypothesis",
            "Emergence and Phase Transitions", "Interactions with Neuroscience", "Information Bottleneck",
            "Neural Tangent Kernel", "Others"]


@pytest.fixture(scope="module")
def readme_text() -> str:
    path = shared_readme()
    if not path.is_file():
        pytest.skip(f"shared catalog README not found at {path} (set PHENOMENA_SHARED_DIR to the shared folder)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(readme_text):
    return parse_catalog(readme_text)


@pytest.fixture(scope="module")
def by_line(parsed) -> dict[int, CatalogEntry]:
    return {e.line: e for e in parsed.entries}


def entry_titled(parsed, title: str, section: str | None = None) -> CatalogEntry:
    found = [e for e in parsed.entries if e.title == title and section in (None, e.section)]
    assert len(found) == 1, f"{len(found)} entries titled {title!r}"
    return found[0]


# --- the real README: the done-when numbers ---------------------------------------------------------

def test_counts_of_the_shared_readme(parsed):
    assert len(parsed.entries) == 581
    assert sum(1 for e in parsed.entries if e.arxiv_id) == 559
    sections = list(dict.fromkeys(e.section for e in parsed.entries))
    assert sections == SECTIONS


def test_parsing_is_fast(readme_text):
    start = time.perf_counter()
    parse_catalog(readme_text)
    assert time.perf_counter() - start < 1.0


def test_every_top_level_bullet_of_paper_sections_is_an_entry(readme_text, parsed):
    # Independent count: "- " bullets between the first "##" and "## Related Resources".
    lines = readme_text.split("\n")
    first = next(i for i, l in enumerate(lines) if l.startswith("## "))
    last = next(i for i, l in enumerate(lines) if l.startswith("## Related Resources"))
    bullets = [i + 1 for i in range(first, last) if lines[i].startswith("- ")]
    assert [e.line for e in parsed.entries] == bullets


def test_problems_are_exactly_the_oddities(parsed):
    got = [(p.line, p.message) for p in parsed.problems]
    assert got == [
        (405, "no 'Key Word:' line"),
        (533, "label 'key Word:' read as 'Key Word:'"),
        (788, "no [[paper]] link"),
        (1300, "label 'Key Work:' read as 'Key Word:'"),
        (1403, "empty [[paper]] link"),
        (1428, "author names are glued together: split before capital letters"),
        (1727, "label 'Key Work:' read as 'Key Word:'"),
        (1971, "no [[paper]] link"),
        (2940, "label 'Key Wrod:' read as 'Key Word:'"),
    ]


def test_contributing_template_and_link_lists_are_not_entries(parsed):
    titles = {e.title for e in parsed.entries}
    assert "Paper Title" not in titles
    assert not any("Blog" in t for t in titles)
    assert max(e.line for e in parsed.entries) < 3132   # "## Related Resources"
    assert all(p.line < 3132 for p in parsed.problems)


def test_plain_entry_with_year_subsection(by_line):
    e = by_line[35]
    assert (e.section, e.subsection) == ("Empirical Study", "Empirical Study: 2025")
    assert e.title == "Sharp Minima Can Generalize: A Loss Landscape Perspective On Data"
    assert e.authors == ["Raymond Fan", "Bryce Sandlund", "Lin Myat Ko"]
    assert e.venue is None and e.year == 2025       # year from arXiv 2511.xxxxx
    assert e.keywords == ["Loss Landscape", "Sharp Minima", "Generalization"]
    assert e.arxiv_id == "2511.04808" and e.doi is None
    assert e.paper_url == "https://arxiv.org/abs/2511.04808" and e.code_urls == []
    assert e.digest.startswith("The volume hypothesis suggests deep learning")
    assert e.digest.endswith("become (relatively) large.")


def test_venue_year_wins_over_arxiv_year(parsed):
    e = entry_titled(parsed, "Why ReLU networks yield high-confidence predictions far away from the "
                             "training data and how to mitigate the problem", "Empirical Study")
    assert e.arxiv_id == "1812.05720" and e.venue == "CVPR 2019" and e.year == 2019


def test_label_typos(by_line):
    assert by_line[1298].title == "Progress measures for grokking via mechanistic interpretability"
    assert by_line[1298].keywords == ["Grokking", "Interpretability"]                 # Key Work:
    assert by_line[1725].keywords == ["Neural Tangent Kernel", "Feature Learning", "Tensor Programs", "Tutorial"]
    assert by_line[2938].keywords == ["ReLU", "Adversarial Example"]                   # Key Wrod:
    assert by_line[531].keywords == ["Neural Collapse", "Differential Privacy"]        # key Word:


def test_missing_keyword_line(by_line):
    e = by_line[405]
    assert e.title == "Deep ReLU Networks Have Surprisingly Few Activation Patterns"
    assert e.authors == ["Boris Hanin", "David Rolnick"]
    assert (e.venue, e.year, e.keywords, e.arxiv_id) == ("NeurIPS 2019", 2019, [], "1906.00904")
    assert e.digest.startswith("In this paper, we show that the average number of activation patterns")


def test_commas_between_keywords(by_line):
    e = by_line[618]
    assert e.title == "A Geometric Analysis of Neural Collapse with Unconstrained Features"
    assert e.keywords == ["Neural Collapse", "Nonconvex Optimization"]
    assert e.code_urls == ["https://github.com/tding1/Neural-Collapse"]
    assert (e.venue, e.year, e.arxiv_id) == ("NeurIPS 2021", 2021, "2105.02375")


def test_authors_separated_by_semicolons(by_line):
    e = by_line[1411]
    assert e.title == "How deep is the brain? The shallow brain hypothesis"
    assert e.authors == ["Mototaka Suzuki", "Cyriel M. A. Pennartz", "Jaan Aru"]
    assert e.paper_url == "https://www.nature.com/articles/s41583-023-00756-z"
    assert e.doi == "10.1038/s41583-023-00756-z"
    assert (e.arxiv_id, e.venue, e.year) == (None, None, None)


def test_author_list_in_details_with_ampersand_and_venue(by_line):
    e = by_line[1534]
    assert e.title == "A deep learning framework for neuroscience"
    assert len(e.authors) == 32
    assert e.authors[:2] == ["Blake A. Richards", "Timothy P. Lillicrap"]
    assert e.authors[-2:] == ["Denis Therien", "Konrad P. Kording"]
    assert e.venue == "Nature Neuroscience" and e.year is None
    assert e.doi == "10.1038/s41593-019-0520-2"
    assert e.keywords == ["Deep Learning", "Neuroscience"]


def test_long_author_list_keeps_non_ascii_names(by_line):
    e = by_line[140]
    assert e.title == "Why is the winner the best?"
    assert len(e.authors) == 125
    assert e.authors[0] == "Matthias Eisenmann" and e.authors[-1] == "Lena Maier-Hein"
    assert "Numan Saeed" in e.authors and "Arnaud Huaulmé" in e.authors and "Oldřich Kodym" in e.authors
    assert (e.arxiv_id, e.year, e.venue) == ("2303.17719", 2023, None)


def test_glued_authors_are_split(by_line):
    e = by_line[1428]
    assert e.title == "Deep Problems with Neural Network Models of Human Vision"
    assert e.authors == [
        "Jeffrey S Bowers", "Gaurav Malhotra", "Marin Dujmović", "Milton Llera Montero", "Christian Tsvetkov",
        "Valerio Biscione", "Guillermo Puebla", "Federico G Adolfi", "John Hummel", "Rachel Flood Heaton",
        "Benjamin Evans", "Jeff Mitchell", "Ryan Blything"]
    assert e.paper_url == "https://psyarxiv.com/5zf4s/"
    assert (e.arxiv_id, e.doi, e.year) == (None, None, None)     # psyarxiv is not arXiv


def test_entries_without_links(by_line):
    e = by_line[788]
    assert e.title == "On the Sparsity of the Strong Lottery Ticket Hypothesis"
    assert e.authors == ["Emanuele Natale", "Davide Ferré", "Giordano Giambartolomei", "Frédéric Giroire",
                         "Frederik Mallmann-Trenn"]
    assert e.keywords == ["Strong Lottery Ticket Hypothesis"]
    assert (e.paper_url, e.arxiv_id, e.doi, e.year, e.code_urls) == (None, None, None, None, [])
    q = by_line[1971]
    assert q.title == "Does Flatness imply Generalization for Logistic Loss in Univariate Two-Layer ReLU Network?"
    assert q.authors == ["Dan Qiao", "Yu-Xiang Wang"]
    assert q.keywords == ["Flatness", "Generalization", "Logistic Loss", "ReLU Network"]


def test_empty_link(by_line):
    e = by_line[1403]
    assert e.title == ("ImageNet-trained CNNs are not biased towards texture: Revisiting feature reliance "
                       "through controlled suppression")
    assert e.authors == ["Tom Burgert", "Oliver Stoll", "Paolo Rota", "Begüm Demir"]
    assert (e.paper_url, e.arxiv_id, e.year) == (None, None, None)
    assert e.keywords == ["Shape-Texture", "Psychophysical Experiments"]


def test_nature_link_with_tracking_query(by_line):
    e = by_line[58]
    assert e.title == "AI models collapse when trained on recursively generated data"
    assert e.paper_url == "https://www.nature.com/articles/s41586-024-07566-y"
    assert e.doi == "10.1038/s41586-024-07566-y"
    assert (e.venue, e.year, e.arxiv_id) == ("Nature", None, None)
    assert e.authors[0] == "Ilia Shumailov" and e.authors[-1] == "Yarin Gal"


def test_pnas_link_and_three_space_indent(by_line):
    e = by_line[1423]
    assert e.paper_url == "https://www.pnas.org/doi/abs/10.1073/pnas.2201304119"
    assert e.doi == "10.1073/pnas.2201304119"
    assert e.authors == ["Konstantin Volzhenin", "Jean-Pierre Changeux", "Guillaume Dumas"]
    assert (e.venue, e.year) == ("PNAS", None)
    assert e.keywords == ["Global Neuronal Workspace"]
    assert e.digest.startswith("We introduce a three-level computational model")


def test_biorxiv_and_science_links(by_line):
    b = by_line[1448]
    assert b.title == "Building Transformers from Neurons and Astrocytes"
    assert b.paper_url == "https://www.biorxiv.org/content/10.1101/2022.10.12.511910v1"
    assert b.doi == "10.1101/2022.10.12.511910"
    assert b.authors == ["Leo Kozachkov", "Ksenia V. Kastanenka", "Dmitry Krotov"]
    s = by_line[1433]
    assert s.doi == "10.1126/sciadv.abm2219" and s.venue == "Science Advances"
    assert s.authors == ["Nicholas J Sexton", "Bradley C Love"]


def test_openreview_and_pmlr_links(by_line):
    o = by_line[847]
    assert o.title == "Revisit Kernel Pruning with Lottery Regulated Grouped Convolutions"
    assert o.paper_url == "https://openreview.net/forum?id=LdEhiMG9WLO"
    assert o.code_urls == ["https://github.com/choH/lottery_regulated_grouped_kernel_pruning"]
    assert (o.arxiv_id, o.doi, o.venue, o.year) == (None, None, "ICLR 2022", 2022)
    p = by_line[1827]
    assert p.title == "Neural Tangent Generalization Attacks"
    assert p.paper_url == "https://proceedings.mlr.press/v139/yuan21b.html"
    assert p.authors == ["Chia-Hung Yuan", "Shan-Hung Wu"]
    assert (p.arxiv_id, p.doi, p.venue, p.year) == (None, None, "ICML 2021", 2021)


def test_arxiv_link_with_empty_fragment(by_line):
    e = by_line[780]
    assert e.title == "Find A Winning Sign: Sign Is All We Need to Win the Lottery"
    assert (e.arxiv_id, e.paper_url, e.year) == ("2504.05357", "https://arxiv.org/abs/2504.05357", 2025)


def test_trailing_backslash_and_other_link_labels(by_line):
    e = by_line[1870]
    assert e.title == "Mathematical Models of Overparameterized Neural Networks"
    assert e.code_urls == ["https://github.com/hendrydong/NTK-and-MF-examples"]
    assert (e.venue, e.year, e.arxiv_id) == ("Proceedings of the IEEE", 2020, "2012.13982")
    b = by_line[2896]
    assert b.title == "Machine learning meets quantum physics"
    assert b.other_urls == ["https://link.springer.com/book/10.1007/978-3-030-40245-7"]
    assert (b.arxiv_id, b.doi) == ("1903.03516", None)


def test_closed_and_unclosed_details(by_line):
    closed = by_line[1948]
    assert closed.section == "Others" and closed.subsection == "Others: 2026"
    assert closed.arxiv_id == "2605.14685" and closed.year == 2026
    assert closed.digest.endswith("long-term memory on long-sequence tasks.")
    assert "</details>" not in closed.digest
    assert all("<details>" not in (e.digest or "") and "</details>" not in (e.digest or "")
               for e in by_line.values())


def test_duplicates_across_sections_are_kept(parsed):
    dup = [e for e in parsed.entries if e.arxiv_id == "1812.05720"]
    assert [(e.line, e.section) for e in dup] == [(446, "Empirical Study"), (2938, "Others")]
    assert dup[0].keywords == ["ReLU"] and dup[1].keywords == ["ReLU", "Adversarial Example"]


def test_text_is_nfc_and_titles_lose_only_the_final_period(parsed):
    import unicodedata
    for e in parsed.entries:
        assert unicodedata.is_normalized("NFC", e.title)
        assert all(unicodedata.is_normalized("NFC", a) for a in e.authors)
        assert not e.title.endswith(".")
        assert all(a and not a.endswith(",") for a in e.authors)
        assert all(k and k == k.strip() and not k.endswith(".") for k in e.keywords)


# --- inline texts (no shared data needed) ------------------------------------------------------------

def test_empty_input():
    parse = parse_catalog("")
    assert parse.entries == [] and parse.problems == []


def test_malformed_lines_are_reported_with_line_numbers():
    text = "\n".join([
        "# Awesome",                                              # 1
        "- [TOC link](#x)",                                       # 2  before any section: ignored
        "## Others",                                              # 3
        "  - orphan sub-item",                                    # 4
        "- [[paper]](https://arxiv.org/abs/2201.02177)",          # 5  no title
        "- Good. [[paper]](https://arxiv.org/abs/2201.02177)",    # 6
        "  - A. Author, B. Author. *ICML 2023*",                  # 7
        "  - Key Word: X; Y.",                                    # 8
        "  - Notes: something",                                   # 9  unknown label
        "",                                                       # 10
        "stray paragraph",                                        # 11
        "-",                                                      # 12 empty bullet
    ])
    parse = parse_catalog(text)
    assert [(p.line, p.message) for p in parse.problems] == [
        (4, "sub-item with no entry above it: not read"),
        (5, "bullet has no title: not read as an entry"),
        (9, "unknown label 'Notes:' under an entry: not read"),
        (11, "text outside any entry: not read"),
        (12, "bullet has no title: not read as an entry"),
    ]
    assert parse.problems[2].text == "Notes: something"
    [e] = parse.entries
    assert (e.line, e.title, e.authors, e.venue, e.year, e.keywords, e.arxiv_id) == (
        6, "Good", ["A. Author", "B. Author"], "ICML 2023", 2023, ["X", "Y"], "2201.02177")


def test_truncated_entry():
    text = "## Others\n### Others: 2022\n- Cut short. [[paper]](https://arxiv.org/abs/22"
    parse = parse_catalog(text)
    [e] = parse.entries
    assert (e.line, e.section, e.subsection, e.title) == (3, "Others", "Others: 2022", "Cut short")
    assert (e.paper_url, e.arxiv_id, e.authors, e.keywords, e.digest) == (None, None, [], [], None)
    assert [(p.line, p.message) for p in parse.problems] == [
        (3, "could not read the links '[[paper]](https://arxiv.org/abs/22'"),
        (3, "no [[paper]] link"), (3, "no author line"), (3, "no 'Key Word:' line")]


def test_inline_irregular_forms():
    text = "\r\n".join([
        "## Theory",
        "- Old one. [[paper]](https://arxiv.org/pdf/hep-th/9901001v2.pdf) [[code]](https://github.com/a/b)",
        "  - Marin Dujmovic\u0301 and Ann Lee",              # decomposed accent: stored NFC
        "  - Key Wrod: Strings, Branes",
        "  - <details><summary>Digest</summary> First line",
        "    second line.</details>",
        "- New one. [[paper]](https://arxiv.org/html/2402.03187v3?utm_source=feed#sec2)",
        "  - <details><summary>Author List</summary> X Y; Z W. *Journal of Things*</details>",
        "  - Key Word: A.",
        "- DOI one [[paper]](https://doi.org/10.1103/PhysRevLett.1.2)",
        "  - Q R.",
        "  - Key Word: B",
    ])
    parse = parse_catalog(text)
    old, new, doi = parse.entries
    assert old.arxiv_id == "hep-th/9901001" and old.year == 1999
    assert old.code_urls == ["https://github.com/a/b"]
    assert old.authors == ["Marin Dujmovi\u0107", "Ann Lee"]
    assert old.keywords == ["Strings", "Branes"]
    assert old.digest == "First line\nsecond line."
    assert new.arxiv_id == "2402.03187" and new.paper_url == "https://arxiv.org/html/2402.03187v3"
    assert (new.authors, new.venue, new.year) == (["X Y", "Z W"], "Journal of Things", 2024)
    assert (doi.title, doi.doi, doi.authors, doi.keywords) == ("DOI one", "10.1103/physrevlett.1.2", ["Q R"], ["B"])
    assert [(p.line, p.message) for p in parse.problems] == [(4, "label 'Key Wrod:' read as 'Key Word:'")]


def test_plain_markdown_link_venue_remarks_and_bare_summary():
    text = "\n".join([
        "## Others",
        "- [Linked Title](https://openreview.net/forum?id=abc&utm_campaign=x)",
        "  - Alice A*, Bob B*. *ICML 2023* (Oral).",
        "  - Key Word: K.",
        "  - <summary>Digest</summary> Short.",
    ])
    parse = parse_catalog(text)
    [e] = parse.entries
    assert (e.title, e.paper_url) == ("Linked Title", "https://openreview.net/forum?id=abc")
    assert (e.authors, e.venue, e.year) == (["Alice A*", "Bob B*"], "ICML 2023 (Oral)", 2023)
    assert (e.keywords, e.digest) == (["K"], "Short.")
    assert parse.problems == []


def test_wrapped_lines_continue_the_item_above():
    text = "\n".join([
        "## Others",
        "- A long",                                              # 2
        "  title. [[paper]](https://arxiv.org/abs/2201.02177)",  # 3 indented: continues the title
        "  - A B.",
        "  - Key Word: K.",
        "  - <details><summary>Digest</summary> One",
        "lazy two.",                                             # 7 unindented, no blank line: continues
        "",
        "after a blank line",                                    # 9 not part of the entry
    ])
    parse = parse_catalog(text)
    [e] = parse.entries
    assert (e.title, e.arxiv_id, e.digest) == ("A long title", "2201.02177", "One\nlazy two.")
    assert [(p.line, p.message) for p in parse.problems] == [(9, "text outside any entry: not read")]


def test_entries_to_json_is_plain_and_complete():
    parse = parse_catalog("## S\n- T. [[paper]](https://arxiv.org/abs/2201.02177)\n  - A B.\n  - Key Word: K.\n"
                          "  - <details><summary>Digest</summary> D")
    [row] = entries_to_json(parse.entries)
    assert json.loads(json.dumps(row)) == row
    for key in ("section", "subsection", "line", "title", "authors", "venue", "year", "keywords", "arxiv_id",
                "doi", "paper_url", "code_urls", "digest"):
        assert key in row
    assert row["digest"] == "D" and row["year"] == 2022


# --- the bundled snapshot ------------------------------------------------------------------------------

def test_snapshot_has_metadata_but_no_digests():
    data = json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))
    assert data["source"] == CATALOG_URL and data["sha"] == "c4ae61aa"
    snap = load_catalog(offline=True)
    assert snap.origin == "snapshot" and len(snap.entries) == 581
    assert sum(1 for e in snap.entries if e.arxiv_id) == 559
    assert all(e.digest is None for e in snap.entries)


def test_snapshot_matches_a_fresh_parse(readme_text):
    spec = importlib.util.spec_from_file_location("make_snapshot", ROOT / "scripts" / "make_catalog_snapshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = SNAPSHOT_PATH.read_text(encoding="utf-8")
    generated = json.loads(committed)["generated"]
    fresh = module.build_snapshot(readme_text, sha="c4ae61aa", generated=generated)
    assert module.dump_snapshot(fresh) == committed, "run scripts/make_catalog_snapshot.py and commit the JSON"


def test_malformed_snapshot_is_a_source_error(tmp_path, monkeypatch):
    bad = tmp_path / "snap.json"
    monkeypatch.setattr(catalog_files, "SNAPSHOT_PATH", bad)  # the path the offline fallback reads
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="unreadable"):
        load_catalog(offline=True)
    bad.write_text('{"entries": [{"nope": 1}]}', encoding="utf-8")
    with pytest.raises(SourceError, match="malformed"):
        load_catalog(offline=True)


# --- loading from a file, a URL (real HTTP on 127.0.0.1), or the snapshot ------------------------------

SMALL = "## Others\n- Grokking. [[paper]](https://arxiv.org/abs/2201.02177)\n  - A B. *ICLR 2022*\n  - Key Word: G.\n"


class _Handler(BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).requests += 1
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path in ("/README.md", "/slow"):
            body = SMALL.encode()
            self.send_response(200)
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    _Handler.requests = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _snapshot_date() -> str:
    return json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))["generated"]


def test_load_from_file(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(SMALL, encoding="utf-8")
    load = load_catalog(str(path))
    assert load.origin == "file" and load.message is None
    assert [e.arxiv_id for e in load.entries] == ["2201.02177"]


def test_missing_file_is_a_one_line_source_error(tmp_path):
    with pytest.raises(SourceError) as err:
        load_catalog(str(tmp_path / "nope.md"))
    assert "\n" not in str(err.value) and "not found" in str(err.value)


def test_load_from_url(server):
    load = load_catalog(f"{server}/README.md")
    assert load.origin == "url" and load.message is None
    assert [(e.title, e.year) for e in load.entries] == [("Grokking", 2022)]


def test_http_error_falls_back_to_snapshot(server):
    load = load_catalog(None, url=f"{server}/missing.md")
    assert load.origin == "snapshot" and len(load.entries) == 581
    assert load.message == (f"catalog: could not fetch {server}/missing.md (HTTP 404); "
                            f"using the bundled snapshot from {_snapshot_date()}")


def test_refused_connection_falls_back_to_snapshot():
    with socket.socket() as sock:          # a port that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    load = load_catalog(f"http://127.0.0.1:{port}/README.md", timeout=2.0)
    assert load.origin == "snapshot" and "\n" not in load.message
    assert load.message.startswith(f"catalog: could not fetch http://127.0.0.1:{port}/README.md (ConnectError")


def test_timeout_falls_back_to_snapshot(server):
    load = load_catalog(f"{server}/slow", timeout=0.3)
    assert load.origin == "snapshot"
    assert "(timed out after 0.3 s)" in load.message


def test_offline_uses_snapshot_without_a_request(server):
    load = load_catalog(f"{server}/README.md", offline=True)
    assert load.origin == "snapshot" and _Handler.requests == 0
    assert load.message == (f"catalog: could not fetch {server}/README.md (offline mode); "
                            f"using the bundled snapshot from {_snapshot_date()}")
