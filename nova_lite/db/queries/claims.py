"""Atomic resource claims (allocations) on compute nodes."""
from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception


def claim_resources(context, consumer_uuid, compute_node_id, vcpus,
                    memory_mb, disk_gb):
    """Atomically take resources on a node, or raise ClaimFailed.

    One conditional UPDATE checks capacity (with allocation ratios and
    reservations) and adds the usage, so two concurrent claims can never
    over-commit a node on any of the three databases.
    """
    cn = models.ComputeNode
    with engine.writer(context) as session:
        fits = sa.and_(
            cn.vcpus_used + vcpus <=
            (cn.vcpus - cn.reserved_host_cpus) * cn.cpu_allocation_ratio,
            cn.memory_mb_used + memory_mb <=
            (cn.memory_mb - cn.reserved_host_memory_mb) *
            cn.ram_allocation_ratio,
            cn.local_gb_used + disk_gb <=
            (cn.local_gb - cn.reserved_host_disk_mb / 1024.0) *
            cn.disk_allocation_ratio)
        count = session.execute(
            sa.update(cn).where(cn.id == compute_node_id, cn.deleted == 0,
                                fits)
            .values(vcpus_used=cn.vcpus_used + vcpus,
                    memory_mb_used=cn.memory_mb_used + memory_mb,
                    local_gb_used=cn.local_gb_used + disk_gb)
            .execution_options(synchronize_session=False)).rowcount
        if count != 1:
            raise exception.ClaimFailed(host=compute_node_id,
                                        reason='not enough free resources')
        session.add(models.Allocation(
            consumer_uuid=consumer_uuid, compute_node_id=compute_node_id,
            vcpus=vcpus, memory_mb=memory_mb, disk_gb=disk_gb))
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.ClaimFailed(host=compute_node_id,
                                        reason='consumer already holds a '
                                               'claim on this node')


def release_resources(context, consumer_uuid, compute_node_id=None):
    """Give back what a consumer holds (on one node or all). Idempotent."""
    cn = models.ComputeNode
    with engine.writer(context) as session:
        query = sa.select(models.Allocation).where(
            models.Allocation.consumer_uuid == consumer_uuid)
        if compute_node_id is not None:
            query = query.where(
                models.Allocation.compute_node_id == compute_node_id)
        released = 0
        for alloc in session.scalars(query).all():
            deleted = session.execute(
                sa.delete(models.Allocation)
                .where(models.Allocation.id == alloc.id)).rowcount
            if not deleted:
                continue
            session.execute(
                sa.update(cn).where(cn.id == alloc.compute_node_id)
                .values(vcpus_used=cn.vcpus_used - alloc.vcpus,
                        memory_mb_used=cn.memory_mb_used - alloc.memory_mb,
                        local_gb_used=cn.local_gb_used - alloc.disk_gb)
                .execution_options(synchronize_session=False))
            released += 1
        return released


def allocations_get_by_consumer(context, consumer_uuid):
    with engine.reader(context) as session:
        return [a.as_dict() for a in session.scalars(
            sa.select(models.Allocation).where(
                models.Allocation.consumer_uuid == consumer_uuid))]


def allocations_get_all(context):
    with engine.reader(context) as session:
        return [a.as_dict() for a in session.scalars(
            sa.select(models.Allocation))]
