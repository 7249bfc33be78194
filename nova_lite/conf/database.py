from oslo_db import options as db_options


def register_opts(conf):
    # [database] connection and friends come from oslo.db. No default
    # connection: api, scheduler and compute must run without one.
    # The conductor answers on up to executor_thread_pool_size (64) threads
    # at once; with oslo.db's pool of 5 most of them opened and closed an
    # overflow connection per query, which cost more CPU than the queries.
    db_options.set_defaults(conf, connection=None, max_pool_size=32)
    # An object call that lost its connection is retried every 2 s for
    # about half a minute (nova_lite.conductor.db_outage): a database
    # restart is ridden out within the callers' rpc_response_timeout.
    conf.set_default('db_max_retry_interval', 2, group='database')
    conf.set_default('db_max_retries', 15, group='database')


def list_opts():
    return {'database': db_options.database_opts}
