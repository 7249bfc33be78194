"""A MariaDB server of a test's own (data directory, socket and port
under the test's directory), so a drill can stop and start the database
without touching the one other tests share."""
import os
import subprocess

from tests.integration import deployment
from tests.integration import own_server


class OwnMariaDB(own_server.OwnServer):
    name = 'mariadbd'

    def __init__(self, workdir):
        super().__init__()
        self.workdir = workdir
        self.datadir = os.path.join(workdir, 'data')
        self.port = deployment.free_port()
        os.makedirs(workdir, exist_ok=True)
        subprocess.run(
            ['mariadb-install-db', '--no-defaults', '--user=root',
             '--datadir=' + self.datadir,
             '--auth-root-authentication-method=normal', '--skip-test-db'],
            check=True, capture_output=True, timeout=120)

    @property
    def url(self):
        return ('mysql+pymysql://root@127.0.0.1:%d/nova_lite?charset=utf8mb4'
                % self.port)

    def command(self):
        return ['mariadbd', '--no-defaults', '--user=root',
                '--datadir=' + self.datadir,
                '--socket=' + os.path.join(self.workdir, 'mysqld.sock'),
                '--port=%d' % self.port, '--bind-address=127.0.0.1',
                '--skip-name-resolve', '--innodb-buffer-pool-size=64M',
                '--innodb-flush-log-at-trx-commit=2',
                '--max-connections=500',
                '--pid-file=' + os.path.join(self.workdir, 'mariadbd.pid')]

    def create_database(self):
        import pymysql
        conn = pymysql.connect(host='127.0.0.1', port=self.port, user='root',
                               autocommit=True)
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE IF NOT EXISTS nova_lite '
                        'CHARACTER SET utf8mb4')
        conn.close()
