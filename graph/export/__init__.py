"""The export room: every file format the graph is written to.

- ``registry``: ``EXPORTERS`` (format name -> writer; register a new format there) and :func:`export_all`.
- ``network_formats``: GraphML, GEXF, CSV, VOSviewer JSON; ``network_columns`` (a model as Arrow columns),
  ``store_columns`` (the same tables read straight from a store: what ``phenomena export`` writes),
  ``column_writers`` (the files written from them), ``network_stream`` (the text rules of those files).
- ``bibliography``: BibTeX, RIS, CSL-JSON.
- ``cluster_report``, ``phenomena_report``: the reports (Markdown, HTML, JSON, CSV).
"""
