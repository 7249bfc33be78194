"""Server tags: list, add, replace, remove, and the tag filters of the
server list (tags, tags-any, not-tags, not-tags-any)."""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception

MAX_TAG_COUNT = 50


def _instance_exists(session, instance_uuid):
    inst = models.Instance
    found = session.scalar(sa.select(inst.id).where(
        inst.uuid == instance_uuid, inst.deleted == 0))
    if found is None:
        raise exception.InstanceNotFound(instance_id=instance_uuid)


def _tags(session, instance_uuid):
    tag = models.InstanceTag
    return list(session.scalars(
        sa.select(tag.tag).where(tag.instance_uuid == instance_uuid)
        .order_by(tag.tag)))


def instance_tag_get_by_instance_uuid(context, instance_uuid):
    with engine.reader(context) as session:
        return _tags(session, instance_uuid)


def instance_tag_get_by_instance_uuids(context, instance_uuids):
    """{uuid: [tag, ...]} for many instances in one query."""
    if not instance_uuids:
        return {}
    tag = models.InstanceTag
    result = {uuid: [] for uuid in instance_uuids}
    with engine.reader(context) as session:
        for row in session.execute(
                sa.select(tag.instance_uuid, tag.tag)
                .where(tag.instance_uuid.in_(list(instance_uuids)))
                .order_by(tag.tag)):
            result[row.instance_uuid].append(row.tag)
    return result


def instance_tag_exists(context, instance_uuid, tag_name):
    tag = models.InstanceTag
    with engine.reader(context) as session:
        _instance_exists(session, instance_uuid)
        return session.scalar(sa.select(tag.tag).where(
            tag.instance_uuid == instance_uuid,
            tag.tag == tag_name)) is not None


def instance_tag_add(context, instance_uuid, tag_name):
    """Add one tag; returns (created, tags). Raises TooManyTags."""
    tag = models.InstanceTag
    with engine.writer(context) as session:
        _instance_exists(session, instance_uuid)
        tags = _tags(session, instance_uuid)
        if tag_name in tags:
            return False, tags
        if len(tags) >= MAX_TAG_COUNT:
            raise exception.TooManyInstanceTags(limit=MAX_TAG_COUNT)
        session.add(tag(instance_uuid=instance_uuid, tag=tag_name))
        session.flush()
        return True, _tags(session, instance_uuid)


def instance_tag_set(context, instance_uuid, tag_names):
    """Replace all tags of an instance; returns the new list."""
    tag = models.InstanceTag
    names = sorted(set(tag_names))
    if len(names) > MAX_TAG_COUNT:
        raise exception.TooManyInstanceTags(limit=MAX_TAG_COUNT)
    with engine.writer(context) as session:
        _instance_exists(session, instance_uuid)
        session.execute(sa.delete(tag).where(
            tag.instance_uuid == instance_uuid))
        for name in names:
            session.add(tag(instance_uuid=instance_uuid, tag=name))
        session.flush()
        return _tags(session, instance_uuid)


def instance_tag_delete(context, instance_uuid, tag_name):
    tag = models.InstanceTag
    with engine.writer(context) as session:
        _instance_exists(session, instance_uuid)
        count = session.execute(sa.delete(tag).where(
            tag.instance_uuid == instance_uuid,
            tag.tag == tag_name)).rowcount
        if not count:
            raise exception.InstanceTagNotFound(instance_id=instance_uuid,
                                                tag=tag_name)


def instance_tag_delete_all(context, instance_uuid):
    tag = models.InstanceTag
    with engine.writer(context) as session:
        _instance_exists(session, instance_uuid)
        session.execute(sa.delete(tag).where(
            tag.instance_uuid == instance_uuid))


def _has_tag(name):
    tag = models.InstanceTag
    return sa.exists().where(tag.instance_uuid == models.Instance.uuid,
                             tag.tag == name)


def apply_tag_filters(query, filters):
    """Add the WHERE clauses of the tag filters (lists of tag names) to a
    select of instances; pops the filters it used."""
    tags = filters.pop('tags', None)
    if tags:
        query = query.where(sa.and_(*[_has_tag(t) for t in tags]))
    tags_any = filters.pop('tags-any', None)
    if tags_any:
        query = query.where(sa.or_(*[_has_tag(t) for t in tags_any]))
    not_tags = filters.pop('not-tags', None)
    if not_tags:
        query = query.where(sa.not_(sa.and_(*[_has_tag(t)
                                              for t in not_tags])))
    not_tags_any = filters.pop('not-tags-any', None)
    if not_tags_any:
        query = query.where(sa.not_(sa.or_(*[_has_tag(t)
                                             for t in not_tags_any])))
    return query
