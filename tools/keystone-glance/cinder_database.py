"""Create or drop the MariaDB database of a WORKDIR's Cinder (root, no
password), with Cinder's venv python (PyMySQL is in it).

Usage: cinder_database.py create|drop HOST NAME
"""
import sys

import pymysql

STATEMENTS = {'create': 'CREATE DATABASE IF NOT EXISTS `%s`',
              'drop': 'DROP DATABASE IF EXISTS `%s`'}


def main():
    action, host, name = sys.argv[1:4]
    conn = pymysql.connect(host=host, user='root', autocommit=True)
    conn.cursor().execute(STATEMENTS[action] % name)


if __name__ == '__main__':
    main()
