"""Growing the graph around a concept or a paper: the request is kept, then the graph is rebuilt.

The CLI's ``phenomena grow`` and the app's grow panel both call :func:`grow`; the
request goes into the manifest first (so it is kept even when Semantic Scholar
is unreachable, and replayed by every build), then :func:`app.pipeline.build.run_build`
runs with the saved sources.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.build import BuildOptions, BuildOutcome, ProgressBar, Say, run_build
from app.pipeline.sources import add_grow, load_manifest, save_manifest
from app.settings import Settings
from graph.errors import ConfigError
from loaders.imports import parse_identifier

__all__ = ["grow", "GrowOutcome", "GROW_KINDS", "SHOWN_REJECTS"]

GROW_KINDS = ("concept", "paper")
SHOWN_REJECTS = 20  # rejected search hits listed one by one; the rest are counted


@dataclass
class GrowOutcome:
    """The rebuild a grow ran, and what this request added or rejected (see :meth:`lines`)."""

    build: BuildOutcome
    request: str  # e.g. "grow concept 'simplicity bias'"

    def lines(self) -> list[str]:
        """What the grow says after the build's summary: its message and the search hits it rejected."""
        out = []
        for grown in self.build.report.grows:
            if grown["request"] != self.request:
                continue
            message = grown["message"]
            out.append(message if message.startswith(grown["request"]) else f"{grown['request']}: {message}")
            out += [f"  rejected: {title[:70]} — {reason}" for title, reason in grown["rejected"][:SHOWN_REJECTS]]
            if len(grown["rejected"]) > SHOWN_REJECTS:
                out.append(f"  … and {len(grown['rejected']) - SHOWN_REJECTS} more rejected")
        return out


def check_grow(kind: str, value: str, limit: int) -> None:
    """One-line errors for a request that cannot run (before anything is recorded)."""
    if kind not in GROW_KINDS:
        raise ConfigError(f"unknown grow kind {kind!r}: use concept or paper")
    if limit < 1:
        raise ConfigError("--limit must be at least 1")
    if kind == "paper" and parse_identifier(value) is None:
        raise ConfigError(f"--paper {value!r} is not an arXiv id, DOI or Semantic Scholar id: "
                          "write e.g. --paper 2410.02348")


def grow(settings: Settings, kind: str, value: str, limit: int, *, offline: bool = False, say: Say = print,
         progress: ProgressBar | None = None, s2_options: dict | None = None) -> GrowOutcome:
    """Record the request to grow around ``kind`` ("concept" or "paper") ``value``, then rebuild.

    ``limit``: at most this many search hits, or edges per direction.  The request is saved
    before the build, so a build that fails (or finds Semantic Scholar unreachable) keeps it.
    """
    check_grow(kind, value, limit)
    value = value.strip()
    manifest, _, _ = add_grow(settings.home, kind, value, limit)
    save_manifest(settings.home, manifest)
    outcome = run_build(settings, BuildOptions(catalog=load_manifest(settings.home).catalog, offline=offline,
                                               s2_options=s2_options), say=say, progress=progress)
    return GrowOutcome(outcome, f"grow {kind} {value!r}")
