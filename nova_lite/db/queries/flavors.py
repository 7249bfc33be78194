"""Flavors."""
from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import flavor_access
from nova_lite.db.queries import pagination
from nova_lite.db.queries import regexp
from nova_lite import exception


def flavor_create(context, values):
    values = engine.clean(values)
    with engine.writer(context) as session:
        if session.scalars(sa.select(models.Flavor).where(
                models.Flavor.flavorid == values['flavorid'])).first():
            raise exception.FlavorExists(flavor_id=values['flavorid'])
        if session.scalars(sa.select(models.Flavor).where(
                models.Flavor.name == values['name'])).first():
            raise exception.FlavorNameExists(name=values['name'])
        row = models.Flavor(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.FlavorExists(flavor_id=values['flavorid'])
        return row.as_dict()


def _flavor_get_by(context, column, value, exc, check_access=False):
    with engine.reader(context) as session:
        query = sa.select(models.Flavor).where(column == value)
        if check_access:
            query = flavor_access.visibility_filter(context, query)
        row = session.scalars(query).first()
        if row is None:
            raise exc
        return row.as_dict()


def flavor_get(context, flavor_id):
    return _flavor_get_by(context, models.Flavor.id, flavor_id,
                          exception.FlavorNotFound(flavor_id=flavor_id))


def flavor_get_by_flavor_id(context, flavorid):
    return _flavor_get_by(context, models.Flavor.flavorid, flavorid,
                          exception.FlavorNotFound(flavor_id=flavorid),
                          check_access=True)


def flavor_get_by_name(context, name):
    return _flavor_get_by(context, models.Flavor.name, name,
                          exception.FlavorNotFoundByName(flavor_name=name),
                          check_access=True)


def flavor_get_all(context, filters=None, sort_key='flavorid', sort_dir='asc',
                   limit=None, marker=None):
    filters = filters or {}
    with engine.reader(context) as session:
        query = sa.select(models.Flavor)
        if filters.get('min_memory_mb') is not None:
            query = query.where(
                models.Flavor.memory_mb >= filters['min_memory_mb'])
        if filters.get('min_root_gb') is not None:
            query = query.where(
                models.Flavor.root_gb >= filters['min_root_gb'])
        if filters.get('is_public') and filters.get('project_id'):
            # Public flavors plus the private ones shared with the project.
            query = query.where(flavor_access.accessible_clause(
                filters['project_id']))
        elif filters.get('is_public') is not None:
            query = query.where(
                models.Flavor.is_public == filters['is_public'])
        if filters.get('disabled') is not None:
            query = query.where(
                models.Flavor.disabled == filters['disabled'])
        if filters.get('name') is not None:
            query = query.where(regexp.matches(session, models.Flavor.name,
                                               filters['name']))
        query = pagination.paginate(
            session, query, models.Flavor, [sort_key], [sort_dir], limit,
            marker, marker_column=models.Flavor.flavorid)
        return [r.as_dict() for r in session.scalars(query)]


def flavor_update(context, flavorid, values):
    with engine.writer(context) as session:
        row = session.scalars(sa.select(models.Flavor).where(
            models.Flavor.flavorid == flavorid)).first()
        if row is None:
            raise exception.FlavorNotFound(flavor_id=flavorid)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def flavor_destroy(context, flavorid):
    with engine.writer(context) as session:
        row = session.scalars(sa.select(models.Flavor).where(
            models.Flavor.flavorid == flavorid)).first()
        if row is not None:
            flavor_access.flavor_access_delete_all(session, row.id)
        count = session.execute(sa.delete(models.Flavor).where(
            models.Flavor.flavorid == flavorid)).rowcount
        if not count:
            raise exception.FlavorNotFound(flavor_id=flavorid)
