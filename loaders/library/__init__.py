"""The user's reading list and reference-manager library, read from a file.

- ``types``: :class:`ImportLoad` and :class:`ImportProblem` (what every reader returns), ``mark_library``.
- ``ids``: one arXiv id, DOI or Semantic Scholar id per line.
- ``bibtex``: BibTeX files.
- ``ris``: RIS exports (Zotero, Mendeley, EndNote).
- ``csl``: CSL-JSON exports.
- ``reference``: one reference (title, authors, venue, ids) -> records, shared by RIS and CSL-JSON.
- ``awesome_list``: another README in the Awesome Deep Phenomena format.
- ``dispatch``: ``load_import_file`` reads a file and tells the format apart by content.
- ``parsed_cache``: ``load_import_cached``, a file's records kept as Arrow tables so later builds skip the parse.

Each reader returns the records it could read and one problem per entry it could not, never a crash.
"""
