"""Console auth tokens: stored by hash, looked up while unexpired."""
import time

import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models

_T = models.ConsoleAuthToken


def console_auth_token_create(context, values):
    with engine.writer(context) as session:
        row = _T(**engine.clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def console_auth_token_get_valid(context, token_hash, instance_uuid=None):
    """The unexpired token row with this hash (and instance), or None."""
    query = sa.select(_T).where(_T.token_hash == token_hash,
                                _T.expires > int(time.time()))
    if instance_uuid is not None:
        query = query.where(_T.instance_uuid == instance_uuid)
    with engine.reader(context) as session:
        row = session.scalars(query).first()
        return row.as_dict() if row is not None else None


def console_auth_token_destroy_all_by_instance(context, instance_uuid):
    with engine.writer(context) as session:
        return session.execute(
            sa.delete(_T).where(_T.instance_uuid == instance_uuid)
            .execution_options(synchronize_session=False)).rowcount


def console_auth_token_destroy_expired(context, host=None):
    query = sa.delete(_T).where(_T.expires <= int(time.time()))
    if host is not None:
        query = query.where(_T.host == host)
    with engine.writer(context) as session:
        return session.execute(
            query.execution_options(synchronize_session=False)).rowcount
