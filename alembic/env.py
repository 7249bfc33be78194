"""Alembic environment: runs migrations on the connection given by
nova-lite-manage (config attribute 'connection') or -x connection=URL."""
from alembic import context
from sqlalchemy import engine_from_config, pool

from nova_lite.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_online():
    connection = config.attributes.get('connection')
    if connection is not None:
        context.configure(connection=connection,
                          target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get('connection')
    engine = engine_from_config({'sqlalchemy.url': url}, prefix='sqlalchemy.',
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
