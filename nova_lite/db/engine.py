"""The engine (oslo.db enginefacade) and helpers shared by the queries."""
import contextlib
import datetime
import threading

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import event

from nova_lite import exception


context_manager = enginefacade.transaction_context()
_configured = threading.Lock()
_CONFIGURED = False


def configure(conf):
    """Point the engine at [database] connection (once per process)."""
    global _CONFIGURED
    with _configured:
        if _CONFIGURED:
            return
        if not conf.database.connection:
            raise RuntimeError('[database] connection is not set')
        context_manager.configure(
            connection=conf.database.connection,
            sqlite_synchronous=conf.database.sqlite_synchronous,
            max_pool_size=conf.database.max_pool_size,
            max_overflow=conf.database.max_overflow,
            pool_timeout=conf.database.pool_timeout,
            connection_recycle_time=conf.database.connection_recycle_time,
            max_retries=conf.database.max_retries)
        engine = context_manager.writer.get_engine()
        event.listen(engine, 'before_cursor_execute', _refuse_nul)
        if engine.dialect.name == 'sqlite':
            event.listen(engine, 'connect', _sqlite_on_connect)
            event.listen(engine, 'before_cursor_execute',
                         _sqlite_begin_immediate, retval=True)
            # Drop the connection oslo.db opened to test the URL, so every
            # pooled connection gets the settings above.
            engine.dispose()
        _CONFIGURED = True


def _refuse_nul(conn, cursor, statement, parameters, context,
                executemany):
    """A string with a NUL character is refused before it reaches the
    database, on every backend alike (PostgreSQL cannot store one: its
    driver would fail the statement, a 500): the caller gets Invalid
    (400)."""
    if _has_nul(parameters):
        raise exception.Invalid(
            'Invalid input: strings may not contain NUL (\\x00) '
            'characters.')


def _has_nul(value):
    """Whether a statement's parameters (a dict, a sequence, or a
    sequence of those when executed many times) hold a string with a
    NUL character."""
    if isinstance(value, str):
        return '\x00' in value
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, (list, tuple)):
        return False
    return any(_has_nul(item) for item in value)


def _sqlite_on_connect(dbapi_conn, _record):
    # Many threads write at once (builds, heartbeats): wait for the lock
    # instead of failing. (A deferred transaction that reads and then
    # writes fails at once with "database is locked" when another writer
    # got in between: see _sqlite_begin_immediate.)
    cursor = dbapi_conn.cursor()
    cursor.execute('PRAGMA busy_timeout = 30000')
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.close()


def _sqlite_begin_immediate(conn, cursor, statement, parameters, context,
                            executemany):
    # oslo.db emits a plain BEGIN for SQLite; take the write lock up front
    # instead, so concurrent writers queue on busy_timeout.
    if statement == 'BEGIN':
        statement = 'BEGIN IMMEDIATE'
    return statement, parameters


def dispose():
    """Close all connections and forget the configuration (tests switch
    databases within one process)."""
    global context_manager, _CONFIGURED
    with _configured:
        if _CONFIGURED:
            context_manager.writer.get_engine().dispose()
        context_manager = enginefacade.transaction_context()
        _CONFIGURED = False


def get_engine():
    return context_manager.writer.get_engine()


def utcnow():
    return timeutils.utcnow().replace(tzinfo=None)


def naive(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timeutils.normalize_time(value)
    return value


def clean(values):
    return {k: naive(v) for k, v in values.items()}


def soft_delete(session, model, row_id):
    return session.execute(
        sa.update(model).where(model.id == row_id, model.deleted == 0)
        .values(deleted=model.id, deleted_at=utcnow())).rowcount


def read_deleted_filter(context, model, query):
    mode = getattr(context, 'read_deleted', 'no')
    if mode == 'no':
        return query.where(model.deleted == 0)
    if mode == 'only':
        return query.where(model.deleted != 0)
    return query


def writer(context):
    """A write transaction (session) for `context`."""
    return _refusals_raised(context_manager.writer.using(context))


def reader(context):
    """A read transaction (session) for `context`."""
    return _refusals_raised(context_manager.reader.using(context))


@contextlib.contextmanager
def _refusals_raised(transaction):
    """The transaction, with what _refuse_nul refused raised as itself
    (oslo.db wraps any exception of a statement in a DBError)."""
    try:
        with transaction as session:
            yield session
    except db_exc.DBError as exc:
        if isinstance(exc.inner_exception, exception.Invalid):
            raise exc.inner_exception from None
        raise
