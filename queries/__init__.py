"""Saved Cypher queries: ``queries/NAME.cypher``, loaded by name.

Each file starts with a comment header, then the Cypher with ``$named``
parameters (values never go into the text)::

    // title: Papers about a phenomenon
    // description: Papers linked to a phenomenon, most cited first.
    // param: phenomenon string = grokking
    // param: limit int = 25
    MATCH ...

A parameter without ``= default`` is required.  Types: string, int, float,
bool.  Where the Neo4j and LadybugDB dialects differ, ``NAME.neo4j.cypher`` and
``NAME.embedded.cypher`` hold one text per engine (same header).

>>> q = load_query("papers-about")
>>> [p.name for p in q.params]
['phenomenon', 'limit', 'all_tags']
>>> coerce_params(q, {"limit": "5"})
{'phenomenon': 'grokking', 'limit': 5, 'all_tags': False}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import QueryError

__all__ = ["Param", "SavedQuery", "QUERY_DIR", "ENGINES", "list_queries", "load_query", "coerce_params"]

QUERY_DIR = Path(__file__).resolve().parent
ENGINES = ("embedded", "neo4j")
TYPES = ("string", "int", "float", "bool", "phenomenon", "paper", "author", "keyword")  # the last four name nodes
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)\s*(?:=\s*(?P<default>.*))?$")
_USED = re.compile(r"\$([A-Za-z_]\w*)")
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # string | int | float | bool
    default: Any = None  # already converted; None means required
    required: bool = False


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    params: list[Param]
    text: str  # for the engine asked for, else the portable text ("" when only variants exist)
    variants: dict[str, str] = field(default_factory=dict)  # engine -> text, where dialects differ
    needs: tuple[str, ...] = ()  # relationship types without which it cannot return rows (`// needs: CITES`)

    def text_for(self, engine: str) -> str:
        """The Cypher to run on ``engine`` ("embedded" or "neo4j")."""
        text = self.variants.get(engine) or self.text
        if not text:
            raise QueryError(f"saved query {self.name!r} has no text for the {engine} store: "
                             f"add queries/{self.name}.{engine}.cypher")
        return text


def _files(name: str) -> tuple[Path | None, dict[str, Path]]:
    base = QUERY_DIR / f"{name}.cypher"
    variants = {e: QUERY_DIR / f"{name}.{e}.cypher" for e in ENGINES}
    return (base if base.exists() else None), {e: p for e, p in variants.items() if p.exists()}


def list_queries() -> list[str]:
    """Names of the saved queries, sorted (engine variants count once)."""
    names = set()
    for path in QUERY_DIR.glob("*.cypher"):
        stem = path.name[: -len(".cypher")]
        for engine in ENGINES:
            if stem.endswith(f".{engine}"):
                stem = stem[: -len(engine) - 1]
        names.add(stem)
    return sorted(names)


def _convert(value: Any, type_: str, what: str) -> Any:
    if type_ in ("string", "phenomenon", "paper", "author", "keyword"):
        return str(value)
    text = str(value).strip()
    try:
        if type_ == "int":
            if isinstance(value, bool):
                raise ValueError
            return int(text)
        if type_ == "float":
            return float(text)
    except ValueError:
        raise QueryError(f"{what} must be {'an' if type_ == 'int' else 'a'} {type_}, got {text!r}") from None
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise QueryError(f"{what} must be true or false, got {text!r}")
    raise QueryError(f"{what} has unknown type {type_!r}: use one of {', '.join(TYPES)}")


def _parse(name: str, path: Path) -> tuple[str, str, list[Param], str, tuple[str, ...]]:
    title, description, params, body, needs = "", [], [], [], []
    lines = path.read_text(encoding="utf-8").splitlines()
    in_header = True
    for line in lines:
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            key, _, value = stripped[2:].strip().partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "title":
                title = value
            elif key == "description":
                description.append(value)
            elif key == "needs":
                needs.extend(v.strip() for v in value.split(",") if v.strip())
            elif key == "param":
                m = _PARAM.match(value)
                if not m or m["type"] not in TYPES:
                    raise QueryError(f"{path.name}: bad header line {stripped!r}: "
                                     f"write `// param: NAME TYPE = DEFAULT` with TYPE one of {', '.join(TYPES)}")
                default = m["default"]
                what = f"default of parameter {m['name']!r} in {path.name}"
                params.append(Param(m["name"], m["type"],
                                    None if default is None else _convert(default.strip(), m["type"], what),
                                    default is None))
            continue
        if stripped or not in_header:
            in_header = False
            body.append(line)
    text = "\n".join(body).strip()
    declared = {p.name for p in params}
    undeclared = sorted(set(_USED.findall(text)) - declared)
    if undeclared:
        raise QueryError(f"{path.name} uses ${undeclared[0]} without a `// param:` header line: add one")
    return title or name, " ".join(description), params, text, tuple(needs)


def load_query(name: str, engine: str | None = None) -> SavedQuery:
    """The saved query ``name``; with ``engine``, ``text`` is that engine's variant (if any)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name or ""):
        raise QueryError(f"bad query name {name!r}: use one of {', '.join(list_queries())}")
    base, variants = _files(name)
    if base is None and not variants:
        raise QueryError(f"no saved query {name!r}: use one of {', '.join(list_queries())}")
    header_file = base or next(iter(variants.values()))
    title, description, params, text, needs = _parse(name, header_file)
    if base is None:
        text = ""
    texts = {e: _parse(name, p)[3] for e, p in variants.items()}
    if engine is not None:
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
        text = texts.get(engine) or text
    return SavedQuery(name, title, description, params, text, texts, needs)


def coerce_params(query: SavedQuery, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed parameter values: ``raw`` (e.g. from ``--param k=v``) over the defaults.

    >>> coerce_params(load_query("co-cited"), {"paper": "arxiv:2201.02177", "limit": "3"})
    {'paper': 'arxiv:2201.02177', 'limit': 3}
    """
    known = {p.name: p for p in query.params}
    for key in raw:
        if key not in known:
            takes = ", ".join(known) or "no parameters"
            raise QueryError(f"unknown parameter {key!r} for {query.name}: it takes {takes}")
    out = {}
    for p in query.params:
        if p.name in raw:
            out[p.name] = _convert(raw[p.name], p.type, f"parameter {p.name!r} of {query.name}")
        elif p.required:
            raise QueryError(f"{query.name} needs a value for {p.name!r}: add --param {p.name}=VALUE")
        else:
            out[p.name] = p.default
    return out
