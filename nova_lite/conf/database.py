from oslo_db import options as db_options


def register_opts(conf):
    # [database] connection and friends come from oslo.db. No default
    # connection: api, scheduler and compute must run without one.
    # The conductor answers on up to executor_thread_pool_size (64) threads
    # at once; with oslo.db's pool of 5 most of them opened and closed an
    # overflow connection per query, which cost more CPU than the queries.
    db_options.set_defaults(conf, connection=None, max_pool_size=32)


def list_opts():
    return {'database': db_options.database_opts}
