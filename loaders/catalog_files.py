"""Where the catalog comes from: a file, the live URL, or the bundled snapshot when the URL cannot be fetched.

Parsing is :mod:`loaders.catalog`; this module reads the text and says in one line when the snapshot stood in.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

from graph.errors import SourceError
from graph.redact import redact_url
from loaders.catalog import CATALOG_URL, SNAPSHOT_PATH, CatalogEntry, CatalogParse, CatalogProblem, parse_catalog  # noqa: F401

__all__ = ["CatalogLoad", "load_catalog"]


@dataclass
class CatalogLoad:
    entries: list[CatalogEntry]
    problems: list[CatalogProblem]
    origin: str                    # 'file', 'url' or 'snapshot'
    message: str | None = None     # one line for the user when the snapshot stood in


def _snapshot(path: Path) -> tuple[CatalogParse, str]:
    """The snapshot's parse and the date it was generated."""
    data = _read_snapshot(path)
    names = {f.name for f in fields(CatalogEntry)}
    try:
        entries = [CatalogEntry(**{k: v for k, v in e.items() if k in names}) for e in data["entries"]]
        problems = [CatalogProblem(**p) for p in data.get("problems", [])]
    except (KeyError, TypeError, AttributeError) as err:
        raise SourceError(f"catalog snapshot {path} is malformed ({err}): "
                          "regenerate it with scripts/make_catalog_snapshot.py") from err
    return CatalogParse(entries, problems), str(data.get("generated", "an unknown date"))


def _read_snapshot(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SourceError(f"catalog snapshot {path} is missing or unreadable ({err.__class__.__name__}): "
                          "reinstall the package or regenerate it with scripts/make_catalog_snapshot.py") from err
    if not isinstance(data, dict):
        raise SourceError(f"catalog snapshot {path} is malformed (not an object): "
                          "regenerate it with scripts/make_catalog_snapshot.py")
    return data


def load_catalog(source: str | None = None, *, offline: bool = False, timeout: float = 10.0,
                 url: str = CATALOG_URL) -> CatalogLoad:
    """Parse the catalog from a file, a URL, or (when the URL fails) the bundled snapshot.

    ``source`` None means ``url``.  A path that does not exist raises
    :class:`~graph.errors.SourceError`.  A URL that cannot be fetched (or any
    URL when ``offline``) falls back to the snapshot, and ``message`` says so
    in one line.
    """
    if source is not None and not re.match(r"^https?://", source.strip(), re.I):
        parse = parse_catalog(_read_file(Path(source).expanduser()))
        return CatalogLoad(parse.entries, parse.problems, "file")
    target = url if source is None else source.strip()
    if offline:
        reason = "offline mode"
    else:
        text, reason = _fetch(target, timeout)
        if text is not None:
            parse = parse_catalog(text)
            return CatalogLoad(parse.entries, parse.problems, "url")
    snapshot, generated = _snapshot(SNAPSHOT_PATH)
    message = (f"catalog: could not fetch {redact_url(target)} ({redact_url(str(reason))}); "
               f"using the bundled snapshot from {generated}")
    return CatalogLoad(snapshot.entries, snapshot.problems, "snapshot", message)


def _read_file(path: Path) -> str:
    if not path.is_file():
        raise SourceError(f"catalog file {path} not found: give the path of the README, or a URL")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"cannot read catalog file {path} ({err.__class__.__name__}): "
                          "give a readable UTF-8 markdown file") from err


def _fetch(url: str, timeout: float) -> tuple[str | None, str]:
    """(text, '') on HTTP 200, else (None, a short reason)."""
    import httpx

    try:
        with httpx.Client(timeout=timeout, follow_redirects=True,
                          transport=httpx.HTTPTransport(retries=1)) as client:
            response = client.get(url)
    except httpx.TimeoutException:
        return None, f"timed out after {timeout:g} s"
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        return None, f"{err.__class__.__name__}: {str(err).splitlines()[0] if str(err) else 'no answer'}"
    if response.status_code != 200:
        return None, f"HTTP {response.status_code}"
    try:
        return response.content.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, "the answer is not UTF-8 text"
