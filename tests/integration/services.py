"""Isolated resources on this machine's real services: a RabbitMQ vhost and
a MariaDB or PostgreSQL database per test module, removed afterwards."""
import contextlib
import os
import subprocess
import uuid

RABBIT_HOST = os.environ.get('NOVA_LITE_RABBIT_HOST', '127.0.0.1')
MYSQL_HOST = os.environ.get('NOVA_LITE_MYSQL_HOST', '127.0.0.1')
PG_HOST = os.environ.get('NOVA_LITE_PG_HOST', '127.0.0.1')
# The start of every vhost and database name (a shared machine gives each
# run its own).
PREFIX = os.environ.get('NOVA_LITE_TEST_PREFIX', 'nl')


def _unique(prefix):
    return '%s_%s' % (prefix, uuid.uuid4().hex[:10])


def _rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=60)


@contextlib.contextmanager
def rabbit_vhost():
    """Yield a transport_url on a fresh vhost of the local RabbitMQ."""
    vhost = _unique(PREFIX)
    _rabbitmqctl('add_vhost', vhost)
    try:
        _rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*',
                     '.*')
        yield 'rabbit://guest:guest@%s:5672/%s' % (RABBIT_HOST, vhost)
    finally:
        _rabbitmqctl('delete_vhost', vhost)


@contextlib.contextmanager
def mysql_database():
    import pymysql
    name = _unique(PREFIX)
    conn = pymysql.connect(host=MYSQL_HOST, user='root', autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE %s CHARACTER SET utf8mb4' % name)
        yield 'mysql+pymysql://root@%s/%s?charset=utf8mb4' % (MYSQL_HOST,
                                                              name)
    finally:
        with conn.cursor() as cur:
            cur.execute('DROP DATABASE IF EXISTS %s' % name)
        conn.close()


@contextlib.contextmanager
def postgresql_database():
    import psycopg2
    name = _unique(PREFIX)
    conn = psycopg2.connect(host=PG_HOST, user='postgres', dbname='postgres')
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE %s' % name)
        yield 'postgresql+psycopg2://postgres@%s/%s' % (PG_HOST, name)
    finally:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM "
                        "pg_stat_activity WHERE datname = %s", (name,))
            cur.execute('DROP DATABASE IF EXISTS %s' % name)
        conn.close()


DATABASES = {'mysql': mysql_database, 'postgresql': postgresql_database}
