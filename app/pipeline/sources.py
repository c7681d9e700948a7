"""The user's own sources, kept beside the graph so that every build replays them.

The graph is a function of its sources: the catalog, the seed lists, the
Semantic Scholar cache, and what the user imported or grew.  This manifest
(``PHENOMENA_HOME/sources.json``) records the last two, with when each was
added; imported files are copied under ``PHENOMENA_HOME/imports/`` so a build
does not depend on where the original lives.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.errors import ConfigError
from graph.files import replace_file
from loaders.import_files import save_import_copy


@dataclass
class ImportedFile:
    name: str         # file name under imports/
    original: str     # where it was imported from
    sha256: str
    added_at: str


@dataclass
class GrowRequest:
    kind: str         # concept | paper
    value: str        # the concept text or the paper id
    limit: int
    added_at: str


@dataclass
class Manifest:
    imports: list[ImportedFile] = field(default_factory=list)
    grows: list[GrowRequest] = field(default_factory=list)
    catalog: str | None = None  # the catalog source of the last build (None: the live catalog)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def manifest_path(home: Path) -> Path:
    return home / "sources.json"


def load_manifest(home: Path) -> Manifest:
    path = manifest_path(home)
    if not path.exists():
        return Manifest()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Manifest([ImportedFile(**i) for i in raw.get("imports", [])],
                        [GrowRequest(**g) for g in raw.get("grows", [])], raw.get("catalog"))
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise ConfigError(f"{path} is damaged ({type(err).__name__}): fix or delete it and import again") from err


def save_manifest(home: Path, manifest: Manifest) -> None:
    """Atomic: a killed process leaves the old manifest or the new one, never half."""
    replace_file(manifest_path(home), json.dumps(asdict(manifest), indent=1).encode("utf-8"))


def add_import(home: Path, source: Path, data: bytes | None = None) -> tuple[Manifest, ImportedFile, bool]:
    """Copy ``source`` (its bytes ``data`` as read and checked by the import) under imports/, owner-only,
    and record it; (manifest, entry, added) — added False if known."""
    manifest = load_manifest(home)
    if data is None:
        data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    for known in manifest.imports:
        if known.sha256 == digest:
            return manifest, known, False
    name = source.name
    taken = {i.name for i in manifest.imports}
    stem, suffix, n = source.stem, source.suffix, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{suffix}"
    target = home / "imports" / name
    save_import_copy(data, target)
    entry = ImportedFile(name=name, original=str(source.resolve()), sha256=digest, added_at=_now())
    manifest.imports.append(entry)
    return manifest, entry, True


def add_grow(home: Path, kind: str, value: str, limit: int) -> tuple[Manifest, GrowRequest, bool]:
    manifest = load_manifest(home)
    for known in manifest.grows:
        if (known.kind, known.value.lower()) == (kind, value.lower()):
            if limit > known.limit:
                known.limit = limit
                return manifest, known, True
            return manifest, known, False
    entry = GrowRequest(kind=kind, value=value, limit=limit, added_at=_now())
    manifest.grows.append(entry)
    return manifest, entry, True
