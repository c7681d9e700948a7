"""Identifiers in links: the one reader of arXiv ids and DOIs in URLs, and URLs without tracking parameters.

Used by the catalog parser, the importer and the Semantic Scholar resolver.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from graph.model.identity import normalize_arxiv_id, normalize_doi

__all__ = ["clean_url", "arxiv_id_from_url", "doi_from_url"]

_ARXIV_FULL = re.compile(r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?")
_TRACKING = {"af", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc",
             "_hsmkt", "echobox", "ref_src", "cmpid", "s_cid", "sf_rid"}


def clean_url(url: str) -> str:
    """The URL without tracking parameters (utm_*, af, fbclid…) or fragment.

    >>> clean_url("https://www.nature.com/articles/s41586-024-07566-y?utm_medium=Social&utm_source=Twitter#Echobox=1721898113")
    'https://www.nature.com/articles/s41586-024-07566-y'
    >>> clean_url("https://openreview.net/forum?id=ry_WPG-A-&utm_source=x")
    'https://openreview.net/forum?id=ry_WPG-A-'
    """
    parts = urlsplit(url.strip())
    keep = [q for q in parts.query.split("&") if q and not _is_tracking(q.split("=", 1)[0])]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(keep), ""))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in _TRACKING


def arxiv_id_from_url(url: str) -> str | None:
    """The arXiv id, without version, of an arxiv.org abs/pdf/html link.

    >>> arxiv_id_from_url("https://arxiv.org/pdf/2201.02177v2.pdf")
    '2201.02177'
    >>> arxiv_id_from_url("http://arxiv.org/abs/hep-th/9901001v1")
    'hep-th/9901001'
    >>> arxiv_id_from_url("https://psyarxiv.com/5zf4s/") is None
    True
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host != "arxiv.org" and not host.endswith(".arxiv.org"):
        return None
    m = re.match(r"/(?:abs|pdf|html|format)/(.+?)(?:\.pdf)?/?$", parts.path)
    if not m or not _ARXIV_FULL.fullmatch(m.group(1)):
        return None
    return normalize_arxiv_id(m.group(1))


def doi_from_url(url: str) -> str | None:
    """The DOI a publisher URL encodes (doi.org, …/doi/…, bioRxiv, Nature, Springer).

    >>> doi_from_url("https://www.nature.com/articles/s41586-024-07566-y")
    '10.1038/s41586-024-07566-y'
    >>> doi_from_url("https://www.pnas.org/doi/abs/10.1073/pnas.2201304119?af=R")
    '10.1073/pnas.2201304119'
    >>> doi_from_url("https://www.biorxiv.org/content/10.1101/2022.10.12.511910v1")
    '10.1101/2022.10.12.511910'
    >>> doi_from_url("https://proceedings.mlr.press/v80/balestriero18b.html") is None
    True
    """
    parts = urlsplit(url.strip())
    host, path = (parts.hostname or "").lower(), unquote(parts.path)
    if host in ("doi.org", "dx.doi.org", "www.doi.org"):
        return normalize_doi(path.lstrip("/"))
    if host.endswith("nature.com"):
        m = re.match(r"/articles/([A-Za-z0-9.\-]+?)(?:\.pdf)?/?$", path)
        return normalize_doi(f"10.1038/{m.group(1)}") if m else None
    if host.endswith("biorxiv.org") or host.endswith("medrxiv.org"):
        m = re.match(r"/content/(10\.1101/[\d.]+?)(?:v\d+)?(?:[./](?:full|abstract|full-text)(?:\.pdf)?)?/?$", path)
        return normalize_doi(m.group(1)) if m else None
    m = re.search(r"/doi/(?:abs/|full/|pdf/|epdf/|fullHtml/)?(10\.\d{4,9}/[^?#\s]+)", path)
    if m is None and host.endswith("springer.com"):
        m = re.search(r"/(?:article|chapter|book|referenceworkentry)/(10\.\d{4,9}/[^?#\s]+)", path)
    if m is None:
        return None
    return normalize_doi(re.sub(r"(?:\.pdf|/full|/abstract)$", "", m.group(1)))
