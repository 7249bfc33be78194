"""Purge: remove soft-deleted rows for good (``nova-lite-manage db purge``).

Nova moves soft-deleted rows to shadow tables (``db archive_deleted_rows``)
and later empties those (``db purge``). nova_lite has no shadow tables, so
its purge removes the soft-deleted rows themselves, together with every row
that hangs off a purged instance (its actions and their events, faults,
tags, server group membership, console tokens, block device mappings,
migrations and any claim it still held), the way Nova's archive follows
an instance's foreign keys.
Rows that are not soft-deleted are never removed.

Instances go in batches: a leftover claim is given back to its compute node
first (idempotently, as a delete does), then the batch's instances and
their rows go in one transaction, so an interrupted purge leaves no orphans.
"""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import claims

BATCH_SIZE = 500

# Rows keyed by instance uuid that go with their instance.
_INSTANCE_CHILDREN = (
    (models.InstanceFault, models.InstanceFault.instance_uuid),
    (models.InstanceTag, models.InstanceTag.instance_uuid),
    (models.InstanceGroupMember, models.InstanceGroupMember.instance_uuid),
    (models.ConsoleAuthToken, models.ConsoleAuthToken.instance_uuid),
    (models.BlockDeviceMapping, models.BlockDeviceMapping.instance_uuid),
)

# Soft-deleted tables purged on their own, children first.
_SOFT_DELETED = (models.Migration, models.ComputeNode, models.Service)


class PurgeResult(object):
    """Rows removed per table and per timestamp column that selected them
    ("(n/a)" for --all), in the order they were removed."""

    def __init__(self):
        self.counts = {}

    def add(self, table, rows, column):
        if rows > 0:
            key = (table, column)
            self.counts[key] = self.counts.get(key, 0) + rows

    @property
    def total(self):
        return sum(self.counts.values())

    def lines(self):
        return [(table, rows, column)
                for (table, column), rows in self.counts.items()]


def _deleted(model, before):
    """WHERE clause: soft-deleted (and, with `before`, deleted earlier)."""
    clauses = [model.deleted != 0]
    if before is not None:
        clauses.append(model.deleted_at < engine.naive(before))
    return sa.and_(*clauses)


def _label(before, column='deleted_at'):
    """The timestamp column that selected the rows, as Nova reports it."""
    return '(n/a)' if before is None else column


def _delete(session, model, where):
    return session.execute(sa.delete(model).where(where).execution_options(
        synchronize_session=False)).rowcount


def _purge_instance_batch(context, before, result):
    """Purge up to BATCH_SIZE soft-deleted instances and what hangs off
    them; returns how many instances went."""
    inst = models.Instance
    column = _label(before, 'instances.deleted_at')
    with engine.reader(context) as session:
        uuids = list(session.scalars(
            sa.select(inst.uuid).where(_deleted(inst, before))
            .order_by(inst.id).limit(BATCH_SIZE)))
        if not uuids:
            return 0
        migration_uuids = list(session.scalars(
            sa.select(models.Migration.uuid).where(
                models.Migration.instance_uuid.in_(uuids))))
    # A claim left behind by a deleted instance (or its migration) still
    # counts on its compute node: give it back properly.
    for consumer in uuids + migration_uuids:
        result.add('allocations',
                   claims.release_resources(context, consumer), column)
    with engine.writer(context) as session:
        actions = sa.select(models.InstanceAction.id).where(
            models.InstanceAction.instance_uuid.in_(uuids))
        result.add('instance_actions_events', _delete(
            session, models.InstanceActionEvent,
            models.InstanceActionEvent.action_id.in_(actions)), column)
        result.add('instance_actions', _delete(
            session, models.InstanceAction,
            models.InstanceAction.instance_uuid.in_(uuids)), column)
        for model, key in _INSTANCE_CHILDREN:
            result.add(model.__tablename__,
                       _delete(session, model, key.in_(uuids)), column)
        result.add('migrations', _delete(
            session, models.Migration,
            models.Migration.instance_uuid.in_(uuids)), column)
        # Re-check deleted: an instance is never un-deleted, but a purge
        # must not remove a live row whatever happened in between.
        rows = _delete(session, inst, sa.and_(inst.uuid.in_(uuids),
                                              inst.deleted != 0))
        result.add('instances', rows, _label(before))
    return len(uuids)


def purge_deleted_rows(context, before=None):
    """Remove soft-deleted rows (deleted before `before`, a datetime, or
    all of them when it is None). Returns a PurgeResult."""
    result = PurgeResult()
    while _purge_instance_batch(context, before, result) == BATCH_SIZE:
        pass
    with engine.writer(context) as session:
        for model in _SOFT_DELETED:
            if model is models.ComputeNode:
                # Claims on a node that is gone count nowhere any more.
                nodes = sa.select(models.ComputeNode.id).where(
                    _deleted(models.ComputeNode, before))
                result.add('allocations', _delete(
                    session, models.Allocation,
                    models.Allocation.compute_node_id.in_(nodes)),
                    _label(before, 'compute_nodes.deleted_at'))
            result.add(model.__tablename__,
                       _delete(session, model, _deleted(model, before)),
                       _label(before))
    return result
