"""The shared data beside the clone (``../shared/data`` or ``PHENOMENA_SHARED_DIR``): the pinned catalog README."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_NAME = "awesome-deep-phenomena.README.c4ae61aa.md"


def shared_readme() -> Path:
    shared = os.environ.get("PHENOMENA_SHARED_DIR")
    base = Path(shared) / "data" if shared else ROOT.parent / "shared" / "data"
    return base / README_NAME


def build_offline(home: Path) -> Path:
    """``phenomena build --offline`` from the shared README into ``home`` (returned), as a new user's
    first build; skips when the README is not there."""
    import pytest

    from tests.support.cli import run_cli

    readme = shared_readme()
    if not readme.is_file():
        pytest.skip(f"shared catalog README not found at {readme} (set PHENOMENA_SHARED_DIR)")
    built = run_cli("build", "--catalog", str(readme), "--offline", env={"PHENOMENA_HOME": str(home)})
    assert built.returncode == 0, built.stderr
    return home


def build_offline_and_export(home: Path, *formats: str) -> Path:
    """:func:`build_offline` into ``home``, then ``export`` ``formats`` into ``home/out`` (returned)."""
    from tests.support.cli import run_cli

    build_offline(home)
    env = {"PHENOMENA_HOME": str(home)}
    out = home / "out"
    done = run_cli("export", str(out), *[a for f in formats for a in ("--format", f)], env=env)
    assert done.returncode == 0, done.stderr
    return out
