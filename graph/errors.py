"""The project's own exceptions.  Each message is one line that says what to do.

Library errors (driver, HTTP, file system) are re-raised as one of these,
``from`` the original, so the CLI and the app can show them without a
traceback.
"""


def one_line(text: object, limit: int | None = None) -> str:
    """Any message (or exception) as one line of single spaces, cut at ``limit`` characters.

    >>> one_line(ValueError("bad\\n   input"))
    'bad input'
    >>> one_line(None), one_line("abcdef", limit=3)
    ('', 'abc')
    """
    line = " ".join(("" if text is None else str(text)).split())
    return line if limit is None else line[:limit]


class AtlasError(Exception):
    """Base class: ``str(err)`` is a one-line message fit for a user."""


class StoreError(AtlasError):
    """The graph store cannot be opened, read or written."""


class StoreUnavailable(StoreError):
    """The store is not reachable (server down, file locked)."""


class ReadOnlyViolation(StoreError):
    """A write was attempted through a read-only path."""


class QueryError(StoreError):
    """The engine rejected a query; the message carries the engine's words."""


class SourceError(AtlasError):
    """A data source (catalog, Semantic Scholar, a file) failed."""


class SourceUnreachable(SourceError):
    """The network source cannot be reached (offline, DNS, refused)."""


class ConfigError(AtlasError):
    """A setting is missing or has a value that cannot work."""
