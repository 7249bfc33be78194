"""nova-lite-manage db purge on MariaDB and PostgreSQL: the scenario of
tests/functional/test_db_purge.py (soft-deleted instances with everything
hanging off them, old services and compute nodes; live rows untouched)."""
import pytest

from tests.functional import purge_rows
from tests.integration import services

pytestmark = pytest.mark.slow


@pytest.fixture(params=sorted(services.DATABASES))
def db(request, tmp_path):
    with services.DATABASES[request.param]() as url:
        database = purge_rows.Database(url, tmp_path)
        try:
            yield database
        finally:
            database.close()


def test_purge_before_then_all(db):
    purge_rows.check_purge(db)


def test_nothing_to_purge(db):
    out = db.manage('db', 'purge', '--all', '--verbose')
    assert (out.returncode, out.stdout) == (3, '')
