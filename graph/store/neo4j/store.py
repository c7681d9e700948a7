"""The Neo4j store: the same graph and Cypher as the embedded store, on a server.

The driver is injected (:func:`open_neo4j_store` is the one place that creates
it, from settings); every session names its database.  Reads run in read
transactions, so a routing driver (``neo4j://``, ``neo4j+s://`` for Aura or a
cluster) sends them to readers and the server refuses any write in them.
Writes use the portable ``UNWIND $rows … MERGE`` text of
:func:`graph.store.base.plan_write`, all in one transaction; a full rebuild
(``prune=True``) writes only what changed (:mod:`graph.store.diff`).  A write
of more than ``transaction_rows`` rows runs in transactions of ``batch_rows``
rows, marked unfinished until the last one commits (:mod:`graph.store.neo4j.batched`).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions as nex

from graph.errors import AtlasError, ConfigError, QueryError, ReadOnlyViolation, StoreError, StoreUnavailable, one_line
from graph.model import schema
from graph.model.records import GraphRecords
from graph.store import diff
from graph.store.base import COLUMN_BATCH, GraphStore, Progress, QueryResult, plan_write
from graph.store.guard import check_read_query
from graph.store.neo4j.batched import DELETE_MARKER, HALF_BUILT, INCOMPLETE_KEY, IS_EMPTY, write_batched
from graph.store.neo4j.deadline import console_tag, run_with_deadline, terminate_tagged
from graph.store.neo4j.indexes import create_schema
from graph.store.neo4j.offline_import import write_offline
from graph.store.neo4j.pages import read_edge_pages, read_node_pages
from graph.store.neo4j.server import LAUNCH_FILE, LocalServer, server_status
from graph.store.neo4j.values import to_plain
from graph.store.plan import PassedPlans, neo4j_plan_operators, plan_refusal_neo4j
from graph.store.portable import explained_error

__all__ = ["Neo4jStore", "open_neo4j_store", "schema_ddl", "to_plain"]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# Properties that saved queries look up by value (besides the unique ``id``).
# Writes of more rows than this run in transactions of WRITE_BATCH_ROWS rows (a server caps
# the memory of one transaction: 6M rows need several GiB); smaller ones in one transaction.
TRANSACTION_ROWS = 100_000
WRITE_BATCH_ROWS = 20_000
READ_BACK_FETCH = 10_000  # records per pull when a batched rebuild reads the stored graph back

_PASSED_BY_URI = PassedPlans()

INDEXED = {
    "Paper": ["title", "year", "arxiv_id", "doi", "s2_id"],
    "Author": ["name"], "Keyword": ["name"], "Phenomenon": ["name"], "Venue": ["name"], "Section": ["name"],
}


def schema_ddl() -> list[str]:
    """Idempotent constraints (unique ``id`` per label) and indexes."""
    out = []
    for label in [*schema.NODE_LABELS, schema.META_LABEL]:
        out.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                   f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    for label, props in INDEXED.items():
        for prop in props:
            out.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    return out


def _public(uri: str) -> str:
    """The URI without any user:password part, fit for a message."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}" if parts.scheme else uri


def _public_host(uri: str) -> str:
    """The URI without user:password, when its port cannot be parsed."""
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}" if parts.scheme else uri.rpartition("@")[2]


def translate_error(err: Exception, *, uri: str = "the Neo4j server", database: str = "neo4j") -> AtlasError:
    """The project's exception for a driver error, with a one-line message saying what to do."""
    where = _public(uri)
    if isinstance(err, (nex.AuthError, nex.TokenExpired)):
        return ConfigError(f"Neo4j at {where} refused the user name or password: "
                           "set NEO4J_USER and NEO4J_PASSWORD (environment or .env)")
    if isinstance(err, (nex.ServiceUnavailable, nex.SessionExpired, nex.ConnectionAcquisitionTimeoutError)):
        return StoreUnavailable(f"cannot reach Neo4j at {where}: start it with `phenomena neo4j start` "
                                "or check NEO4J_URI")
    if isinstance(err, (nex.ConfigurationError, ValueError)) and not isinstance(err, nex.Neo4jError):
        # The driver's own words may quote the URI with a password in it: leave them out.
        return ConfigError(f"NEO4J_URI={where!r} cannot be used: write it as bolt://HOST:7687, "
                           "neo4j://HOST:7687 or neo4j+s://ID.databases.neo4j.io, with the password "
                           "in NEO4J_PASSWORD")
    if isinstance(err, nex.Neo4jError):
        code = err.code or ""
        if code.endswith("DatabaseNotFound"):
            return ConfigError(f"Neo4j at {where} has no database {database!r}: set NEO4J_DATABASE to an "
                               "existing one (Community edition has only 'neo4j')")
        if (isinstance(err, (nex.Forbidden, nex.NotALeader, nex.ForbiddenOnReadOnlyDatabase))
                or code.endswith(("AccessMode", "Forbidden"))):
            return ReadOnlyViolation("refused: this is a read-only query path (the query tries to write); "
                                     "use `phenomena query --write 'CYPHER'` to change the graph")
        if "MemoryPoolOutOfMemoryError" in code or "memory.transaction" in one_line(err.message):
            return QueryError("query stopped: it needed more memory than the server allows one transaction "
                              "(db.memory.transaction.max); add a LIMIT or aggregate instead of collecting every row")
        if "TransactionTimedOut" in code or "TransactionTimedOut" in one_line(err.message):
            return QueryError("query timed out: add a LIMIT or narrow the MATCH")
        if isinstance(err, nex.DatabaseUnavailable):
            return StoreUnavailable(f"database {database!r} at {where} is not available (starting or stopped): "
                                    "retry in a moment or look at the server log")
        if isinstance(err, nex.ClientError):
            return QueryError(f"Neo4j rejected the query: {one_line(err.message)}")
        return StoreError(f"Neo4j failed ({code}): {one_line(err.message)}; retry, or look at the server log")
    return StoreError(f"Neo4j driver error ({type(err).__name__}): {one_line(str(err))}")


class Neo4jStore(GraphStore):
    """A graph in a Neo4j database, through an injected driver.

    >>> driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:7687")   # doctest: +SKIP
    >>> Neo4jStore(driver, database="neo4j").counts()["Paper"]        # doctest: +SKIP
    0
    """

    engine = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", *, read_only: bool = False,
                 uri: str | None = None, owns_driver: bool = False, transaction_rows: int = TRANSACTION_ROWS,
                 batch_rows: int = WRITE_BATCH_ROWS, local_server: LocalServer | None = None):
        self.driver = driver
        # the launcher's server behind this driver (its data folder): a large write into an empty
        # database goes through the offline importer; None (a remote server): always batched
        self.local_server = local_server
        self.write_path: str | None = None  # how the last write went, in one line (the build says it)
        self.write_split: dict[str, float] = {}  # seconds per phase of the last offline import (benchmarks)
        self.database = database
        self.transaction_rows = transaction_rows  # a larger write runs in batches (see write)
        self.batch_rows = batch_rows
        self.read_only = read_only
        self._uri = uri or "the Neo4j server"
        self._owns_driver = owns_driver
        self._schema_ready = False
        # Texts whose plan passed the read check: shared by every store on the same URI (the app
        # opens one per page run); a store given no URI keeps its own.
        self._passed = _PASSED_BY_URI if uri else PassedPlans()

    # -- schema and writes ------------------------------------------------

    def ensure_schema(self) -> None:
        self._require_writable()
        if self._schema_ready:
            return
        with self._errors():  # plain indexes populate while the constraints are built (module text)
            create_schema(schema_ddl(), lambda: self._session(neo4j.WRITE_ACCESS))
        self._schema_ready = True

    def write(self, records: GraphRecords, meta: dict[str, Any] | None = None,
              progress: Progress | None = None, prune: bool = False) -> None:
        self._require_writable()
        self.ensure_schema()
        rows = sum(records.counts().values())
        if rows > self.transaction_rows and self.local_server is not None and self._is_empty():
            self.write_path = write_offline(self, records, meta, progress)  # None: lists it cannot hold
            if self.write_path:
                return
        self.write_path = (f"batched transactions of {self.batch_rows:,} rows" if rows > self.transaction_rows
                           else "one transaction")
        if rows > self.transaction_rows:
            with self._errors(), self._session(neo4j.WRITE_ACCESS, fetch_size=READ_BACK_FETCH) as session:
                write_batched(session, records, meta, progress, prune=prune, batch_rows=self.batch_rows)
            return

        def work(tx: neo4j.ManagedTransaction) -> None:
            if prune:  # read what is there (in this transaction), write only the difference
                changes = diff.plan_changes(records, diff.read_state(tx.run), meta)
                plan = changes.plan
                if progress and changes.unchanged:
                    progress(changes.unchanged)
            else:
                plan = plan_write(records, meta)
            for text, rows in plan.steps:
                tx.run(text, {"rows": rows}).consume()
                if progress:
                    progress(len(rows))
            tx.run(DELETE_MARKER, key=INCOMPLETE_KEY).consume()  # a killed batched write, now whole

        with self._errors(), self._session(neo4j.WRITE_ACCESS) as session:
            session.execute_write(work)  # one transaction: commits at the end or rolls back

    def _is_empty(self) -> bool:
        with self._errors(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(lambda tx: tx.run(IS_EMPTY).single()["empty"])

    # -- reads ------------------------------------------------------------

    def query(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False,
              limit: int | None = None, timeout_s: float | None = None) -> QueryResult:
        if write:
            self._require_writable()
            return self._query_write(text, params, limit, timeout_s)
        check_read_query(text)  # friendly words and size/nesting bounds, before the server parses
        # A read transaction (the server refuses writes in it) whose plan is checked first;
        # rows are pulled in batches just above the cap and the rest is never produced.
        fetch = min((limit or 1000) + 1, 1000)
        checked = (self._uri, self.database, text)
        try:
            return self._read(text, params, limit, timeout_s, fetch, checked)
        except QueryError as err:
            if "EXPLAIN" not in str(err):
                raise
            raise explained_error(err, text) from err

    def _read(self, text: str, params: dict[str, Any] | None, limit: int | None, timeout_s: float | None,
              fetch: int, checked: tuple) -> QueryResult:
        tag = console_tag()  # metadata that finds this transaction when it must be stopped

        def work() -> QueryResult:
            with self._errors(), self._session(neo4j.READ_ACCESS, fetch_size=fetch) as session:
                tx = session.begin_transaction(timeout=timeout_s, metadata=tag)
                try:
                    if not self._passed.passed(checked):
                        plan = tx.run("EXPLAIN " + text, params or {}).consume().plan
                        refusal = plan_refusal_neo4j(neo4j_plan_operators(plan))
                        if refusal:
                            raise ReadOnlyViolation(refusal)
                        self._passed.add(checked)
                    return _collect(tx.run(text, params or {}), limit)
                finally:
                    tx.close()  # rolls back: a read commits nothing, and unread rows are discarded

        # the server's timeout is checked between rows only: a string-building reduce() ignores it
        return run_with_deadline(work, timeout_s, lambda: terminate_tagged(self.driver, self.database, tag))

    def _query_write(self, text: str, params: dict[str, Any] | None, limit: int | None,
                     timeout_s: float | None) -> QueryResult:
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            return _collect(tx.run(text, params or {}), limit)

        with self._errors(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work)

    def query_columns(self, text: str, params: dict[str, Any] | None = None, *,
                      batch_size: int = COLUMN_BATCH, progress: Progress | None = None):
        """Streamed: the driver pulls ``batch_size`` records per round trip (``fetch_size``)
        and each batch becomes Arrow columns before the next is pulled, so a
        projection of millions of edges never sits in memory as records.
        Runs in one read transaction (on a cluster, the routing driver sends it to a reader)."""
        import pyarrow as pa

        check_read_query(text)

        def work(tx: neo4j.ManagedTransaction):
            result = tx.run(text, params or {})
            columns, chunks, buffer = list(result.keys()), [], []
            for record in result:
                buffer.append(record.values())
                if len(buffer) >= batch_size:
                    chunks.append(_record_batch(columns, buffer))
                    if progress:
                        progress(len(buffer))
                    buffer = []
            if buffer or not chunks:
                chunks.append(_record_batch(columns, buffer))
                if progress and buffer:
                    progress(len(buffer))
            # a batch of nulls has type null: promote it to its neighbours' type
            return pa.concat_tables(chunks, promote_options="default") if columns else pa.table({})

        with self._errors(), self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                                 fetch_size=batch_size) as session:
            return session.execute_read(work)

    def read_nodes(self, label: str, props: list[str], *, batch_size: int = COLUMN_BATCH,
                   progress: Progress | None = None):
        """Keyset pages of ``batch_size`` nodes, each its own read transaction (a reader, on a cluster)."""
        return read_node_pages(self, label, props, page=batch_size, progress=progress)

    def read_edges(self, rel: str, props: list[str], *, batch_size: int = COLUMN_BATCH,
                   progress: Progress | None = None):
        """Keyset pages of the edges of ``batch_size`` start nodes, each its own read transaction."""
        return read_edge_pages(self, rel, props, page=batch_size, progress=progress)

    def check_complete(self) -> None:
        """Raise :class:`StoreError` (one line: run the build again) while a batched write is unfinished."""
        if self.get_meta(INCOMPLETE_KEY) is not None:
            raise StoreError(HALF_BUILT)

    def verify(self) -> None:
        """Check the address, credentials and database name with one cheap read."""
        with self._errors(), self._session(neo4j.READ_ACCESS) as session:
            session.run("RETURN 1 AS ok").consume()  # run, not execute_read: fail now, no retries

    def close(self) -> None:
        if self._owns_driver and self.driver is not None:
            self.driver.close()
        self.driver = None

    # -- internals --------------------------------------------------------

    def _session(self, mode: str, **options: Any) -> neo4j.Session:
        if self.driver is None:
            raise StoreError("the Neo4j store is closed")
        return self.driver.session(database=self.database, default_access_mode=mode, **options)

    def _errors(self):
        return _Translate(self._uri, self.database)

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyViolation("refused: the store was opened read-only; use `phenomena query --write 'CYPHER'`")


def _collect(result: neo4j.Result, limit: int | None) -> QueryResult:
    """Rows of ``result`` up to ``limit``, read as they arrive."""
    columns, rows, truncated = list(result.keys()), [], False
    for record in result:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append([to_plain(v) for v in record.values()])
    return QueryResult(columns, rows, truncated)


def _record_batch(columns: list[str], rows: list[list]):
    import pyarrow as pa

    values = [list(col) for col in zip(*rows)] if rows else [[] for _ in columns]
    arrays = [pa.array([to_plain(v) for v in col]) if col and not isinstance(col[0], (str, int, float, bool))
              else pa.array(col) for col in values]
    return pa.Table.from_arrays(arrays, names=columns)


class _Translate:
    """Context manager: driver errors leave as :mod:`graph.errors` exceptions, ``from`` the original."""

    def __init__(self, uri: str, database: str):
        self.uri, self.database = uri, database

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and isinstance(exc, (nex.Neo4jError, nex.DriverError)):
            raise translate_error(exc, uri=self.uri, database=self.database) from exc
        return False


def open_neo4j_store(settings, write: bool = False) -> Neo4jStore:
    """A store on the server that ``NEO4J_URI`` names, connection and database checked.

    No password configured means no authentication (the local launcher runs without).
    """
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    parts = urlsplit(settings.neo4j_uri)
    scheme = parts.scheme
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ConfigError(f"NEO4J_URI={_public_host(settings.neo4j_uri)!r} has a port that is not a number "
                          "from 1 to 65535: write it as bolt://HOST:7687") from None
    if not parts.hostname:
        raise ConfigError("NEO4J_URI has no host name: write it as bolt://HOST:7687")
    if scheme not in BOLT_SCHEMES:
        raise ConfigError(f"NEO4J_URI={_public(settings.neo4j_uri)!r} is not a Bolt address: use bolt://HOST:7687, "
                          "neo4j://HOST:7687 (cluster) or neo4j+s://ID.databases.neo4j.io (Aura)")
    try:
        # Server notifications (e.g. "label does not exist" on an empty graph) would be
        # logged as warnings on every call; the CLI has no use for them.
        driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth, user_agent="phenomena-atlas",
                                            notifications_min_severity="OFF")
    except (nex.ConfigurationError, ValueError) as err:
        raise translate_error(err, uri=settings.neo4j_uri) from err
    store = Neo4jStore(driver, settings.neo4j_database, read_only=not write,
                       uri=settings.neo4j_uri, owns_driver=True, local_server=_local_server(settings, parts))
    try:
        store.verify()
        if not write:  # readers never see a half-written graph; a build (write) finishes it
            store.check_complete()
    except BaseException:
        store.close()
        raise
    return store


def _local_server(settings, parts) -> LocalServer | None:
    """The launcher's server (``phenomena neo4j start``, data in ``PHENOMENA_HOME/neo4j``) when
    ``NEO4J_URI`` points at it on this machine; None for any other server, or with NEO4J_BULK_IMPORT=0."""
    if not getattr(settings, "neo4j_bulk_import", True) or parts.hostname not in ("127.0.0.1", "localhost"):
        return None
    info = server_status(settings.home / "neo4j")
    if info is None or info.port != (parts.port or 7687) or not (info.data_dir / LAUNCH_FILE).exists():
        return None  # not this server, or started before its start was recorded (it could not be restarted)
    return LocalServer(info.data_dir)
