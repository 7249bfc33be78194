"""How the conductor rides out a database outage: an object call that
lost its connection (or hit a deadlock) is retried on a fresh one
([database] db_retry_interval, db_max_retry_interval, db_max_retries);
when the database stays away it fails with DatabaseUnavailable, which
the API answers with 503 and Retry-After, never 500."""
import functools

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import exception

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


def retried(fn):
    """Decorate a conductor method whose every database write is one
    transaction (nothing committed when it fails), so it may run again."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        db = CONF.database
        attempt = oslo_db_api.wrap_db_retry(
            retry_interval=db.db_retry_interval,
            max_retries=db.db_max_retries,
            inc_retry_interval=db.db_inc_retry_interval,
            max_retry_interval=db.db_max_retry_interval,
            retry_on_disconnect=True, retry_on_deadlock=True)(fn)
        try:
            return attempt(*args, **kwargs)
        except db_exc.DBConnectionError as exc:
            LOG.warning('The database stayed unreachable: %s', exc)
            raise exception.DatabaseUnavailable() from exc
    return wrapper
