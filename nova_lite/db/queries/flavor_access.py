"""Flavor access (private flavors shared with projects) and atomic extra
spec updates."""
from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception


def accessible_clause(project_id):
    """Public flavors, or private ones shared with `project_id`."""
    shared = sa.select(models.FlavorProject.flavor_id).where(
        models.FlavorProject.project_id == project_id)
    return sa.or_(models.Flavor.is_public == sa.true(),
                  models.Flavor.id.in_(shared))


def visibility_filter(context, query):
    """What a non-admin context may see of the flavors table (Nova hides
    private flavors from projects without access)."""
    if getattr(context, 'is_admin', False):
        return query
    return query.where(accessible_clause(context.project_id))


def _flavor_row(session, flavorid):
    row = session.scalars(sa.select(models.Flavor).where(
        models.Flavor.flavorid == flavorid)).first()
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return row


def flavor_access_get_by_flavor_id(context, flavorid):
    """Project ids with access to a flavor, oldest first."""
    with engine.reader(context) as session:
        row = _flavor_row(session, flavorid)
        fp = models.FlavorProject
        return list(session.scalars(sa.select(fp.project_id).where(
            fp.flavor_id == row.id).order_by(fp.id)))


def flavor_access_add(context, flavorid, project_id):
    with engine.writer(context) as session:
        row = _flavor_row(session, flavorid)
        fp = models.FlavorProject
        if session.scalars(sa.select(fp).where(
                fp.flavor_id == row.id, fp.project_id == project_id)).first():
            raise exception.FlavorAccessExists(flavor_id=flavorid,
                                               project_id=project_id)
        session.add(fp(flavor_id=row.id, project_id=project_id))
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.FlavorAccessExists(flavor_id=flavorid,
                                               project_id=project_id)


def flavor_access_remove(context, flavorid, project_id):
    with engine.writer(context) as session:
        row = _flavor_row(session, flavorid)
        fp = models.FlavorProject
        count = session.execute(sa.delete(fp).where(
            fp.flavor_id == row.id, fp.project_id == project_id)).rowcount
        if not count:
            raise exception.FlavorAccessNotFound(flavor_id=flavorid,
                                                 project_id=project_id)


def flavor_access_delete_all(session, flavor_pk):
    """Drop a flavor's access list (inside the flavor delete's session)."""
    session.execute(sa.delete(models.FlavorProject).where(
        models.FlavorProject.flavor_id == flavor_pk))


def flavor_extra_specs_update(context, flavorid, specs, delete_key=None):
    """Merge `specs` into a flavor's extra specs (or delete one key) in a
    single transaction; returns the new extra specs."""
    with engine.writer(context) as session:
        row = _flavor_row(session, flavorid)
        current = jsonutils.loads(row.extra_specs or '{}')
        if delete_key is not None:
            if delete_key not in current:
                raise exception.FlavorExtraSpecsNotFound(
                    flavor_id=flavorid, extra_specs_key=delete_key)
            del current[delete_key]
        current.update(specs or {})
        row.extra_specs = jsonutils.dumps(current)
        row.updated_at = engine.utcnow()
        session.flush()
        return current
