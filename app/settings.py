"""Settings from the environment or a ``.env`` file; never from code.

=====================  =================================================
``PHENOMENA_HOME``     folder of the embedded graph and caches
                       (default: the user's data directory)
``PHENOMENA_STORE``    ``embedded`` (default) or ``neo4j``
``NEO4J_URI`` …        ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``
                       (no password set: ``PHENOMENA_HOME/neo4j-password``,
                       written by ``phenomena neo4j start``)
``NEO4J_BULK_IMPORT``  ``0``: never the offline importer (a fresh build on the
                       local launcher's server uses it by default)
``S2_API_KEY``         Semantic Scholar key (header ``x-api-key``)
``S2_API_URL``         API base before ``/graph/v1``
=====================  =================================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from dotenv import load_dotenv

from graph.errors import ConfigError
from graph.store.neo4j.server import read_password
from loaders.catalog import CATALOG_URL

STORES = ("embedded", "neo4j")


@dataclass(frozen=True)
class Settings:
    home: Path
    store: str = "embedded"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    neo4j_bulk_import: bool = True
    s2_api_key: str = field(default="", repr=False)
    s2_api_url: str = "https://api.semanticscholar.org"
    s2_requests_per_second: float | None = None
    s2_cache_ttl_days: float = 30.0
    s2_neighbourhood_cap: int = 0
    catalog_url: str = CATALOG_URL

    @property
    def embedded_path(self) -> Path:
        return self.home / "atlas.lbug"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    def with_store(self, store: str | None) -> "Settings":
        if store is None:
            return self
        return _replace(self, store=_check_store(store))


def _replace(settings: Settings, **changes) -> Settings:
    from dataclasses import replace
    return replace(settings, **changes)


def _check_store(value: str) -> str:
    value = value.strip().lower()
    if value not in STORES:
        raise ConfigError(f"unknown store {value!r}: set PHENOMENA_STORE (or --store) to embedded or neo4j")
    return value


def _float(env: dict, name: str) -> float | None:
    raw = env.get(name)
    if raw in (None, ""):
        return None
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number: fix it in the environment or .env") from None


def load_settings(env: dict[str, str] | None = None, dotenv: bool = True) -> Settings:
    """Read settings; ``.env`` in the working directory fills what the environment lacks."""
    if env is None:
        if dotenv:
            load_dotenv(Path.cwd() / ".env", override=False)
        env = dict(os.environ)
    home = Path(env.get("PHENOMENA_HOME") or platformdirs.user_data_dir("phenomena-atlas")).expanduser()
    ttl = _float(env, "S2_CACHE_TTL_DAYS")
    return Settings(
        home=home,
        store=_check_store(env.get("PHENOMENA_STORE") or "embedded"),
        neo4j_uri=env.get("NEO4J_URI") or Settings.neo4j_uri,
        neo4j_user=env.get("NEO4J_USER") or Settings.neo4j_user,
        # The local server's generated password (``phenomena neo4j start``) unless one is set.
        neo4j_password=env.get("NEO4J_PASSWORD") or read_password(home) or "",
        neo4j_database=env.get("NEO4J_DATABASE") or Settings.neo4j_database,
        neo4j_bulk_import=(env.get("NEO4J_BULK_IMPORT") or "1").strip().lower() not in ("0", "false", "no", "off"),
        s2_api_key=env.get("S2_API_KEY") or "",
        s2_api_url=(env.get("S2_API_URL") or Settings.s2_api_url).rstrip("/"),
        s2_requests_per_second=_float(env, "S2_REQUESTS_PER_SECOND"),
        s2_cache_ttl_days=30.0 if ttl is None else ttl,
        s2_neighbourhood_cap=int(_float(env, "S2_NEIGHBOURHOOD_CAP") or 0),
        catalog_url=env.get("PHENOMENA_CATALOG_URL") or CATALOG_URL,
    )
