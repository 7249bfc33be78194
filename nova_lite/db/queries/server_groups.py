"""Server groups: create, read (with their live members), delete, and the
membership of instances."""
from oslo_serialization import jsonutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception

_GROUP = models.InstanceGroup
_MEMBER = models.InstanceGroupMember
_INSTANCE = models.Instance


def _live_members(session, group_ids):
    """group id -> [instance uuid] of members whose instance still lives,
    in the order they joined."""
    if not group_ids:
        return {}
    rows = session.execute(
        sa.select(_MEMBER.group_id, _MEMBER.instance_uuid)
        .join(_INSTANCE, sa.and_(_INSTANCE.uuid == _MEMBER.instance_uuid,
                                 _INSTANCE.deleted == 0))
        .where(_MEMBER.group_id.in_(list(group_ids)))
        .order_by(_MEMBER.id))
    result = {}
    for group_id, instance_uuid in rows:
        result.setdefault(group_id, []).append(instance_uuid)
    return result


def _as_dicts(session, rows):
    members = _live_members(session, [r.id for r in rows])
    result = []
    for row in rows:
        values = row.as_dict()
        values['rules'] = jsonutils.loads(values.get('rules') or '{}')
        values['members'] = members.get(row.id, [])
        result.append(values)
    return result


def instance_group_create(context, values, members=None):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    values['rules'] = jsonutils.dumps(values.get('rules') or {})
    with engine.writer(context) as session:
        row = _GROUP(**values)
        session.add(row)
        session.flush()
        for instance_uuid in members or []:
            session.add(_MEMBER(group_id=row.id,
                                instance_uuid=instance_uuid))
        session.flush()
        return _as_dicts(session, [row])[0]


def _get(session, group_uuid):
    row = session.scalars(sa.select(_GROUP).where(
        _GROUP.uuid == group_uuid)).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return row


def instance_group_get_by_uuid(context, group_uuid):
    with engine.reader(context) as session:
        return _as_dicts(session, [_get(session, group_uuid)])[0]


def instance_group_get_by_instance(context, instance_uuid):
    with engine.reader(context) as session:
        row = session.scalars(
            sa.select(_GROUP).join(_MEMBER, _MEMBER.group_id == _GROUP.id)
            .where(_MEMBER.instance_uuid == instance_uuid)
            .order_by(_MEMBER.id)).first()
        if row is None:
            raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
        return _as_dicts(session, [row])[0]


def instance_group_get_all(context, project_id=None):
    """Every group (or one project's), oldest first."""
    with engine.reader(context) as session:
        query = sa.select(_GROUP).order_by(_GROUP.id)
        if project_id is not None:
            query = query.where(_GROUP.project_id == project_id)
        return _as_dicts(session, list(session.scalars(query)))


def instance_group_delete(context, group_uuid):
    """Delete a group and its membership rows (the instances stay)."""
    with engine.writer(context) as session:
        row = _get(session, group_uuid)
        session.execute(sa.delete(_MEMBER).where(_MEMBER.group_id == row.id))
        session.execute(sa.delete(_GROUP).where(_GROUP.id == row.id))


def instance_group_members_add(context, group_uuid, instance_uuids):
    """Add instances to a group; returns the group's new member list."""
    with engine.writer(context) as session:
        row = _get(session, group_uuid)
        present = set(session.scalars(
            sa.select(_MEMBER.instance_uuid).where(
                _MEMBER.group_id == row.id)))
        for instance_uuid in instance_uuids:
            if instance_uuid not in present:
                session.add(_MEMBER(group_id=row.id,
                                    instance_uuid=instance_uuid))
                present.add(instance_uuid)
        session.flush()
        return _live_members(session, [row.id]).get(row.id, [])


def instance_group_member_delete_by_instance(context, instance_uuid):
    """Forget a (deleted) instance in every group; returns rows removed."""
    with engine.writer(context) as session:
        return session.execute(sa.delete(_MEMBER).where(
            _MEMBER.instance_uuid == instance_uuid)).rowcount


def instance_group_member_hosts(context, group_uuid, exclude=()):
    """The host of every live, placed member (one entry per member, so a
    host appears as often as it holds members), minus `exclude`d
    instances."""
    with engine.reader(context) as session:
        row = _get(session, group_uuid)
        query = (sa.select(_INSTANCE.host)
                 .join(_MEMBER, _MEMBER.instance_uuid == _INSTANCE.uuid)
                 .where(_MEMBER.group_id == row.id, _INSTANCE.deleted == 0,
                        _INSTANCE.host.is_not(None))
                 .order_by(_MEMBER.id))
        exclude = list(exclude or ())
        if exclude:
            query = query.where(_INSTANCE.uuid.not_in(exclude))
        return list(session.scalars(query))
