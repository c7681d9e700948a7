"""On-disk cache of Semantic Scholar answers, one JSON file per request.

The key is the request itself (method, path, query, body), never the base URL
or the API key, so a mirror or a new key reuses what is cached.  Each answer
is written the moment it arrives, atomically (temporary file + ``os.replace``),
so a killed build leaves only whole entries behind and a re-run continues
from them.

>>> import tempfile
>>> cache = ResponseCache(tempfile.mkdtemp(), ttl_days=1)
>>> key = request_key("GET", "/graph/v1/paper/ARXIV:2201.02177", {"fields": "title"})
>>> cache.get(key) is None
True
>>> cache.put(key, 200, {"paperId": "abc", "title": "Grokking"})
>>> cache.get(key)
(200, {'paperId': 'abc', 'title': 'Grokking'})
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["ResponseCache", "request_key"]


def request_key(method: str, path: str, params: dict | None = None, body: Any = None) -> str:
    """A stable text key for one request; the query is sorted so its order does not matter."""
    query = sorted((str(k), str(v)) for k, v in (params or {}).items())
    return json.dumps([method.upper(), path, query, body], sort_keys=True, separators=(",", ":"))


class ResponseCache:
    """Answers (status, JSON data) stored under ``directory``, valid for ``ttl_days``."""

    def __init__(self, directory: str | os.PathLike, ttl_days: float = 30.0, clock=time.time):
        self.directory = Path(directory)
        self.ttl_seconds = float(ttl_days) * 86400.0
        self._clock = clock

    def _file(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, key: str) -> tuple[int, Any] | None:
        """``(status, data)`` when a fresh entry exists, else ``None`` (expired or unreadable count as absent)."""
        path = self._file(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("key") != key:  # a hash collision or a foreign file: not ours
            return None
        if self._clock() - float(entry.get("stored_at", 0)) > self.ttl_seconds:
            return None
        return int(entry["status"]), entry["data"]

    def put(self, key: str, status: int, data: Any) -> None:
        path = self._file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"key": key, "stored_at": self._clock(), "status": status, "data": data}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def __len__(self) -> int:
        if not self.directory.exists():
            return 0
        return sum(1 for _ in self.directory.glob("??/*.json"))
