"""Bibliographic exports a reference manager accepts as they are: BibTeX, RIS and CSL-JSON.

One reading of each paper (:func:`reference`) feeds the three writers, so the
entry type, the citation key and the keywords agree between formats:

- the type follows the venue: conferences and workshops are
  ``@inproceedings`` with a ``booktitle``, journals ``@article``, a thesis
  ``@phdthesis``, and a paper known only from arXiv ``@misc`` with
  ``eprint``/``archivePrefix``;
- citation keys are ``lastnameYEARword``, stable (clashes are numbered in the
  order of the paper keys, so the same paper gets the same key whatever else
  is exported) and unique;
- keywords are merged the way the Keyword nodes are
  (:func:`graph.model.vocabulary.normalize_keyword`), so "Mean Field Theory" and
  "Mean-Field Theory" are one keyword.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("arxiv:1611.03530", title="Understanding deep learning requires rethinking generalization",
...            authors=["Chiyuan Zhang", "Samy Bengio"], year=2017, venue="ICLR 2017", arxiv_id="1611.03530")
>>> ref = reference(G, "arxiv:1611.03530")
>>> ref["type"], ref["container"]
('inproceedings', 'International Conference on Learning Representations')
>>> citation_keys(G)["arxiv:1611.03530"]
'zhang2017understanding'
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import networkx as nx
import rispy

from graph.errors import AtlasError
from graph.export.bibliography_text import bare_identifier, bibtex_name, clean_text, latex, safe_url
from graph.model.identity import author_key, fold, normalize_arxiv_id, normalize_doi, paper_links
from graph.model.names import PersonName, split_person_name
from graph.model.venues import normalize_venue

__all__ = ["BIBLIOGRAPHY_FORMATS", "venue_kind", "citation_keys", "merged_keywords", "reference",
           "render_bibtex", "render_ris", "render_csl_json", "export_bibliography"]

# format name -> file name written by :func:`export_bibliography`
BIBLIOGRAPHY_FORMATS = {"bibtex": "papers.bib", "ris": "papers.ris", "csl-json": "papers.json"}

_CONFERENCES = {
    "neurips": "Advances in Neural Information Processing Systems",
    "nips": "Advances in Neural Information Processing Systems",
    "icml": "Proceedings of the International Conference on Machine Learning",
    "iclr": "International Conference on Learning Representations",
    "cvpr": "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "iccv": "Proceedings of the IEEE/CVF International Conference on Computer Vision",
    "eccv": "Proceedings of the European Conference on Computer Vision",
    "accv": "Proceedings of the Asian Conference on Computer Vision",
    "aistats": "Proceedings of the International Conference on Artificial Intelligence and Statistics",
    "uai": "Proceedings of the Conference on Uncertainty in Artificial Intelligence",
    "aaai": "Proceedings of the AAAI Conference on Artificial Intelligence",
    "ijcai": "Proceedings of the International Joint Conference on Artificial Intelligence",
    "colt": "Proceedings of the Conference on Learning Theory",
    "emnlp": "Proceedings of the Conference on Empirical Methods in Natural Language Processing",
    "acl": "Proceedings of the Annual Meeting of the Association for Computational Linguistics",
    "naacl": "Proceedings of the Conference of the North American Chapter of the ACL",
    "mlsys": "Proceedings of Machine Learning and Systems", "kdd": "Proceedings of the ACM SIGKDD Conference",
    "interspeech": "Interspeech", "icassp": "IEEE International Conference on Acoustics, Speech and Signal Processing",
}
_JOURNALS = {"jmlr": "Journal of Machine Learning Research", "tmlr": "Transactions on Machine Learning Research",
             "pnas": "Proceedings of the National Academy of Sciences",
             "tnnls": "IEEE Transactions on Neural Networks and Learning Systems", "jov": "Journal of Vision",
             "tpami": "IEEE Transactions on Pattern Analysis and Machine Intelligence"}
_CONFERENCE_WORDS = re.compile(r"\b(conference|workshop|symposium|proceedings of the \w+ conference|meeting)\b", re.I)
_THESIS = re.compile(r"\bthesis\b|\bdissertation\b", re.I)
_STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "is", "are", "do", "does", "how",
         "what", "when", "why", "can", "via", "towards", "toward", "by", "at", "as", "its", "into", "beyond"}


def venue_kind(venue: str | None) -> str:
    """``inproceedings``, ``article``, ``phdthesis`` or ``misc`` (no venue, or arXiv only).

    >>> [venue_kind(v) for v in ("NeurIPS 2016", "ICML Workshop", "JMLR", "arXiv", None, "PhD Thesis")]
    ['inproceedings', 'inproceedings', 'article', 'misc', 'misc', 'phdthesis']
    """
    name, _ = normalize_venue(venue)
    if not name or name.lower() in ("arxiv", "preprint", "arxiv preprint"):
        return "misc"
    if _THESIS.search(name):
        return "phdthesis"
    first = name.split()[0].lower().strip(",.")
    if name.lower() in _CONFERENCES or first in _CONFERENCES or _CONFERENCE_WORDS.search(name):
        return "inproceedings"
    return "article"


def _container(venue: str) -> str:
    """The booktitle/journal to write: the full name of a known conference, else the venue without its year."""
    name, _ = normalize_venue(venue)
    name = name or venue
    full = _CONFERENCES.get(name.lower()) or _JOURNALS.get(name.lower())
    if full and "workshop" not in venue.lower():
        return full
    return name


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _key_base(data: dict, key: str) -> str:
    authors = data.get("authors") or []
    last = _ascii_word(split_person_name(authors[0]).family) if authors else ""
    words = [w for w in re.findall(r"[^\W_]+", str(data.get("title") or key)) if w.lower() not in _STOP]
    word = next((_ascii_word(w) for w in words if _ascii_word(w)), "")
    year = _year(data.get("year")) or _year(normalize_venue(data.get("venue"))[1]) or ""
    return f"{last or 'anon'}{year}{word}"


def citation_keys(G: nx.Graph, papers=None) -> dict:
    """``{paper: citation key}`` for every paper of ``G`` (or of ``papers``): ``lastnameYEARword``.

    Clashes get ``b``, ``c``… in the order of the paper keys, so a key does not
    change when other papers are exported with it.

    >>> G = nx.DiGraph()
    >>> G.add_node("a", title="Deep double descent", authors=["P. Nakkiran"], year=2019)
    >>> G.add_node("b", title="Deep Double Descent, again", authors=["Preetum Nakkiran"], year=2019)
    >>> citation_keys(G)
    {'a': 'nakkiran2019deep', 'b': 'nakkiran2019deepb'}
    """
    chosen = list(G) if papers is None else list(papers)
    keys, seen = {}, {}
    for paper in sorted(chosen, key=str):
        base = _key_base(G.nodes[paper], paper)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys[paper] = base if n == 0 else f"{base}{chr(ord('a') + n) if n < 26 else n}"
    taken = set()
    for paper in sorted(chosen, key=str):  # a numbered key may equal another base: number it further
        while keys[paper] in taken:
            keys[paper] += "x"
        taken.add(keys[paper])
    return keys


def merged_keywords(G: nx.Graph) -> dict:
    """``{paper: [keyword, …]}`` with variants merged as the Keyword nodes merge them.

    >>> G = nx.DiGraph(); G.add_node("p", keywords=["Mean Field Theory", "Riemannian Geometry", "Mean-Field Theory"])
    >>> merged_keywords(G)["p"]
    ['Mean-Field Theory', 'Riemannian Geometry']
    """
    from graph.model.vocabulary import build_keyword_forms, normalize_keyword

    forms = build_keyword_forms(k for _, d in G.nodes(data=True) for k in (d.get("keywords") or ()))
    out = {}
    for v, d in G.nodes(data=True):
        names = (normalize_keyword(k, forms) for k in (d.get("keywords") or ()))
        out[v] = list(dict.fromkeys(n for n in names if n))
    return out


def reference(G: nx.Graph, paper, *, keywords: list[str] | None = None) -> dict:
    """One paper as a plain reference: type, title, authors (:class:`PersonName`, each person once), year,
    container, ids, an ``http(s)`` url, keywords.  Text is one line without control characters.

    >>> G = nx.DiGraph()
    >>> G.add_node("p", title="T\\n\\x1b[2J", authors=["Viennot, Laurent", "Laurent_Viennot"], url="javascript:x")
    >>> ref = reference(G, "p")
    >>> ref["title"], ref["authors"], ref["url"]
    ('T [2J', [PersonName(family='Viennot', given='Laurent', suffix='')], None)
    """
    if paper not in G:
        raise AtlasError(f"paper {paper!r} is not in the graph: check the key")
    data = G.nodes[paper]
    key = str(paper)
    venue = data.get("venue")
    kind = venue_kind(venue)
    year = _year(data.get("year")) or _year(normalize_venue(venue)[1])
    arxiv = normalize_arxiv_id(data.get("arxiv_id")) or (key[6:] if key.startswith("arxiv:") else None)
    doi = normalize_doi(data.get("doi")) or (key[4:] if key.startswith("doi:") else None)
    url = safe_url(data.get("url")) or safe_url(paper_links(data, key).get("link"))
    return {
        "id": key, "type": kind, "title": clean_text(data.get("title")) or key,
        "authors": _people(data.get("authors") or ()), "year": year, "venue": venue,
        "container": clean_text(_container(venue)) if kind in ("inproceedings", "article") else None,
        "arxiv": arxiv, "doi": clean_text(doi) or None, "url": url, "abstract": clean_text(data.get("abstract")),
        "keywords": [clean_text(k) for k in (keywords if keywords is not None else data.get("keywords") or [])
                     if clean_text(k)],
    }


def _year(value) -> int | None:
    """A year as an int; anything that is not a number (a hostile "2020}, @misc{x") is no year."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _people(names) -> list[PersonName]:
    """The authors, split by :func:`graph.model.names.split_person_name`, each person once
    (one :func:`graph.model.identity.author_key` for "Viennot, Laurent" and "Laurent_Viennot")."""
    people, seen = [], set()
    for name in names:
        person = split_person_name(clean_text(name))
        key = author_key(" ".join(p for p in (person.given, person.family, person.suffix) if p))
        if person.family and key not in seen:
            seen.add(key)
            people.append(person)
    return people


def _references(G: nx.Graph, papers) -> tuple[list[dict], dict]:
    papers = list(dict.fromkeys(papers))
    missing = [p for p in papers if p not in G]
    if missing:
        raise AtlasError(f"paper {missing[0]!r} is not in the graph: check the key")
    kws = merged_keywords(G)
    return [reference(G, p, keywords=kws[p]) for p in papers], citation_keys(G)


def render_bibtex(G: nx.Graph, papers=None) -> str:
    """BibTeX entries for ``papers`` (keys of ``G``; default: every paper), written by bibtexparser.

    Every text field is LaTeX (:func:`latex`), so non-ASCII letters, ``%`` or a stray brace neither stop
    pdflatex nor end the entry; URLs and identifiers are percent-encoded.

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> print(render_bibtex(G).splitlines()[0])
    @misc{power2022grokking,
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    library = bibtexparser.Library()
    for ref in refs:
        fields = [("title", "{" + latex(ref["title"]) + "}")]
        if ref["authors"]:
            fields.append(("author", " and ".join(bibtex_name(p) for p in ref["authors"])))
        if ref["year"]:
            fields.append(("year", str(int(ref["year"]))))
        if ref["type"] in ("inproceedings", "article"):
            fields.append(("booktitle" if ref["type"] == "inproceedings" else "journal", latex(ref["container"])))
        if ref["arxiv"]:
            fields += [("eprint", bare_identifier(ref["arxiv"])), ("archivePrefix", "arXiv")]
        if ref["doi"]:
            fields.append(("doi", bare_identifier(ref["doi"])))
        if ref["url"]:
            fields.append(("url", ref["url"]))
        if ref["keywords"]:
            fields.append(("keywords", latex(", ".join(ref["keywords"]))))
        if ref["abstract"]:
            fields.append(("abstract", latex(ref["abstract"])))
        library.add(bibtexparser.model.Entry(ref["type"], keys[ref["id"]],
                                             [bibtexparser.model.Field(k, v) for k, v in fields]))
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=layout)


# RIS types and tags as Zotero's RIS translator and citation-js read them: a conference paper is CONF with the
# proceedings in C3 (Zotero: proceedingsTitle; citation-js: container-title) and the conference in T2, and
# the date in DA as well as PY (citation-js takes a CONF's PY as the event date only).
_RIS_TYPES = {"inproceedings": "CONF", "article": "JOUR", "phdthesis": "THES", "misc": "GEN"}


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the record counter line ("1.") it puts before each record."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_record(ref: dict, key: str) -> dict:
    record = {"type_of_reference": _RIS_TYPES[ref["type"]], "id": key, "title": ref["title"],
              "authors": [", ".join(p for p in (x.family, x.given, x.suffix) if p) for x in ref["authors"]]}
    if ref["year"]:
        record.update(year=str(int(ref["year"])), date=str(int(ref["year"])))
    if ref["type"] == "inproceedings":
        record.update(secondary_title=ref["container"], custom3=ref["container"])
    elif ref["type"] == "article":
        record["secondary_title"] = ref["container"]
    elif ref["type"] == "misc" and ref["arxiv"]:
        record["publisher"] = "arXiv"
    if ref["doi"]:
        record["doi"] = ref["doi"]
    if ref["arxiv"]:
        record["note"] = f"arXiv:{ref['arxiv']}"
    if ref["url"]:
        record["urls"] = [ref["url"]]
    if ref["keywords"]:
        record["keywords"] = ref["keywords"]
    if ref["abstract"]:
        record["abstract"] = ref["abstract"]
    return record


def render_ris(G: nx.Graph, papers=None) -> str:
    """RIS records (Zotero, Mendeley, EndNote, citation-js) for ``papers`` (default: every paper), written by
    rispy; every value is one line (:func:`clean_text`), so no value can start a tag.

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> render_ris(G).splitlines()[:3]
    ['TY  - GEN', 'ID  - power2022grokking', 'TI  - Grokking']
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    return _RisWriter().formats([_ris_record(ref, keys[ref["id"]]) for ref in refs])


_CSL_TYPES = {"inproceedings": "paper-conference", "article": "article-journal", "phdthesis": "thesis",
              "misc": "article"}


def _csl_item(ref: dict, key: str) -> dict:
    """One CSL item.  An arXiv-only paper (or thesis) is a preprint the way Zotero writes one (``article``, ``publisher``
    arXiv, ``number`` arXiv:ID: APA's "(arXiv:ID). arXiv."); a published paper keeps its arXiv id as the
    archive and its place in it (``archive``/``archive_location``), never as ``number``, which APA would
    print as "Article arXiv:…"."""
    item = {"id": key, "type": _CSL_TYPES[ref["type"]], "title": ref["title"],
            "author": [{k: v for k, v in (("family", p.family), ("given", p.given), ("suffix", p.suffix)) if v}
                       for p in ref["authors"]]}
    if ref["year"]:
        item["issued"] = {"date-parts": [[int(ref["year"])]]}
    if ref["container"]:
        item["container-title"] = ref["container"]
    if ref["type"] == "phdthesis" and not ref["arxiv"]:
        item["genre"] = "Doctoral dissertation"
    if ref["doi"]:
        item["DOI"] = ref["doi"]
    if ref["arxiv"] and ref["type"] in ("misc", "phdthesis"):
        item.update(publisher="arXiv", number=f"arXiv:{ref['arxiv']}")
    elif ref["arxiv"]:
        item.update(archive="arXiv", archive_location=ref["arxiv"])
    if ref["url"]:
        item["URL"] = ref["url"]
    if ref["keywords"]:
        item["keyword"] = ", ".join(ref["keywords"])
    if ref["abstract"]:
        item["abstract"] = ref["abstract"]
    return item


def render_csl_json(G: nx.Graph, papers=None) -> str:
    """CSL-JSON (Zotero, Mendeley, pandoc, citeproc) for ``papers`` (default: every paper).

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> item = json.loads(render_csl_json(G))[0]
    >>> item["id"], item["type"], item["author"], item["issued"], item["number"]
    ('power2022grokking', 'article', [{'family': 'Power', 'given': 'Alethea'}], {'date-parts': [[2022]]}, 'arXiv:2201.02177')
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    return json.dumps([_csl_item(ref, keys[ref["id"]]) for ref in refs], ensure_ascii=False, indent=1)


_RENDER = {"bibtex": render_bibtex, "ris": render_ris, "csl-json": render_csl_json}


def export_bibliography(G: nx.Graph, papers, path: str | Path, fmt: str = "bibtex") -> Path:
    """Write ``papers`` of ``G`` as ``fmt`` (a key of :data:`BIBLIOGRAPHY_FORMATS`) to ``path``."""
    if fmt not in _RENDER:
        raise AtlasError(f"unknown bibliography format {fmt!r}: use {', '.join(_RENDER)}")
    text = _RENDER[fmt](G, papers)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
