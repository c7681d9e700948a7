"""The export room: every file format the graph is written to.

- ``registry``: ``EXPORTERS`` (format name -> writer; register a new format there) and :func:`export_all`.
- ``network_formats``, ``network_stream``: GraphML, GEXF, CSV, VOSviewer JSON.
- ``bibliography``: BibTeX, RIS, CSL-JSON.
- ``cluster_report``, ``phenomena_report``: the reports (Markdown, HTML, JSON, CSV).
"""
