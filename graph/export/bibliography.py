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

import networkx as nx

from graph.errors import AtlasError
from graph.model.identity import normalize_arxiv_id, normalize_doi, paper_links
from graph.model.venues import normalize_venue
from graph.model.vocabulary import build_keyword_forms, normalize_keyword

__all__ = ["BIBLIOGRAPHY_FORMATS", "venue_kind", "citation_keys", "merged_keywords", "reference",
           "render_bibtex", "render_ris", "render_csl_json", "export_bibliography", "split_name"]

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
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "la", "le", "du", "dos", "des", "ter"}


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


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name written "Given Family", "Family, Given" or with a particle.

    >>> split_name("Alethea Power"), split_name("Power, Alethea"), split_name("Ludwig van Beethoven")
    (('Power', 'Alethea'), ('Power', 'Alethea'), ('van Beethoven', 'Ludwig'))
    """
    name = " ".join(str(name).split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    words = name.split(" ")
    if len(words) == 1:
        return words[0], ""
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:]), " ".join(words[:i])


def _ascii_word(text: str) -> str:
    import unicodedata

    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _key_base(data: dict, key: str) -> str:
    authors = data.get("authors") or []
    last = _ascii_word(split_name(authors[0])[0]) if authors else ""
    words = [w for w in re.findall(r"[^\W_]+", str(data.get("title") or key)) if w.lower() not in _STOP]
    word = next((_ascii_word(w) for w in words if _ascii_word(w)), "")
    year = data.get("year") or normalize_venue(data.get("venue"))[1] or ""
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
    forms = build_keyword_forms(k for _, d in G.nodes(data=True) for k in (d.get("keywords") or ()))
    out = {}
    for v, d in G.nodes(data=True):
        names = (normalize_keyword(k, forms) for k in (d.get("keywords") or ()))
        out[v] = list(dict.fromkeys(n for n in names if n))
    return out


def reference(G: nx.Graph, paper, *, keywords: list[str] | None = None) -> dict:
    """One paper as a plain reference: type, title, authors, year, container, ids, url, keywords."""
    if paper not in G:
        raise AtlasError(f"paper {paper!r} is not in the graph: check the key")
    data = G.nodes[paper]
    key = str(paper)
    venue = data.get("venue")
    kind = venue_kind(venue)
    year = data.get("year") or normalize_venue(venue)[1]
    arxiv = normalize_arxiv_id(data.get("arxiv_id")) or (key[6:] if key.startswith("arxiv:") else None)
    doi = normalize_doi(data.get("doi")) or (key[4:] if key.startswith("doi:") else None)
    url = data.get("url") or paper_links(data, key).get("link")
    return {
        "id": key, "type": kind, "title": data.get("title") or key, "authors": list(data.get("authors") or []),
        "year": year, "venue": venue,
        "container": _container(venue) if kind in ("inproceedings", "article") else None,
        "arxiv": arxiv, "doi": doi, "url": url, "abstract": data.get("abstract"),
        "keywords": list(keywords if keywords is not None else data.get("keywords") or []),
    }


def _references(G: nx.Graph, papers) -> tuple[list[dict], dict]:
    papers = list(dict.fromkeys(papers))
    missing = [p for p in papers if p not in G]
    if missing:
        raise AtlasError(f"paper {missing[0]!r} is not in the graph: check the key")
    kws = merged_keywords(G)
    return [reference(G, p, keywords=kws[p]) for p in papers], citation_keys(G)


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in str(text))


def render_bibtex(G: nx.Graph, papers=None) -> str:
    """BibTeX entries for ``papers`` (keys of ``G``; default: every paper).

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> print(render_bibtex(G).splitlines()[0])
    @misc{power2022grokking,
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    blocks = []
    for ref in refs:
        fields = [("title", "{" + _tex(ref["title"]) + "}")]
        if ref["authors"]:
            fields.append(("author", " and ".join(_tex(", ".join(filter(None, split_name(a))))
                                                  for a in ref["authors"])))
        if ref["year"]:
            fields.append(("year", str(ref["year"])))
        if ref["type"] == "inproceedings":
            fields.append(("booktitle", _tex(ref["container"])))
        elif ref["type"] == "article":
            fields.append(("journal", _tex(ref["container"])))
        elif ref["type"] == "phdthesis":
            fields.append(("school", "unknown"))
        if ref["arxiv"]:
            fields += [("eprint", ref["arxiv"]), ("archivePrefix", "arXiv")]
        if ref["doi"]:
            fields.append(("doi", _tex(ref["doi"])))
        if ref["url"]:
            fields.append(("url", ref["url"].replace("%", r"\%")))
        if ref["keywords"]:
            fields.append(("keywords", _tex(", ".join(ref["keywords"]))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        blocks.append(f"@{ref['type']}{{{keys[ref['id']]},\n{body}\n}}\n")
    return "\n".join(blocks)


_RIS_TYPES = {"inproceedings": "CONF", "article": "JOUR", "phdthesis": "THES", "misc": "GEN"}


def _ris_line(tag: str, value) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def render_ris(G: nx.Graph, papers=None) -> str:
    """RIS records (Zotero, Mendeley, EndNote) for ``papers`` (default: every paper).

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> render_ris(G).splitlines()[:3]
    ['TY  - GEN', 'ID  - power2022grokking', 'TI  - Grokking']
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    lines = []
    for ref in refs:
        lines += [_ris_line("TY", _RIS_TYPES[ref["type"]]), _ris_line("ID", keys[ref["id"]]),
                  _ris_line("TI", ref["title"])]
        lines += [_ris_line("AU", ", ".join(filter(None, split_name(a)))) for a in ref["authors"]]
        if ref["year"]:
            lines.append(_ris_line("PY", ref["year"]))
        if ref["container"]:
            lines.append(_ris_line("T2" if ref["type"] == "inproceedings" else "JO", ref["container"]))
        if ref["doi"]:
            lines.append(_ris_line("DO", ref["doi"]))
        if ref["arxiv"]:
            lines.append(_ris_line("M1", f"arXiv:{ref['arxiv']}"))
        if ref["url"]:
            lines.append(_ris_line("UR", ref["url"]))
        lines += [_ris_line("KW", k) for k in ref["keywords"]]
        if ref["abstract"]:
            lines.append(_ris_line("AB", ref["abstract"]))
        lines += ["ER  - ", ""]
    return "\n".join(lines)


_CSL_TYPES = {"inproceedings": "paper-conference", "article": "article-journal", "phdthesis": "thesis",
              "misc": "article"}


def render_csl_json(G: nx.Graph, papers=None) -> str:
    """CSL-JSON (Zotero, Mendeley, pandoc) for ``papers`` (default: every paper).

    >>> G = nx.DiGraph(); G.add_node("arxiv:2201.02177", title="Grokking", authors=["Alethea Power"], year=2022)
    >>> item = json.loads(render_csl_json(G))[0]
    >>> item["id"], item["type"], item["author"], item["issued"]
    ('power2022grokking', 'article', [{'family': 'Power', 'given': 'Alethea'}], {'date-parts': [[2022]]})
    """
    refs, keys = _references(G, list(G) if papers is None else papers)
    items = []
    for ref in refs:
        item = {"id": keys[ref["id"]], "type": _CSL_TYPES[ref["type"]], "title": ref["title"],
                "author": [dict(zip(("family", "given"), split_name(a))) for a in ref["authors"]]}
        if ref["year"]:
            item["issued"] = {"date-parts": [[int(ref["year"])]]}
        if ref["container"]:
            item["container-title"] = ref["container"]
        if ref["doi"]:
            item["DOI"] = ref["doi"]
        if ref["arxiv"]:
            item.update(number=f"arXiv:{ref['arxiv']}", publisher="arXiv")
        if ref["url"]:
            item["URL"] = ref["url"]
        if ref["keywords"]:
            item["keyword"] = ", ".join(ref["keywords"])
        if ref["abstract"]:
            item["abstract"] = ref["abstract"]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1)


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
