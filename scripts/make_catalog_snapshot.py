"""Write loaders/data/catalog-snapshot.json from a saved copy of the catalog README.

The snapshot carries every field except the digests (their prose is not ours
to ship): it is what ``load_catalog`` falls back to when the README cannot be
fetched.

    python scripts/make_catalog_snapshot.py                       # ../shared/data/…c4ae61aa.md
    python scripts/make_catalog_snapshot.py README.md --sha 1234abcd --generated 2026-11-23
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.catalog import CATALOG_URL, SNAPSHOT_PATH, entries_to_json, parse_catalog, problems_to_json  # noqa: E402

DEFAULT_NAME = "awesome-deep-phenomena.README.c4ae61aa.md"


def default_source() -> Path:
    shared = os.environ.get("PHENOMENA_SHARED_DIR")
    base = Path(shared) / "data" if shared else ROOT.parent / "shared" / "data"
    return base / DEFAULT_NAME


def build_snapshot(text: str, *, sha: str, generated: str, source: str = CATALOG_URL) -> dict:
    """The snapshot object: entries without digests, and the parse problems."""
    parse = parse_catalog(text)
    entries = entries_to_json(parse.entries)
    for entry in entries:
        entry["digest"] = None
    problems = problems_to_json(parse.problems)
    return {"source": source, "sha": sha, "generated": generated, "entries": entries, "problems": problems}


def dump_snapshot(snapshot: dict) -> str:
    """JSON with one entry (and one problem) per line: small, and diffs read well."""
    def rows(items: list) -> str:
        return ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)

    head = {k: v for k, v in snapshot.items() if k not in ("entries", "problems")}
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    return ("{\n" + "\n".join(lines) + '\n "entries": [\n' + rows(snapshot["entries"])
            + '\n ],\n "problems": [\n' + rows(snapshot["problems"]) + "\n ]\n}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=None, help="saved README (default: shared data)")
    parser.add_argument("--out", type=Path, default=SNAPSHOT_PATH)
    parser.add_argument("--sha", default=None, help="commit of the README (default: from the file name)")
    parser.add_argument("--generated", default=dt.date.today().isoformat(), help="date to record")
    args = parser.parse_args(argv)
    readme = args.readme or default_source()
    if not readme.is_file():
        parser.error(f"no README at {readme}: pass its path, or set PHENOMENA_SHARED_DIR")
    sha = args.sha or (m.group(1) if (m := re.search(r"\.([0-9a-f]{7,40})\.md$", readme.name)) else "unknown")
    snapshot = build_snapshot(readme.read_text(encoding="utf-8"), sha=sha, generated=args.generated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump_snapshot(snapshot), encoding="utf-8")
    print(f"wrote {len(snapshot['entries'])} entries, {len(snapshot['problems'])} problems to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
