"""Compute nodes: inventory reported by compute services."""
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception


def compute_node_create(context, values):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with engine.writer(context) as session:
        row = models.ComputeNode(**values)
        session.add(row)
        session.flush()
        return row.as_dict()


def _compute_node_query(context):
    return engine.read_deleted_filter(context, models.ComputeNode,
                                sa.select(models.ComputeNode))


def compute_node_get(context, node_id):
    with engine.reader(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.id == node_id)).first()
        if row is None:
            raise exception.ComputeNodeNotFound(node=node_id)
        return row.as_dict()


def compute_node_get_by_uuid(context, node_uuid):
    with engine.reader(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.uuid == node_uuid)).first()
        if row is None:
            raise exception.ComputeNodeNotFound(node=node_uuid)
        return row.as_dict()


def compute_node_get_by_host_and_nodename(context, host, nodename):
    with engine.reader(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.host == host,
            models.ComputeNode.hypervisor_hostname == nodename)).first()
        if row is None:
            raise exception.ComputeHostNotFound(host=host)
        return row.as_dict()


def compute_node_get_all(context, host=None, changed_since=None):
    """Every compute node (of `host`), or those created or updated at or
    after `changed_since` (a claim, a release and a changed inventory
    report each bump updated_at)."""
    cn = models.ComputeNode
    with engine.reader(context) as session:
        query = _compute_node_query(context)
        if host is not None:
            query = query.where(cn.host == host)
        if changed_since is not None:
            query = query.where(sa.or_(cn.updated_at >= changed_since,
                                       cn.created_at >= changed_since))
        return [r.as_dict() for r in session.scalars(
            query.order_by(models.ComputeNode.id))]


def compute_node_update(context, node_id, values):
    values = engine.clean(values)
    # Usage columns belong to claims; a compute report never overwrites them.
    for owned in ('vcpus_used', 'memory_mb_used', 'local_gb_used'):
        values.pop(owned, None)
    with engine.writer(context) as session:
        row = session.get(models.ComputeNode, node_id)
        if row is None or row.deleted:
            raise exception.ComputeNodeNotFound(node=node_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def compute_node_running_vms(context):
    """{host: number of live instances} for os-hypervisors."""
    with engine.reader(context) as session:
        rows = session.execute(
            sa.select(models.Instance.node, sa.func.count())
            .where(models.Instance.deleted == 0,
                   models.Instance.node.is_not(None))
            .group_by(models.Instance.node))
        return {node: count for node, count in rows}
