"""nova-lite-manage db purge (the real command, in its own process) on a
SQLite database of its own; tests/integration/test_db_purge_backends.py
runs the same on MariaDB and PostgreSQL."""
import pytest

from tests.functional import purge_rows


@pytest.fixture
def db(tmp_path):
    with purge_rows.sqlite_database(tmp_path) as database:
        yield database


def test_purge_needs_before_or_all(db):
    out = db.manage('db', 'purge')
    assert (out.returncode, out.stdout) == (
        1, 'Either --before or --all is required\n')


def test_purge_refuses_a_bad_date(db):
    out = db.manage('db', 'purge', '--before', 'not-a-date')
    assert out.returncode == 2, out
    assert out.stdout.startswith('Invalid value for --before: ')


def test_nothing_to_purge(db):
    out = db.manage('db', 'purge', '--all', '--verbose')
    assert (out.returncode, out.stdout) == (3, '')


def test_purge_before_then_all(db):
    purge_rows.check_purge(db)
