"""GraphML, GEXF and CSV written from the Arrow tables of :mod:`graph.export.network_columns`.

No Python object per row: each block of rows becomes one string column built
column by column (escaping with Arrow's string kernels), and its bytes go to the
file as they are.  CSV is pyarrow's writer.  The rules of the text are those of
:func:`graph.export.network_stream.xml_text` and :func:`~graph.export.network_stream.csv_text`
(the tests compare them): characters XML 1.0 forbids become U+FFFD; in CSV control
characters too, and a backslash Gephi's reader would take as an escape is doubled
(only the rows with a backslash go through ``csv_text`` itself: a regex without
look-ahead cannot say "before a backslash", and such rows are few).

What the readers see (checked with the Gephi Toolkit in tests/readers/gephi):
GraphML nodes carry ``label`` (display name), ``kind``, ``labels`` (``:Paper``, also as the
node's XML attribute, as Neo4j's APOC export writes it) and every attribute; edges have ids
``e0``, ``e1``, ..., the XML attribute ``label`` = the edge key (Gephi's edge kind), data
``type``, ``weight`` and every attribute.  GEXF: node ``label`` = display name, attribute
``kind``; edges ``kind`` = key, ``weight``, attribute ``type``.  CSV in Gephi's spreadsheet
convention (``Id``, ``Label``, ``kind``; ``Source``, ``Target``, ``Type``, ``Kind``, ``relation``,
``Weight``).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graph.export.network_columns import numpy_of, plain
from graph.export.network_stream import CSV_ID_SCHEMES, csv_text

__all__ = ["write_graphml_columns", "write_gexf_columns", "write_csv_columns", "BLOCK_ROWS"]

BLOCK_ROWS = 100_000  # rows turned into text at a time: bounded memory at any size
# Characters XML 1.0 forbids that Arrow strings can hold (lone surrogates never reach Arrow).
_NOT_XML = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]"
_NOT_CSV = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
_XML_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))  # "&" first
_XML_ATTR = (*_XML_TEXT, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
# Edge attributes named like a column Gephi's spreadsheet importer reads specially (any case): renamed.
_GEPHI_EDGE_COLUMNS = {"source", "target", "type", "kind", "id", "label", "weight"}
_NODE_HEAD, _EDGE_HEAD = ("id", "name", "kind"), ("source", "target", "key", "type", "weight")


def _type_name(t: pa.DataType) -> str:
    """The GraphML/GEXF type of a column."""
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "long"
    if pa.types.is_floating(t):
        return "double"
    return "string"


def _finite(arr):
    """A float column with its values that are not finite (NaN, infinities) as null; as it is when all are
    (checked in numpy: ~20x Arrow's ``is_finite`` and ``if_else`` over the whole column)."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    if all(not chunk.null_count and np.isfinite(numpy_of(chunk)).all() for chunk in chunks):
        return arr
    return pc.if_else(pc.is_finite(arr), arr, pa.scalar(None, arr.type))


def _as_text(arr: pa.Array) -> pa.Array:
    """A column as XML-safe text (null where absent or a number is not finite)."""
    if pa.types.is_boolean(arr.type):
        return pc.if_else(arr, "true", "false")
    if pa.types.is_floating(arr.type):
        return pc.cast(_finite(arr), pa.string())
    if pa.types.is_integer(arr.type):
        return pc.cast(arr, pa.string())
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), pa.string())
    return _replace_regex(arr, _NOT_XML, "\ufffd", _CONTROL)


def _escape(arr: pa.Array, table) -> pa.Array:
    """``arr`` with each character of ``table`` replaced by its entity (only those the column holds)."""
    for char, entity in table:
        if _holds(arr, char.encode()):
            arr = pc.replace_substring(arr, char, entity)
    return arr


# A byte that may start a character the regexes replace: C0 controls (not tab, LF, CR), DEL, and 0xEF
# (the lead byte of U+FFFE/U+FFFF); a column without any is left as it is, unscanned by the regex.
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xEF])


def _text_views(arr):
    """The text of a string column as numpy byte arrays, one per chunk (views of its data buffers, no copy)."""
    for chunk in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]):
        if not len(chunk) or chunk.buffers()[2] is None:
            continue
        wide = pa.types.is_large_string(chunk.type)
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if wide else np.int32,
                                count=len(chunk) + 1, offset=chunk.offset * (8 if wide else 4))
        yield np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]


def _holds(arr, trigger: bytes) -> bool:
    """True when some value of a string column holds a byte of ``trigger``.  The bytes' least and greatest
    first (ids and names are plain ASCII: most triggers fall outside), then a comparison per byte, or
    ``bytes.translate`` deleting them when many are left (C speed, ~10x a regex search)."""
    for data in _text_views(arr):
        if not len(data):
            continue
        low, high = int(data.min()), int(data.max())
        left = bytes(b for b in trigger if low <= b <= high)
        if len(left) <= 2:
            if any((data == b).any() for b in left):
                return True
        elif len(data.tobytes().translate(None, left)) < len(data):
            return True
    return False


def _replace_regex(arr, pattern: str, replacement: str, trigger: bytes):
    """``replace_substring_regex``, run only when the column holds a byte of ``trigger``."""
    return pc.replace_substring_regex(arr, pattern, replacement) if _holds(arr, trigger) else arr


def _join(*parts) -> pa.Array:
    """Element-wise concatenation; a null part counts as empty (skipped)."""
    return pc.binary_join_element_wise(*parts, "", null_handling="skip")


def _join_parts(parts: list) -> pa.Array:
    """:func:`_join` of ``parts`` with the text between columns joined first (fewer, longer scalars)."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return _join(*merged)


def _wrap(prefix: str, arr: pa.Array, suffix: str) -> pa.Array:
    """``prefix + value + suffix`` where ``arr`` has a value, else null."""
    return pc.binary_join_element_wise(prefix, arr, suffix, "", null_handling="emit_null")


def _write_column(f, arr) -> None:
    """The bytes of a string column, all values end to end, straight from its buffers (chunk by chunk)."""
    for chunk in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]):
        if chunk.null_count:
            chunk = pc.fill_null(chunk, "")
        if not len(chunk):
            continue
        wide = pa.types.is_large_string(chunk.type)
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if wide else np.int32,
                                count=len(chunk) + 1, offset=chunk.offset * (8 if wide else 4))
        f.write(memoryview(chunk.buffers()[2])[int(offsets[0]):int(offsets[-1])])


def _attr_columns(table: pa.Table, head: tuple) -> list[str]:
    return [c for c in table.column_names if c not in head]


def _filled(block: pa.Table, names: list[str]) -> list[str]:
    """The columns of ``names`` that hold a value in ``block`` (an empty one writes nothing: skipped)."""
    return [c for c in names if block.column(c).null_count < block.num_rows]


def _blocks(table: pa.Table):
    for start in range(0, table.num_rows, BLOCK_ROWS):
        yield start, table.slice(start, BLOCK_ROWS)


def _write_xml(path: Path, head: str, body, tail: str) -> Path:
    """``head``, the byte blocks of ``body(file)`` and ``tail`` to ``path``, written to a temporary file
    beside it that then takes its name (a failed write leaves no half file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")  # open(): the umask's mode
    try:
        with part.open("xb") as f:
            f.write(head.encode("utf-8"))
            body(f)
            f.write(tail.encode("utf-8"))
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path


def _key_ids(nodes: pa.Table, edges: pa.Table) -> tuple[list, list]:
    """GraphML ``(name, id, type)`` of the node and edge data keys, numbered d0, d1, ...: nodes' ``label``,
    ``kind``, ``labels`` and attributes, then edges' ``type``, ``weight`` and attributes (those with a value)."""
    node_keys = [("label", "string"), ("kind", "string"), ("labels", "string")] if nodes.num_rows else []
    node_keys += [(c, _type_name(nodes.column(c).type)) for c in _attr_columns(nodes, _NODE_HEAD)]
    edge_keys = [("type", "string"), ("weight", "double")] if edges.num_rows else []
    edge_keys += [(c, _type_name(edges.column(c).type)) for c in _attr_columns(edges, _EDGE_HEAD)]
    n = len(node_keys)
    return ([(name, f"d{i}", t) for i, (name, t) in enumerate(node_keys)],
            [(name, f"d{n + i}", t) for i, (name, t) in enumerate(edge_keys)])


def write_graphml_columns(nodes: pa.Table, edges: pa.Table, path) -> Path:
    """GraphML of the tables (see the module docstring for what readers see)."""
    node_keys, edge_keys = _key_ids(nodes, edges)
    declared = "".join(f'  <key id="{kid}" for="{scope}" attr.name="{_attr_text(name)}" attr.type="{t}" />\n'
                       for scope, keys in (("node", node_keys), ("edge", edge_keys)) for name, kid, t in keys)
    head = ("<?xml version='1.0' encoding='utf-8'?>\n"
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            f'{declared}  <graph id="G" edgedefault="directed">\n')

    def data(kid: str, arr) -> list:
        """The parts of one ``<data>`` element (none where the value is absent)."""
        text = _escape(_as_text(arr), _XML_TEXT)
        if not text.null_count:  # a value in every row: its text between the tags, no wrapped copy of it
            return [f'      <data key="{kid}">', text, "</data>\n"]
        return [_wrap(f'      <data key="{kid}">', text, "</data>\n")]

    def body(f):
        kid = {name: k for name, k, _ in node_keys}
        for _, block in _blocks(nodes):
            kind = _attr_arr(block.column("kind"))
            parts = ['    <node id="', _attr_arr(block.column("id")), '" labels=":', kind, '">\n',
                     *data(kid["label"], block.column("name")), *data(kid["kind"], block.column("kind")),
                     *data(kid["labels"], _join(":", block.column("kind")))]
            for c in _filled(block, _attr_columns(block, _NODE_HEAD)):
                parts += data(kid[c], block.column(c))
            _write_column(f, _join_parts([*parts, "    </node>\n"]))
        kid = {name: k for name, k, _ in edge_keys}
        for start, block in _blocks(edges):
            parts = ['    <edge id="e', _numbers(start, block.num_rows), '" source="', _attr_arr(block.column("source")),
                     '" target="', _attr_arr(block.column("target")), '" label="', _attr_arr(block.column("key")),
                     '">\n', *data(kid["type"], block.column("type")), *data(kid["weight"], block.column("weight"))]
            for c in _filled(block, _attr_columns(block, _EDGE_HEAD)):
                parts += data(kid[c], block.column(c))
            _write_column(f, _join_parts([*parts, "    </edge>\n"]))

    return _write_xml(path, head, body, "  </graph>\n</graphml>\n")


def _attr_arr(arr) -> pa.Array:
    """A column as the inside of a double-quoted XML attribute."""
    return _escape(_as_text(arr), _XML_ATTR)


def _attr_text(text: str) -> str:
    """One name as the inside of a double-quoted XML attribute (the same rules as :func:`_attr_arr`)."""
    return _attr_arr(pa.array([text], pa.string()))[0].as_py()


def _numbers(start: int, count: int) -> pa.Array:
    return pc.cast(pa.array(np.arange(start, start + count, dtype=np.int64)), pa.string())


def write_gexf_columns(nodes: pa.Table, edges: pa.Table, path) -> Path:
    """GEXF 1.2 of the tables, as Gephi reads it (see the module docstring)."""
    node_attrs = _attr_columns(nodes, _NODE_HEAD)
    edge_attrs = _attr_columns(edges, _EDGE_HEAD)
    declared = {"node": [("kind", "string")] if nodes.num_rows else [],
                "edge": [("type", "string")] if edges.num_rows else []}
    declared["node"] += [(c, _type_name(nodes.column(c).type)) for c in node_attrs]
    declared["edge"] += [(c, _type_name(edges.column(c).type)) for c in edge_attrs]
    blocks = "".join(
        f'    <attributes class="{scope}" mode="static">\n'
        + "".join(f'      <attribute id="{_attr_text(n)}" title="{_attr_text(n)}" type="{t}" />\n' for n, t in items)
        + "    </attributes>\n" for scope, items in declared.items() if items)
    head = ("<?xml version='1.0' encoding='utf-8'?>\n"
            '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'
            '  <meta>\n    <creator>Phenomena Atlas</creator>\n  </meta>\n'
            f'  <graph defaultedgetype="directed" mode="static">\n{blocks}')

    def values(block: pa.Table, names: list[str]) -> list:
        return [_wrap(f'<attvalue for="{_attr_text(n)}" value="', _attr_arr(block.column(n)), '" />')
                for n in _filled(block, names)]

    def body(f):
        f.write(b"    <nodes>\n")
        for _, block in _blocks(nodes):
            parts = ['      <node id="', _attr_arr(block.column("id")), '" label="', _attr_arr(block.column("name")),
                     '">\n        <attvalues>', *values(block, ["kind", *node_attrs]), "</attvalues>\n      </node>\n"]
            _write_column(f, _join(*parts))
        f.write(b"    </nodes>\n    <edges>\n")
        for start, block in _blocks(edges):
            weight = _wrap(' weight="', _as_text(block.column("weight")), '"')
            parts = ['      <edge id="e', _numbers(start, block.num_rows), '" source="',
                     _attr_arr(block.column("source")), '" target="', _attr_arr(block.column("target")),
                     '" kind="', _attr_arr(block.column("key")), '"', weight, '>\n        <attvalues>',
                     *values(block, ["type", *edge_attrs]), "</attvalues>\n      </edge>\n"]
            _write_column(f, _join(*parts))
        f.write(b"    </edges>\n")

    return _write_xml(path, head, body, "  </graph>\n</gexf>\n")


def _csv_column(name: str, arr) -> pa.Array:
    """A CSV column: numbers as they are (not finite: empty), identifiers with their scheme
    (:data:`CSV_ID_SCHEMES`), other text by the rules of :func:`csv_text`."""
    scheme = CSV_ID_SCHEMES.get(name)
    arr = plain(arr)
    if scheme is None and (pa.types.is_integer(arr.type) or pa.types.is_boolean(arr.type)):
        return arr
    if scheme is None and pa.types.is_floating(arr.type):
        return _finite(arr)
    text = arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())
    text = _replace_regex(text, _NOT_CSV, "\ufffd", _CONTROL)
    if _holds(text, b"\\"):  # the few rows with a backslash: csv_text's own rule
        slashed = pc.fill_null(pc.match_substring(text, "\\"), False)
        where = np.flatnonzero(numpy_of(slashed))
        fixed = [csv_text(v) for v in text.take(where).to_pylist()]
        text = pc.replace_with_mask(text, slashed, pa.array(fixed, pa.string()))
    if scheme:
        empty = pc.fill_null(pc.equal(text, ""), True)
        prefixed = pc.if_else(pc.starts_with(text, scheme), text, pc.binary_join_element_wise(scheme, text, ""))
        text = pc.if_else(empty, pa.scalar(None, pa.string()), prefixed)
    return text


def write_csv_columns(nodes: pa.Table, edges: pa.Table, out_dir, *, prefix: str = "") -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` in Gephi's spreadsheet convention, by pyarrow's CSV writer.

    Nodes: ``Id``, ``Label`` (display name), ``kind``, then every attribute, sorted.  Edges:
    ``Source``, ``Target``, ``Type`` (``Directed``), ``Kind`` (the edge key: Gephi keeps parallel
    edges of different kinds), ``relation`` (the relation, a column to filter on), ``Weight``,
    then every attribute, sorted (one named like a Gephi column, e.g. BROADER's ``kind``, as
    ``relation_kind``).  Identifiers stay text.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    node_cols = _attr_columns(nodes, _NODE_HEAD)
    node_table = pa.table([_csv_column("id", nodes.column("id")), _csv_column("name", nodes.column("name")),
                           nodes.column("kind"), *(_csv_column(c, nodes.column(c)) for c in node_cols)],
                          names=["Id", "Label", "kind", *node_cols])
    edge_cols = _attr_columns(edges, _EDGE_HEAD)
    heads = [f"relation_{c}" if c.lower() in _GEPHI_EDGE_COLUMNS else c for c in edge_cols]
    edge_table = pa.table([_csv_column("source", edges.column("source")), _csv_column("target", edges.column("target")),
                           pa.nulls(edges.num_rows, pa.string()).fill_null("Directed"), _csv_column("key", edges.column("key")),
                           _csv_column("type", edges.column("type")), _csv_column("weight", edges.column("weight")),
                           *(_csv_column(c, edges.column(c)) for c in edge_cols)],
                          names=["Source", "Target", "Type", "Kind", "relation", "Weight", *heads])
    paths = [out_dir / f"{prefix}nodes.csv", out_dir / f"{prefix}edges.csv"]
    options = pacsv.WriteOptions(quoting_style="needed", batch_size=BLOCK_ROWS)
    for table, path in zip((node_table, edge_table), paths):
        pacsv.write_csv(table, path, options)
    return paths
