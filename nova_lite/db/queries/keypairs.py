"""Keypairs, per user; names are unique per user."""
from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import pagination
from nova_lite import exception


def key_pair_create(context, values):
    values = engine.clean(values)
    with engine.writer(context) as session:
        kp = models.KeyPair
        if session.scalars(sa.select(kp).where(
                kp.user_id == values['user_id'],
                kp.name == values['name'])).first():
            raise exception.KeyPairExists(key_name=values['name'])
        row = kp(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.KeyPairExists(key_name=values['name'])
        return row.as_dict()


def key_pair_get(context, user_id, name):
    with engine.reader(context) as session:
        row = session.scalars(sa.select(models.KeyPair).where(
            models.KeyPair.user_id == user_id,
            models.KeyPair.name == name)).first()
        if row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
        return row.as_dict()


def key_pair_get_all_by_user(context, user_id, limit=None, marker=None):
    """A user's keypairs ordered by name; `marker` is a name (exclusive)."""
    kp = models.KeyPair
    with engine.reader(context) as session:
        query = pagination.paginate(
            session, sa.select(kp).where(kp.user_id == user_id), kp,
            ['name'], limit=limit, marker=marker, marker_column=kp.name,
            marker_scope=[kp.user_id == user_id])
        return [r.as_dict() for r in session.scalars(query)]


def key_pair_count_by_user(context, user_id):
    with engine.reader(context) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(
            models.KeyPair).where(models.KeyPair.user_id == user_id))


def key_pair_destroy(context, user_id, name):
    with engine.writer(context) as session:
        count = session.execute(sa.delete(models.KeyPair).where(
            models.KeyPair.user_id == user_id,
            models.KeyPair.name == name)).rowcount
        if not count:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
