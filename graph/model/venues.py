"""Venue names as written ("NeurIPS 2023", "NIPS") -> canonical venue and year.

>>> normalize_venue("NeurIPS 2023")
('NeurIPS', 2023)
>>> normalize_venue("NIPS")
('NeurIPS', None)
>>> normalize_venue("Nature Machine Intelligence")
('Nature Machine Intelligence', None)
"""
from __future__ import annotations

import re

_ALIASES = {
    "nips": "NeurIPS", "neurips": "NeurIPS", "neural information processing systems": "NeurIPS",
    "icml": "ICML", "iclr": "ICLR", "jmlr": "JMLR", "pnas": "PNAS", "cvpr": "CVPR", "eccv": "ECCV",
    "iccv": "ICCV", "aistats": "AISTATS", "uai": "UAI", "aaai": "AAAI", "ijcai": "IJCAI",
    "emnlp": "EMNLP", "acl": "ACL", "mlsys": "MLSys", "tmlr": "TMLR", "colt": "COLT",
    "arxiv": "arXiv", "arxiv.org": "arXiv",
}
_YEAR = re.compile(r"\s*[,(]?\s*((?:19|20)\d{2})\s*\)?\s*$")


def normalize_venue(text: str | None) -> tuple[str | None, int | None]:
    """Canonical venue name (aliases merged, year removed) and the year if written."""
    if not text or not text.strip():
        return None, None
    text = " ".join(text.split())
    year = None
    m = _YEAR.search(text)
    if m and m.start() > 0:
        year = int(m.group(1))
        text = text[:m.start()].strip()
    key = text.lower().strip(" .")
    return _ALIASES.get(key, text.strip(" .")), year
