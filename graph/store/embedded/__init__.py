"""The embedded default store (LadybugDB, one file, no server).

- ``store``: :class:`EmbeddedStore`, reads and writes.
- ``sandbox``: console queries in a killable child process (``sandbox_child`` is that child).
- ``swap``: an atomic swap of a freshly written database file.
"""
