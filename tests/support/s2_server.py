"""A local Semantic Scholar Academic Graph API on 127.0.0.1 for tests and benchmarks.

It speaks the real paths, query parameters, status codes and shapes
(documented in /work/shared/s2/API.md; recorded answers in tests/data/s2/):

* ``POST /graph/v1/paper/batch?fields=...`` body ``{"ids": [...]}``: a list in id
  order, ``null`` for unknown ids, 400 for more than 500 ids or fields in the body;
* ``GET /graph/v1/paper/{id}``; ``/graph/v1/paper/{id}/citations|references`` with
  ``offset``/``limit`` (<= 1000, offset + limit < 10,000), ``next`` absent on the
  last page, ``data`` wrappers, ``null`` inner ``paperId`` for unresolved references;
* ``GET /graph/v1/paper/search`` (no ``data`` key without hits), ``/graph/v1/paper/search/match``
  (404 ``{"error": "Title match not found"}``), ``/recommendations/v1/papers/forpaper/{id}``.

Its corpus starts from the recorded papers (their real field values) and adds
synthetic papers with the same shape.  Faults are injected per test through
:meth:`S2Server.add_fault`.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import random
import re
import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DATA = Path(__file__).parents[1] / "data" / "s2"
PAPER_FIELDS = {
    "paperId", "corpusId", "externalIds", "url", "title", "abstract", "venue", "publicationVenue", "year",
    "referenceCount", "citationCount", "influentialCitationCount", "isOpenAccess", "openAccessPdf",
    "fieldsOfStudy", "s2FieldsOfStudy", "publicationTypes", "publicationDate", "journal", "citationStyles",
    "authors", "tldr", "embedding",
}
EMBEDDING_MODELS = ("specter_v1", "specter_v2")  # ``embedding`` alone is specter_v1, as the API answers
EMBEDDING_DIMS = 768
EDGE_FIELDS = {"contexts", "intents", "isInfluential", "contextsWithIntent"}
TOO_MANY = ("Too Many Requests. Please wait and try again or apply for a key for higher rate limits. "
            "https://www.semanticscholar.org/product/api#api-key-form")
MAX_RESPONSE_BYTES = 10_000_000  # the API caps a whole answer at about 10 MB (a 500 past it)
GATEWAY_HTML = b"<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>"


def load_recorded(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


# -- corpus -------------------------------------------------------------------
@dataclass
class Corpus:
    papers: dict[str, dict] = field(default_factory=dict)  # paperId -> full paper (no edges)
    refs: dict[str, list[dict]] = field(default_factory=dict)  # paperId -> edges {paperId|None, title, ...}
    aliases: dict[str, str] = field(default_factory=dict)  # merged old paperId -> canonical

    def add(self, paper: dict, refs: list[dict] | None = None) -> dict:
        full = {f: paper.get(f) for f in PAPER_FIELDS}
        self.papers[paper["paperId"]] = full
        self.refs[paper["paperId"]] = list(refs or [])
        return full

    def ref_pairs(self, pid: str) -> list[tuple[str | None, dict]]:
        """(cited paperId or None, edge attributes) of each reference of ``pid``."""
        return [(e.get("paperId"), e) for e in self.refs[pid]]

    def finish(self) -> "Corpus":
        """Index ids and make counts agree with the edges (as a fresh S2 snapshot would)."""
        self.citing: dict[str, list[tuple[str, dict]]] = {pid: [] for pid in self.papers}
        for source in self.refs:
            for target, edge in self.ref_pairs(source):
                if target in self.citing:
                    self.citing[target].append((source, edge))
        self.by_ext: dict[str, str] = {}
        for pid, paper in self.papers.items():
            paper["referenceCount"] = len(self.refs[pid])
            paper["citationCount"] = len(self.citing[pid])
            paper["influentialCitationCount"] = sum(1 for _, e in self.citing[pid] if e.get("isInfluential"))
            ext = paper.get("externalIds") or {}
            if ext.get("ArXiv"):
                self.by_ext[f"ARXIV:{ext['ArXiv']}"] = pid
            if ext.get("DOI"):
                self.by_ext[f"DOI:{ext['DOI'].lower()}"] = pid
                self.by_ext[ext["DOI"].lower()] = pid  # bare DOIs are accepted too (recorded)
            if ext.get("CorpusId") is not None:
                self.by_ext[f"CORPUSID:{ext['CorpusId']}"] = pid
        return self

    def resolve(self, ident: str) -> str | None:
        ident = ident.strip()
        if ident in self.papers:
            return ident
        if ident in self.aliases:
            return self.aliases[ident]
        prefix, _, rest = ident.partition(":")
        if rest and prefix.upper() in {"ARXIV", "DOI", "CORPUSID"}:
            rest = rest.lower() if prefix.upper() == "DOI" else rest
            return self.by_ext.get(f"{prefix.upper()}:{rest}")
        return self.by_ext.get(ident.lower())


def recorded_papers() -> list[dict]:
    """The real paper records of the fixtures (the unknown first id of the batch stays unknown)."""
    batch = load_recorded("batch_with_unknown_id_null.json")["response"]
    turing = load_recorded("item_Paper_full_trimmed.json")
    turing = {k: v for k, v in turing.items() if k not in ("citations", "references", "embedding", "_note")}
    turing["authors"] = [{"authorId": a["authorId"], "name": a["name"]} for a in turing["authors"]]
    cited = load_recorded("item_Reference.json")["citedPaper"]
    citing = load_recorded("item_Citation.json")["citingPaper"]
    return [p for p in batch if p] + [turing, cited, citing]


TOPICS = ["grokking", "double descent", "neural collapse", "lottery tickets", "simplicity bias",
          "benign overfitting", "emergence", "information bottleneck", "neural tangent kernel", "edge of stability"]
NOUNS = ["dynamics", "theory", "phase transitions", "generalization", "scaling", "mechanisms", "geometry"]
MODELS = ["transformers", "deep networks", "linear models", "MLPs", "ResNets", "language models"]
FIELDS = [["Computer Science"], ["Computer Science", "Mathematics"], None]


def synthetic_paper(i: int, rng: random.Random, *, arxiv: bool = True, doi: bool = False,
                    prefix: str = "syn") -> dict:
    pid = sha(f"{prefix}-{i}")
    ext = {"CorpusId": 900000 + i if prefix == "syn" else 5000000 + i}
    arxiv_id = f"{2100 + (i % 12) + 1}.{10000 + i:05d}" if prefix == "syn" else f"{1900 + (i % 12) + 1}.{50000 + i:05d}"
    if arxiv:
        ext["ArXiv"] = arxiv_id
        ext["DBLP"] = f"journals/corr/abs-{arxiv_id.replace('.', '-')}"
    if doi:
        ext["DOI"] = f"10.5555/{prefix}.{i}"
    topic = TOPICS[i % len(TOPICS)]
    title = f"{topic.title()} {rng.choice(NOUNS)} of {rng.choice(MODELS)}: study {prefix} {i}"
    authors = [{"authorId": str(100 + (i * 7 + k) % 60), "name": f"Author{(i * 7 + k) % 60} Surname{(i * 7 + k) % 60}"}
               for k in range(rng.randint(1, 4))]
    year = 2015 + i % 10
    return {
        "paperId": pid, "corpusId": ext["CorpusId"], "externalIds": ext,
        "url": f"https://www.semanticscholar.org/paper/{pid}", "title": title,
        "abstract": None if i % 5 == 0 else f"We study {topic} in {rng.choice(MODELS)}.",
        "venue": rng.choice(["arXiv.org", "Neural Information Processing Systems", ""]),
        "publicationVenue": None, "year": year, "isOpenAccess": bool(i % 2), "openAccessPdf": None,
        "fieldsOfStudy": FIELDS[i % 3], "s2FieldsOfStudy": [{"category": "Computer Science", "source": "s2-fos-model"}],
        "publicationTypes": ["JournalArticle"] if doi else None, "publicationDate": f"{year}-0{1 + i % 9}-15",
        "journal": {"name": "ArXiv", "volume": f"abs/{arxiv_id}"} if arxiv else None, "citationStyles": None,
        "authors": authors,
        "tldr": None if i % 4 == 0 else {"model": "tldr@v2.0.0", "text": f"A study of {topic}."},
        "embedding": None if i % 5 == 2 else {"model": "specter_v2", "vector": topic_vector(i % len(TOPICS), i)},
    }


def topic_vector(topic: int, i: int) -> list[float]:
    """A SPECTER-sized vector: papers of one topic point the same way (plus a little noise of their own)."""
    rng = random.Random(f"embedding-{i}")
    return [round((3.0 if k % len(TOPICS) == topic else 0.0) + rng.gauss(0.0, 0.3), 4) for k in range(EMBEDDING_DIMS)]


def edge(target: str | None, rng: random.Random, title: str = "") -> dict:
    influential = rng.random() < 0.2
    intents = rng.choice([[], ["background"], ["methodology"], ["result", "background"]])
    return {"paperId": target, "title": title, "isInfluential": influential, "intents": intents,
            "contexts": [f"as shown in [{rng.randint(1, 40)}]"] if intents else [],
            "contextsWithIntent": [{"context": f"see [{rng.randint(1, 40)}]", "intents": intents}] if intents else []}


def build_corpus(n: int = 40, outside: int = 30, big_citations: int = 0, seed: int = 0) -> Corpus:
    """Recorded papers + ``n`` synthetic catalog-like papers (``syn-i``) + ``outside`` neighbours (``out-i``).

    Each synthetic paper cites a few earlier ones, a few outside papers and one
    reference S2 could not resolve (``paperId: null``).  ``big_citations``
    outside papers all cite ``syn-0`` (more than one page of citations).
    """
    rng = random.Random(seed)
    corpus = Corpus()
    recorded = recorded_papers()
    for paper in recorded:
        corpus.add(paper)
    duflo_a, duflo_b = recorded[0]["paperId"], recorded[1]["paperId"]
    match = load_recorded("search_match.json")["response"]["data"][0]
    corpus.add({"paperId": match["paperId"], "title": match["title"]})
    # the recorded reference list of duflo_b (two pages, null paperIds included)
    for name in ("references_page_first.json", "references_page_last_with_null_paperIds.json"):
        for item in load_recorded(name)["response"]["data"]:
            cited = item["citedPaper"]
            if cited["paperId"] and cited["paperId"] not in corpus.papers:
                corpus.add({"paperId": cited["paperId"], "title": cited["title"]})
            corpus.refs[duflo_b].append(edge(cited["paperId"], rng, title=cited["title"]))
    corpus.refs[duflo_b].append(edge(duflo_a, rng))
    corpus.refs[recorded[-1]["paperId"]].append(edge(recorded[-2]["paperId"], rng))  # citing -> cited (real pair)
    ids = []
    for i in range(n):
        paper = synthetic_paper(i, rng, arxiv=(i % 7 != 3), doi=(i % 7 in (3, 4)))
        refs = [edge(ids[j], rng) for j in sorted(rng.sample(range(len(ids)), min(len(ids), rng.randint(0, 4))))]
        refs += [edge(sha(f"out-{rng.randrange(outside)}"), rng) for _ in range(rng.randint(0, 3))] if outside else []
        refs.append(edge(None, rng, title=f"An unresolved reference {i}"))
        if i == 1:
            refs.append(edge(duflo_a, rng))
        corpus.add(paper, refs)
        ids.append(paper["paperId"])
    for j in range(outside):
        paper = synthetic_paper(j, rng, arxiv=j % 2 == 0, doi=j % 3 == 0, prefix="out")
        corpus.add(paper, [edge(ids[rng.randrange(len(ids))], rng)] if ids else [])
    for k in range(big_citations):
        paper = synthetic_paper(k, rng, arxiv=False, prefix="big")
        corpus.add(paper, [edge(ids[0], rng)])
    corpus.aliases[sha("merged-away")] = ids[-1] if ids else recorded[0]["paperId"]  # S2 merged this id
    corpus.syn_ids = ids
    corpus.recorded_ids = [p["paperId"] for p in recorded]
    return corpus.finish()


@dataclass
class Catalog:
    papers: list  # graph.model.records.Paper
    found: set[str]  # paper ids the server knows
    missing: dict[str, str]  # paper id -> expected start of the reason
    title_only: int = 0


def build_catalog(corpus: Corpus, title_only: set[int] = frozenset({5, 12})) -> Catalog:
    """A catalog over ``corpus``: arXiv ids (some with versions), DOIs, title-only entries,
    a merged S2 id, a wrong arXiv id with a right DOI, unknown ids, a near-miss and a hopeless title."""
    from graph.model.identity import paper_key
    from graph.model.records import Paper

    out = Catalog([], set(), {})

    def add(paper: Paper, found: bool, reason: str = ""):
        out.papers.append(paper)
        if found:
            out.found.add(paper.id)
        else:
            out.missing[paper.id] = reason

    for i, pid in enumerate(corpus.syn_ids[:-1]):
        p = corpus.papers[pid]
        ext = p["externalIds"]
        if i in title_only:
            title = p["title"].upper() + "."
            add(Paper(id=paper_key(title=title), title=title, in_catalog=True), True)
            out.title_only += 1
        elif i == 11:  # a typo in the arXiv id, the DOI is right
            add(Paper(id=paper_key(arxiv_id="2999.00011"), title=p["title"], arxiv_id="2999.00011",
                      doi=ext["DOI"], in_catalog=True), True)
        else:
            arxiv = ext.get("ArXiv") and (ext["ArXiv"] + ("v2" if i % 3 == 0 else ""))
            add(Paper(id=paper_key(arxiv_id=arxiv, doi=ext.get("DOI")), title=p["title"], arxiv_id=arxiv,
                      doi=ext.get("DOI"), in_catalog=True), True)
    merged = sha("merged-away")
    add(Paper(id=f"s2:{merged}", title=corpus.papers[corpus.syn_ids[-1]]["title"], s2_id=merged, in_catalog=True), True)
    for pid in corpus.recorded_ids[:4]:
        p = corpus.papers[pid]
        doi = p["externalIds"]["DOI"]
        add(Paper(id=paper_key(doi=doi), title=p["title"], doi=doi.upper(), in_catalog=True), True)
    for k in range(2):
        add(Paper(id=f"arxiv:2301.9999{k}", title=f"Unknown paper {k}", arxiv_id=f"2301.9999{k}", in_catalog=True),
            False, "not found")
    add(Paper(id="doi:10.9999/none", title="Unknown DOI paper", doi="10.9999/none", in_catalog=True), False, "not found")
    near = corpus.papers[corpus.syn_ids[1]]["title"] + " and the geometry of everything else entirely"
    add(Paper(id=paper_key(title=near), title=near, in_catalog=True), False, "closest title differs")
    out.title_only += 1
    add(Paper(id="title:qwxz-plmk", title="Qwxz plmk vbnr", in_catalog=True), False, "no title match")
    out.title_only += 1
    return out


# -- projection -----------------------------------------------------------------
class BadFields(ValueError):
    pass


def split_fields(raw: str | None, allowed: set[str], nested: bool) -> tuple[list[str], dict[str, list[str]]]:
    if not raw:
        return ["title"], {}
    plain, sub = [], {}
    for name in [f.strip() for f in raw.split(",") if f.strip()]:
        head, dot, tail = name.partition(".")
        if dot and nested and head in ("citations", "references") and (tail in PAPER_FIELDS):
            sub.setdefault(head, []).append(tail)
        elif dot and head == "embedding" and tail in EMBEDDING_MODELS:
            plain.append(name)
        elif name in allowed or (nested and name in ("citations", "references")):
            if name in ("citations", "references"):
                sub.setdefault(name, ["title"])
            else:
                plain.append(name)
        else:
            raise BadFields(name)
    return plain, sub


def project(paper: dict, plain: list[str]) -> dict:
    out = {"paperId": paper["paperId"]}
    for name in plain:
        if name.startswith("embedding"):  # the stored vector under the model asked for
            model = name.partition(".")[2] or "specter_v1"
            stored = paper.get("embedding")
            out["embedding"] = {"model": model, "vector": stored["vector"]} if stored else None
        else:
            out[name] = paper.get(name)
    return out


@dataclass
class Call:
    """One request as the server saw it; ``params``/``body`` parsed as the client sent them."""
    method: str
    path: str
    params: dict
    body: object
    status: int = 0
    nbytes: int = 0  # size of the answer's body


# -- faults ---------------------------------------------------------------------
@dataclass
class Fault:
    """One injected fault.  Hostile kinds (issue 23): ``mutate`` (the real answer changed by
    ``mutate(payload)``: wrong types, huge strings), ``raw`` (``payload`` bytes sent as JSON, e.g.
    10,000 nested lists), ``drip`` (a valid answer, one byte every ``drip_seconds``), ``huge``
    (``huge_bytes`` of JSON; ``chunked`` hides the size)."""
    kind: str  # 429 | 500 | 502 | 504 | hang | delay | truncate | content_type | shape | reset | mutate | raw | drip | huge
    path: str = ""  # substring of the path to match ("" = every request)
    times: int | None = 1  # None = forever
    after: int = 0  # let this many matching requests through first
    retry_after: str | None = None
    hang_seconds: float = 5.0
    seen: int = 0
    mutate: object = None  # payload -> payload, for "mutate"
    payload: bytes = b""  # for "raw"
    status: int = 200  # for "raw"
    drip_seconds: float = 2.0
    huge_bytes: int = 250 * 2**20
    chunked: bool = False
    sent: int = 0  # bytes a drip or huge answer got out before the client left


class S2Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, corpus: Corpus, max_response_bytes: int = MAX_RESPONSE_BYTES):
        super().__init__(("127.0.0.1", 0), Handler)
        self.corpus = corpus
        self.max_response_bytes = max_response_bytes
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str]] = []  # (method, path?query) of every request
        self.calls: list[Call] = []  # the same requests, parsed, with the size of each answer
        self.api_keys: list[str | None] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.hung = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def requests(self) -> int:
        return len(self.log)

    def add_fault(self, kind: str, path: str = "", **kw) -> Fault:
        fault = Fault(kind, path, **kw)
        with self.lock:
            self.faults.append(fault)
        return fault

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path not in path or fault.times == 0:
                    continue
                fault.seen += 1
                if fault.seen <= fault.after:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def start(self) -> "S2Server":
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):  # resets and timeouts are the point: stay quiet
        pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: avoid 40 ms delayed-ACK stalls
    server: S2Server

    def log_message(self, *args):
        pass

    # -- plumbing --
    def _send(self, status: int, payload, content_type: str = "application/json", headers: dict | None = None):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        call = getattr(self, "_call", None)
        if call is not None:
            call.status, call.nbytes = status, len(body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, fault: Fault, body: bytes) -> None:
        """Headers at once, then the body one byte every ``drip_seconds`` (until the client leaves)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        try:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                fault.sent += 1
                if self.server.stopping.wait(fault.drip_seconds):
                    break
        except OSError:
            pass
        self.close_connection = True

    def _huge(self, fault: Fault) -> None:
        """``huge_bytes`` of one JSON string, in 1 MB writes; stops when the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if fault.chunked:
            self.send_header("Connection", "close")  # no length: the body ends when the connection does
        else:
            self.send_header("Content-Length", str(fault.huge_bytes))
        self.end_headers()
        block = b" " * 2**20
        try:
            while fault.sent < fault.huge_bytes and not self.server.stopping.is_set():
                piece = block[: fault.huge_bytes - fault.sent]
                self.wfile.write(piece)
                fault.sent += len(piece)
        except OSError:
            pass
        self.close_connection = True

    def _error(self, status: int, text: str):
        key = "message" if status in (403, 429, 500, 502, 504) else "error"
        self._send(status, {key: text})

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str):
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = raw_body.decode("utf-8", "replace")
        call = Call(method, path, query, body)
        with self.server.lock:
            self.server.log.append((method, self.path))
            self.server.calls.append(call)
            self.server.api_keys.append(self.headers.get("x-api-key"))
        self._call = call
        fault = self.server.take_fault(path)
        if fault and self._inject(fault):
            return
        try:
            status, payload = self._route(method, path, query, raw_body)
        except BadFields as exc:
            status, payload = 400, {"error": f"Unrecognized or unsupported fields: [{exc}]"}
        if status == 200 and len(encoded := json.dumps(payload).encode()) > self.server.max_response_bytes:
            status, payload = 500, {"message": "Internal server error"}  # the API's answer past its size cap
        elif status == 200:
            payload = encoded
        if fault and fault.kind == "mutate":
            payload = fault.mutate(json.loads(payload) if isinstance(payload, bytes) else payload)
            self._send(status, json.dumps(payload).encode())
        elif fault and fault.kind == "drip":
            self._drip(fault, payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        elif fault and fault.kind == "truncate":
            body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self._send(status, body[: max(1, len(body) // 2)])
        elif fault and fault.kind == "shape":  # valid JSON, wrong shape (a proxy's 200 page)
            self._send(200, {"message": "OK"})
        elif fault and fault.kind == "content_type":
            self._send(200, b"<html><body>Please enable cookies.</body></html>", "text/html")
        else:
            self._send(status, payload)

    def _inject(self, fault: Fault) -> bool:
        """Send the fault; True when nothing else should be sent."""
        if fault.kind == "429":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send(429, {"message": TOO_MANY, "code": "429"}, headers=headers)
        elif fault.kind in ("500", "502"):
            self._error(int(fault.kind), "Internal Server Error" if fault.kind == "500" else "Bad Gateway")
        elif fault.kind == "504":
            self._send(504, GATEWAY_HTML, "text/html")
        elif fault.kind == "hang":
            self.server.hung.set()
            self.server.stopping.wait(fault.hang_seconds)
            self.close_connection = True
        elif fault.kind == "delay":  # a slow answer, then the normal one
            self.server.stopping.wait(fault.hang_seconds)
            return False
        elif fault.kind == "raw":
            self._send(fault.status, fault.payload)
        elif fault.kind == "huge":
            self._huge(fault)
        elif fault.kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            return False  # body faults are applied after routing
        return True

    # -- the API --
    def _route(self, method: str, path: str, q: dict, raw_body: bytes):
        corpus = self.server.corpus
        if path == "/graph/v1/paper/batch" and method == "POST":
            return self._batch(q, raw_body)
        if path == "/graph/v1/paper/search/match":
            return self._match(q)
        if path == "/graph/v1/paper/search":
            return self._search(q)
        if path.startswith("/recommendations/v1/papers/forpaper/"):
            pid = corpus.resolve(path.rsplit("/forpaper/", 1)[1])
            if pid is None:
                return 404, {"error": "Paper with id not found"}
            plain, _ = split_fields(q.get("fields"), PAPER_FIELDS, nested=False)
            limit = int(q.get("limit", 100))
            others = [p for p in corpus.papers.values() if p["paperId"] != pid][:limit]
            return 200, {"recommendedPapers": [project(p, plain) for p in others]}
        if path.startswith("/graph/v1/paper/") and method == "GET":
            rest = path[len("/graph/v1/paper/"):]
            for direction in ("citations", "references"):
                if rest.endswith("/" + direction):
                    return self._edges(rest[: -len(direction) - 1], direction, q)
            pid = corpus.resolve(rest)
            if pid is None:
                return 404, {"error": f"Paper with id {rest} not found"}
            return 200, self._paper(pid, q.get("fields"))
        return 404, {"message": "Missing Authentication Token"}

    def _paper(self, pid: str, raw_fields: str | None) -> dict:
        corpus = self.server.corpus
        plain, sub = split_fields(raw_fields, PAPER_FIELDS, nested=True)
        out = project(corpus.papers[pid], plain)
        if "references" in sub:
            out["references"] = [
                project(corpus.papers[t], sub["references"]) if t in corpus.papers
                else {"paperId": None, **{f: (e.get("title") if f == "title" else None) for f in sub["references"] if f != "paperId"}}
                for t, e in corpus.ref_pairs(pid)[:9999]]
        if "citations" in sub:
            out["citations"] = [project(corpus.papers[s], sub["citations"]) for s, _ in corpus.citing[pid][:9999]]
        return out

    def _batch(self, q: dict, raw_body: bytes):
        try:
            body = json.loads(raw_body or b"{}")
        except ValueError:
            return 400, {"error": "Unacceptable body"}
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or "fields" in body:
            return 400, {"error": "Body must be {\"ids\": [...]}; fields go in the query string"}
        if len(ids) > 500:
            return 400, {"error": "Cannot request more than 500 ids at a time"}
        out = []
        for ident in ids:
            pid = self.server.corpus.resolve(str(ident))
            out.append(None if pid is None else self._paper(pid, q.get("fields")))
        return 200, out

    def _edges(self, ident: str, direction: str, q: dict):
        corpus = self.server.corpus
        pid = corpus.resolve(ident)
        if pid is None:
            return 404, {"error": f"Paper with id {ident} not found"}
        offset, limit = int(q.get("offset", 0)), int(q.get("limit", 100))
        if limit > 1000:
            return 400, {"error": "Limit must be <= 1000"}
        if offset + limit >= 10000:
            return 400, {"error": "offset + limit must be < 10000"}
        inner_key = "citedPaper" if direction == "references" else "citingPaper"
        fields = [f.strip() for f in (q.get("fields") or "title").split(",") if f.strip()]
        edge_fields = [f for f in fields if f in EDGE_FIELDS]
        inner = [f for f in fields if f not in EDGE_FIELDS]
        for f in inner:
            if f not in PAPER_FIELDS:
                raise BadFields(f)
        if direction == "references":
            pairs = corpus.ref_pairs(pid)
        else:
            pairs = corpus.citing[pid]
        rows = []
        for other, e in pairs[offset:offset + limit]:
            row = {f: e.get(f) for f in edge_fields}
            if other in corpus.papers:
                row[inner_key] = project(corpus.papers[other], inner)
            else:
                row[inner_key] = {"paperId": None, **{f: (e.get("title") if f == "title" else None)
                                                       for f in inner if f != "paperId"}}
            rows.append(row)
        page = {"offset": offset}
        if offset + limit < len(pairs):
            page["next"] = offset + limit
        page["data"] = rows
        return 200, page

    def _match(self, q: dict):
        query = fold(q.get("query", ""))
        plain, _ = split_fields(q.get("fields"), PAPER_FIELDS, nested=False)
        best, score = None, 0.0
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)
        for paper in self.server.corpus.papers.values():
            matcher.set_seq1(fold(paper.get("title") or ""))
            if matcher.real_quick_ratio() <= score or matcher.quick_ratio() <= score:
                continue  # cannot beat the best so far
            ratio = matcher.ratio()
            if ratio > score:
                best, score = paper, ratio
        if best is None or score < 0.6:
            return 404, {"error": "Title match not found"}
        return 200, {"data": [{**project(best, plain), "matchScore": round(score * 180, 4)}]}

    def _search(self, q: dict):
        words = fold(q.get("query", "")).split()
        plain, _ = split_fields(q.get("fields"), PAPER_FIELDS, nested=False)
        offset, limit = int(q.get("offset", 0)), int(q.get("limit", 100))
        hits = [p for p in self.server.corpus.papers.values()
                if words and all(w in fold(p.get("title") or "") for w in words)]
        page = {"total": len(hits), "offset": offset}
        if offset + limit < len(hits):
            page["next"] = offset + limit
        if hits[offset:offset + limit]:
            page["data"] = [project(p, plain) for p in hits[offset:offset + limit]]
        return 200, page


def serve(corpus: Corpus | None = None) -> S2Server:
    """Start a server on a free port in a daemon thread; call ``.stop()`` when done."""
    return S2Server(corpus or build_corpus()).start()


if __name__ == "__main__":  # python tests/support/s2_server.py: a server to point S2_API_URL at
    server = serve(build_corpus(n=600, outside=200))
    print(f"S2_API_URL={server.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
