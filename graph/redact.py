"""Credentials never leave in a message, a log line, the store or a cache.

>>> redact_url("http://user:secret@host:8080/x")
'http://***@host:8080/x'
>>> redact_url("could not fetch https://tok@example.org/README.md (timeout)")
'could not fetch https://***@example.org/README.md (timeout)'
>>> redact_url("bolt://127.0.0.1:7687")
'bolt://127.0.0.1:7687'
"""
from __future__ import annotations

import re

__all__ = ["redact_url"]

# The user-info part of any URL in a text: after "://", up to an "@" before the next "/" or space.
# Linear time: the class stops at "/", so no two scans overlap.
_USERINFO = re.compile(r"://[^/@\s]*@")


def redact_url(text: str) -> str:
    """``text`` with the ``user:password@`` of every URL in it replaced by ``***@``."""
    return _USERINFO.sub("://***@", text)
