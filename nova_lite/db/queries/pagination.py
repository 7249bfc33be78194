"""The one way a list query is sorted, started after a marker and cut to a
limit (Nova's marker/limit/sort semantics, through oslo.db's
paginate_query)."""
from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from nova_lite import exception


def paginate(session, query, model, sort_keys, sort_dirs=None, limit=None,
             marker=None, marker_column=None, marker_scope=()):
    """`query` sorted by `sort_keys`, then by id so that the order is
    total, resuming after the row whose `marker_column` (default: uuid)
    equals `marker`, with at most `limit` rows.

    `sort_dirs` has one direction per key (default all 'asc'); id sorts
    like the first key. `marker_scope` holds conditions the marker row must
    also meet (its owner, its instance). A marker naming no row raises
    MarkerNotFound; an unknown sort key, oslo.db's InvalidSortKey.
    """
    sort_keys = list(sort_keys)
    sort_dirs = list(sort_dirs or ['asc'] * len(sort_keys))
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0] if sort_dirs else 'asc')
    marker_row = None
    if marker is not None:
        column = model.uuid if marker_column is None else marker_column
        marker_row = session.scalars(sa.select(model).where(
            column == marker, *marker_scope)).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    return sqlalchemyutils.paginate_query(query, model, limit, sort_keys,
                                          marker=marker_row,
                                          sort_dirs=sort_dirs)
