"""Schema migrations with alembic (`nova-lite-manage db sync`)."""
import os
import sys

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration

from nova_lite.db import api as db_api


def _alembic_ini():
    """alembic.ini in a source checkout, or where setup installed it."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        os.path.join(here, '..', '..', 'alembic.ini'),
        os.path.join(sys.prefix, 'share', 'nova_lite', 'alembic.ini'),
    ]
    for path in candidates:
        if os.path.exists(path):
            return os.path.abspath(path)
    raise RuntimeError('alembic.ini not found in %s' % candidates)


def _config(connection):
    config = alembic_config.Config(_alembic_ini())
    config.attributes['connection'] = connection
    return config


def db_sync(conf, version='heads'):
    db_api.configure(conf)
    engine = db_api.get_engine()
    with engine.begin() as connection:
        alembic_command.upgrade(_config(connection), version)


def db_version(conf):
    db_api.configure(conf)
    engine = db_api.get_engine()
    with engine.connect() as connection:
        heads = alembic_migration.MigrationContext.configure(
            connection).get_current_heads()
        return ','.join(sorted(heads)) or None
