from oslo_db import options as db_options


def register_opts(conf):
    # [database] connection and friends come from oslo.db. No default
    # connection: api, scheduler and compute must run without one.
    db_options.set_defaults(conf, connection=None)


def list_opts():
    return {'database': db_options.database_opts}
