"""The list queries' one marker/sort/limit helper, on an SQLite engine of
its own."""
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from nova_lite.db import models
from nova_lite.db.queries import pagination
from nova_lite import exception

KP = models.KeyPair


@pytest.fixture
def session():
    engine = sa.create_engine('sqlite://')
    models.Base.metadata.create_all(engine, tables=[KP.__table__])
    with orm.Session(engine) as session:
        for user, name in (('u1', 'b'), ('u1', 'a'), ('u1', 'c'),
                           ('u2', 'a'), ('u2', 'z')):
            session.add(KP(user_id=user, name=name, type='ssh'))
        session.flush()
        yield session
    engine.dispose()


def _names(session, query):
    return [row.name for row in session.scalars(query)]


def _page(session, user='u1', **kw):
    query = sa.select(KP).where(KP.user_id == user)
    return _names(session, pagination.paginate(
        session, query, KP, ['name'], marker_column=KP.name,
        marker_scope=[KP.user_id == user], **kw))


def test_sorted_with_limit_and_marker(session):
    assert _page(session) == ['a', 'b', 'c']
    assert _page(session, limit=2) == ['a', 'b']
    assert _page(session, marker='a') == ['b', 'c']
    assert _page(session, marker='b', limit=1) == ['c']
    assert _page(session, marker='c') == []
    assert _page(session, sort_dirs=['desc'], marker='c') == ['b', 'a']


def test_marker_must_be_in_scope(session):
    assert _page(session, user='u2', marker='a') == ['z']
    with pytest.raises(exception.MarkerNotFound):
        _page(session, user='u2', marker='b')  # u1's, not u2's


def test_id_breaks_ties_in_the_first_keys_direction(session):
    query = sa.select(KP)
    rows = list(session.scalars(pagination.paginate(
        session, query, KP, ['user_id'], ['desc'])))
    assert [(r.user_id, r.id) for r in rows] == sorted(
        ((r.user_id, r.id) for r in rows), reverse=True)
    # Resuming inside a run of equal keys, after a marker row.
    after = list(session.scalars(pagination.paginate(
        session, query, KP, ['user_id'], ['desc'],
        marker=rows[1].id, marker_column=KP.id)))
    assert after == rows[2:]


def test_unknown_sort_key_is_oslo_dbs_error(session):
    with pytest.raises(db_exc.InvalidSortKey):
        pagination.paginate(session, sa.select(KP), KP, ['no_such_column'])
