"""The shared data beside the clone (``../shared/data`` or ``PHENOMENA_SHARED_DIR``): the pinned catalog README."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_NAME = "awesome-deep-phenomena.README.c4ae61aa.md"


def shared_readme() -> Path:
    shared = os.environ.get("PHENOMENA_SHARED_DIR")
    base = Path(shared) / "data" if shared else ROOT.parent / "shared" / "data"
    return base / README_NAME
