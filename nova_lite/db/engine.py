"""The engine (oslo.db enginefacade) and helpers shared by the queries."""
import datetime
import threading

from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import event


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
        if engine.dialect.name == 'sqlite':
            event.listen(engine, 'connect', _sqlite_on_connect)
            event.listen(engine, 'before_cursor_execute',
                         _sqlite_begin_immediate, retval=True)
            # Drop the connection oslo.db opened to test the URL, so every
            # pooled connection gets the settings above.
            engine.dispose()
        _CONFIGURED = True


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
    return context_manager.writer.using(context)


def reader(context):
    """A read transaction (session) for `context`."""
    return context_manager.reader.using(context)
