import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from tests import conf as test_conf

objects.register_all()


@pytest.fixture
def sqlite_db(tmp_path):
    """A migrated SQLite database behind the objects (run locally, as in
    the conductor); the previous [database] connection comes back after."""
    from nova_lite.db import api as db_api
    from nova_lite.db import engine
    from nova_lite.db import migration
    conf = test_conf.parse_once()
    previous = conf.database.connection
    was_configured = engine._CONFIGURED
    db_api.dispose()
    conf.set_override('connection', 'sqlite:///%s' % (tmp_path / 'db.sqlite'),
                      group='database')
    migration.db_sync(conf)
    try:
        yield nl_context.get_admin_context()
    finally:
        db_api.dispose()
        conf.clear_override('connection', group='database')
        if was_configured and previous:
            conf.set_override('connection', previous, group='database')
            db_api.configure(conf)
