"""Hostile text in every field a renderer shows, and a loopback listener that counts beacons.

Each payload tries one way out of "text": a Markdown image or link, an autolink, raw HTML,
a script, a Streamlit directive or math, a backtick or bracket breakout, a ``javascript:`` or
``data:`` link.  Every URL in a payload points at :class:`Beacon` (a loopback HTTP listener),
so anything a browser fetches because of the data is counted; and a script that runs sets
``window.__pwned`` or opens a dialog.

:func:`build_hostile_records` puts the payloads into the fixture graph (titles, keywords,
abstracts, TL;DRs, digests, authors, venues, DOIs, urls, code urls, catalog sections, a
phenomenon, cluster labels) and :func:`write_hostile_store` writes it with the real store.
"""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

from graph.drawing.overview import OVERVIEW_MIN_PAPERS
from graph.model.identity import author_key, keyword_key, venue_key
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
from tests.support.fixture_graph import BUILD_META, build_fixture_records

__all__ = ["Beacon", "payloads", "hostile_urls", "build_hostile_records", "write_hostile_store",
           "write_hostile_overview_store", "HOSTILE_PHENOMENON",
           "HOSTILE_PAPERS", "HOSTILE_DOI"]

HOSTILE_PHENOMENON = "phen:hostile"
HOSTILE_PAPERS = [f"s2:{i:040x}" for i in range(1, 7)]  # keys of the hostile papers (S2-style ids)


class Beacon:
    """A loopback HTTP listener that records every request path (a tracking pixel's server)."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.hits = hits
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def payloads(beacon: str, where: str) -> list[str]:
    """One-line payloads for the field ``where`` (the name is in each beacon path, to say which leaked)."""
    b = f"{beacon}/{where}"
    return [
        f"![px]({b}/md-image)",
        f"[Session expired: click here to sign in]({b}/md-link)",
        f"<img src=\"{b}/html-img\" onerror=\"window.__pwned=1\">",
        f"<script>window.__pwned=1;fetch('{b}/script')</script>",
        f"<svg onload=\"alert('{where}')\"></svg><a href=\"javascript:alert('{where}')\">html link</a>",
        f"{b}/autolink www.evil.example/{where} <{b}/angle> mail@evil.example",
        f"`` ` ``![px]({b}/tick)` x",
        f":red[![px]({b}/directive)] :material/warning: $\\href{{javascript:alert(1)}}{{math}}$",
        f"**bold** _em_ ~~del~~ # hash | pipe | &lt;b&gt; \\![px]({b}/backslash)",
        f"[ref][1] [1]: {b}/ref-def",
    ]


def hostile_urls(beacon: str) -> list[str]:
    """Link targets that must never become a live link."""
    return ["javascript:window.__pwned=1", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", f"{beacon}/loopback-url",
            "https://user:pw@evil.example/", "//evil.example/x", "https://evil.example/a b", "http://localhost/x",
            "https://example.org/a)![px](" + beacon + "/u)"]  # the last is a valid url: a link, percent-encoded


HOSTILE_DOI = "10.1234/x)![px]({beacon}/doi)"


def _multiline(beacon: str, where: str) -> str:
    b = f"{beacon}/{where}"
    return (f"# Heading\n\n- list item\n> quote\n\n    indented code\n\n| a | b |\n|---|---|\n| ![px]({b}/table) | x |\n\n"
            f"[ref]\n\n[ref]: {b}/ref-block\n\n<div><img src=\"{b}/block-img\"></div>\n\n" + " ".join(payloads(beacon, where)))


def build_hostile_records(beacon: str) -> GraphRecords:
    """The fixture graph plus six hostile papers on a hostile phenomenon, citing and cited by fixture papers."""
    records = build_fixture_records()
    p = lambda where: payloads(beacon, where)  # noqa: E731
    records.phenomena[HOSTILE_PHENOMENON] = Phenomenon(
        id=HOSTILE_PHENOMENON, name=f"Hostile ![px]({beacon}/phenomenon/md-image) <b>phen</b>",
        description=p("phen-description")[1])
    urls = hostile_urls(beacon)
    grok = "arxiv:2201.02177"
    for i, key in enumerate(HOSTILE_PAPERS):
        title = p("title")[i % 10] + f" #{i}"
        records.papers[key] = Paper(
            id=key, title=title, year=2020 + i, s2_id=key[3:],
            doi=HOSTILE_DOI.format(beacon=beacon) if i == 0 else None,
            url=urls[i % len(urls)], venue=p("venue")[(i + 1) % 10], section=p("section")[(i + 2) % 10],
            sections=[p("section")[(i + 2) % 10]], in_catalog=True, in_library=i % 2 == 0,
            keywords=[p("keyword")[(i + 3) % 10], "Grokking"], code_urls=[*urls, "https://github.com/example/ok"],
            abstract=_multiline(beacon, "abstract"), digest=p("digest")[(i + 4) % 10], tldr=p("tldr")[(i + 5) % 10],
            citation_count=100 - i, sources=["catalog", "import"] if i % 2 == 0 else ["catalog"],
            cluster=0, cluster_label=p("cluster")[(i + 6) % 10], pagerank=0.1,
        )
        for position, name in enumerate([p("author")[i % 10], p("author")[(i + 7) % 10]]):
            records.authors.setdefault(author_key(name), Author(id=author_key(name), name=name))
            records.add_edge(Wrote(source=author_key(name), target=key, position=position))
        for word in records.papers[key].keywords:
            records.keywords.setdefault(keyword_key(word), Keyword(id=keyword_key(word), name=word))
            records.add_edge(HasKeyword(source=key, target=keyword_key(word)))
        venue = records.papers[key].venue
        records.venues.setdefault(venue_key(venue), Venue(id=venue_key(venue), name=venue))
        records.add_edge(PublishedIn(source=key, target=venue_key(venue)))
        records.add_edge(About(source=key, target=HOSTILE_PHENOMENON, via="keyword"))
        records.add_edge(About(source=key, target="phen:grokking", via="keyword"))
        records.add_edge(Cites(source=key, target=grok, origin="fixture"))
        if i:
            records.add_edge(Cites(source=key, target=HOSTILE_PAPERS[i - 1], origin="fixture"))
    return records


def write_hostile_store(path: str | Path, beacon: str) -> Path:
    """Write the hostile graph (with hostile build metadata) to a new LadybugDB file; returns its path."""
    records = build_hostile_records(beacon)
    meta = {"build": {**BUILD_META, "finished_at": f"![px]({beacon}/meta/md-image)",
                      "sources": {"catalog": f"[x]({beacon}/meta/md-link)", "semantic_scholar": "skipped"},
                      "counts": records.counts()}}
    with EmbeddedStore(path, read_only=False) as store:
        store.write(records, meta=meta)
    return Path(path)


def write_hostile_overview_store(path: str | Path, beacon: str, papers: int = 3000) -> Path:
    """A graph big enough for the Graph page's overview (groups first), with hostile cluster labels,
    titles and a hostile phenomenon; returns its path."""
    papers = max(papers, OVERVIEW_MIN_PAPERS)
    records = GraphRecords()
    records.phenomena[HOSTILE_PHENOMENON] = Phenomenon(id=HOSTILE_PHENOMENON,
                                                       name=f"Hostile ![px]({beacon}/overview-phen/md-image)")
    labels = payloads(beacon, "overview-cluster")
    titles = payloads(beacon, "overview-title")
    for i in range(papers):
        key, cluster = f"s2:{i:040x}", i % 5
        records.papers[key] = Paper(id=key, title=f"{titles[i % len(titles)]} #{i}", year=2000 + i % 20,
                                    cluster=cluster, cluster_label=labels[cluster], pagerank=1 / (i + 1))
        if i % 3 == 0:
            records.add_edge(About(source=key, target=HOSTILE_PHENOMENON, via="keyword"))
        if i > 10:
            records.add_edge(Cites(source=key, target=f"s2:{(i * 7919) % i:040x}"))
    with EmbeddedStore(path, read_only=False) as store:
        store.write(records)
    return Path(path)
