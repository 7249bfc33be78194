"""A column matching a regular expression (the name filters of servers
and flavors), in the SQL dialect of the session's database."""


def matches(session, column, pattern):
    if session.bind.dialect.name == 'postgresql':
        return column.op('~')(pattern)
    return column.op('REGEXP')(pattern)
