"""Quota limits (project, project user, quota class) and usage counts."""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models


def _limits(session, model, *conditions):
    # Two columns, not ORM entities: this runs twice per server create.
    rows = session.execute(sa.select(model.resource, model.hard_limit)
                           .where(*conditions))
    return {resource: limit for resource, limit in rows}


def quota_get_all(context, project_id, user_id=None):
    """{'project': {resource: limit}, 'user': {...}} as stored (overrides
    only; defaults come from [quota] and the quota class)."""
    with engine.reader(context) as session:
        result = {'project': _limits(session, models.Quota,
                                     models.Quota.project_id == project_id),
                  'user': {}}
        if user_id is not None:
            puq = models.ProjectUserQuota
            result['user'] = _limits(session, puq,
                                     puq.project_id == project_id,
                                     puq.user_id == user_id)
        return result


def quota_get_all_user_limits(context, project_id):
    """{user_id: {resource: limit}} of every user quota in a project."""
    puq = models.ProjectUserQuota
    with engine.reader(context) as session:
        result = {}
        for row in session.scalars(sa.select(puq).where(
                puq.project_id == project_id)):
            result.setdefault(row.user_id, {})[row.resource] = row.hard_limit
        return result


def quota_class_get(context, class_name):
    with engine.reader(context) as session:
        return _limits(session, models.QuotaClass,
                       models.QuotaClass.class_name == class_name)


def _upsert(session, model, keys, limit):
    row = session.scalars(sa.select(model).filter_by(**keys)).first()
    if row is None:
        session.add(model(hard_limit=limit, **keys))
    else:
        row.hard_limit = limit
    session.flush()


def quota_set(context, project_id, resource, limit, user_id=None):
    """Create or update one limit of a project (or of a user in it)."""
    with engine.writer(context) as session:
        if user_id is None:
            _upsert(session, models.Quota,
                    {'project_id': project_id, 'resource': resource}, limit)
        else:
            _upsert(session, models.ProjectUserQuota,
                    {'project_id': project_id, 'user_id': user_id,
                     'resource': resource}, limit)


def quota_class_set(context, class_name, resource, limit):
    with engine.writer(context) as session:
        _upsert(session, models.QuotaClass,
                {'class_name': class_name, 'resource': resource}, limit)


def quota_destroy_all_by_project(context, project_id):
    """Forget a project's limits and those of its users (back to the
    defaults)."""
    with engine.writer(context) as session:
        session.execute(sa.delete(models.Quota).where(
            models.Quota.project_id == project_id))
        session.execute(sa.delete(models.ProjectUserQuota).where(
            models.ProjectUserQuota.project_id == project_id))


def quota_destroy_all_by_project_and_user(context, project_id, user_id):
    puq = models.ProjectUserQuota
    with engine.writer(context) as session:
        session.execute(sa.delete(puq).where(puq.project_id == project_id,
                                             puq.user_id == user_id))


# -- usage counting ---------------------------------------------------------
#
# A counter is fn(session, project_id, user_id) -> {resource: (project
# count, user count or None)}. Areas register theirs with register_counter;
# a resource nobody counts is in use 0.

_COUNTERS = []


def register_counter(counter):
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)


def _count_instances(session, project_id, user_id):
    inst = models.Instance
    live = [inst.project_id == project_id, inst.deleted == 0,
            sa.or_(inst.vm_state.is_(None), inst.vm_state != 'soft-delete')]

    columns = [sa.func.count(inst.id),
               sa.func.coalesce(sa.func.sum(inst.vcpus), 0),
               sa.func.coalesce(sa.func.sum(inst.memory_mb), 0)]
    if user_id:
        # The user's share in the same scan (one statement, not two).
        mine = inst.user_id == user_id
        columns += [
            sa.func.coalesce(sa.func.sum(sa.case((mine, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(
                sa.case((mine, inst.vcpus), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(
                sa.case((mine, inst.memory_mb), else_=0)), 0)]
    row = [int(v) for v in session.execute(
        sa.select(*columns).where(*live)).one()]
    return {name: (row[i], row[i + 3] if user_id else None)
            for i, name in enumerate(('instances', 'cores', 'ram'))}


def _count_rows(session, model, project_id, user_id, by_user_only=False):
    conditions = []
    if hasattr(model, 'deleted'):
        conditions.append(model.deleted == 0)
    if by_user_only:
        count = session.scalar(sa.select(sa.func.count(model.id)).where(
            model.user_id == user_id, *conditions)) if user_id else 0
        return count, count
    if not user_id:
        return session.scalar(sa.select(sa.func.count(model.id)).where(
            model.project_id == project_id, *conditions)), None
    project, user = session.execute(sa.select(
        sa.func.count(model.id),
        sa.func.coalesce(sa.func.sum(
            sa.case((model.user_id == user_id, 1), else_=0)), 0)).where(
        model.project_id == project_id, *conditions)).one()
    return project, int(user)


def _count_server_groups(session, project_id, user_id):
    model = getattr(models, 'InstanceGroup', None)
    if model is None:
        return {}
    return {'server_groups': _count_rows(session, model, project_id,
                                         user_id)}


def _count_key_pairs(session, project_id, user_id):
    # Key pairs belong to users; Nova counts them per user only.
    model = getattr(models, 'KeyPair', None)
    if model is None or not hasattr(model, 'user_id'):
        return {}
    return {'key_pairs': _count_rows(session, model, project_id, user_id,
                                     by_user_only=True)}


register_counter(_count_instances)
register_counter(_count_server_groups)
register_counter(_count_key_pairs)


def quota_usage_count(context, project_id, user_id=None):
    """{'project': {resource: n}, 'user': {resource: n}} in use now."""
    result = {'project': {}, 'user': {}}
    with engine.reader(context) as session:
        for counter in _COUNTERS:
            for resource, (project, user) in counter(
                    session, project_id, user_id).items():
                result['project'][resource] = int(project or 0)
                if user_id:
                    result['user'][resource] = int(user or 0)
    return result


def quota_limits_and_usage(context, project_id, user_id=None):
    """Stored limits (with the "default" class) and usage counts, read in
    one transaction: one pooled connection instead of three."""
    with engine.reader(context):
        stored = quota_get_all(context, project_id, user_id=user_id)
        stored['class'] = quota_class_get(context, 'default')
        return {'stored': stored,
                'counts': quota_usage_count(context, project_id,
                                            user_id=user_id)}


def quota_count_group_members(context, group_uuid):
    """Members of a server group (server_group_members quota), or 0 when
    server groups do not exist."""
    group = getattr(models, 'InstanceGroup', None)
    member = getattr(models, 'InstanceGroupMember', None)
    if group is None or member is None:
        return 0
    with engine.reader(context) as session:
        return int(session.scalar(
            sa.select(sa.func.count(member.id)).join(
                group, group.id == member.group_id).where(
                    group.uuid == group_uuid)) or 0)
