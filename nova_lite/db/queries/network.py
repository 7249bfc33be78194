"""Networks, subnets and network quotas (the network service's data,
served to it through the conductor). Rows leave as dicts; a subnet's
JSON columns leave decoded."""
import json

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite import conf as nl_conf
from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.network import exceptions as exc

QUOTA_RESOURCES = ('network', 'subnet', 'port', 'security_group',
                   'security_group_rule')
DHCP_OWNER = 'network:dhcp'
_SUBNET_JSON = ('allocation_pools', 'dns_nameservers', 'host_routes')


# -- shared helpers (the other network query modules use them) -----------

def where_filters(query, model, filters):
    """`filters` {column: value or list of values}; unknown keys are an
    error of the caller's, not ignored."""
    for key, value in (filters or {}).items():
        column = getattr(model, key)
        if isinstance(value, (list, tuple, set)):
            query = query.where(column.in_(list(value)))
        else:
            query = query.where(column == value)
    return query


def default_limit(resource):
    return getattr(nl_conf.CONF.network, 'default_quota_%s' % resource)


def quota_limits(session, project_id):
    limits = {r: default_limit(r) for r in QUOTA_RESOURCES}
    for row in session.scalars(sa.select(models.NetworkQuota).where(
            models.NetworkQuota.project_id == project_id)):
        limits[row.resource] = row.hard_limit
    return limits


def check_quota(session, project_id, resource, model, wanted=1):
    """Raise OverQuota if `wanted` more of `resource` would exceed the
    project's limit (-1: unlimited); counted in the caller's
    transaction."""
    limit = quota_limits(session, project_id)[resource]
    if limit is None or limit < 0:
        return
    used = session.scalar(sa.select(sa.func.count()).select_from(model)
                          .where(model.project_id == project_id))
    if used + wanted > limit:
        raise exc.OverQuota(overs=resource)


def bump(values):
    values = dict(values)
    values['updated_at'] = engine.utcnow()
    return values


# -- networks -------------------------------------------------------------

def _network(session, network_id):
    row = session.get(models.Network, network_id)
    if row is None:
        raise exc.NetworkNotFound(net_id=network_id)
    return row


def _network_dict(session, row):
    value = row.as_dict()
    value['subnets'] = list(session.scalars(
        sa.select(models.Subnet.id).where(
            models.Subnet.network_id == row.id)
        .order_by(models.Subnet.created_at, models.Subnet.id)))
    return value


def network_create(context, values):
    values = engine.clean(values)
    with engine.writer(context) as session:
        check_quota(session, values.get('project_id'), 'network',
                    models.Network)
        row = models.Network(**values)
        session.add(row)
        session.flush()
        return _network_dict(session, row)


def network_get(context, network_id):
    with engine.reader(context) as session:
        return _network_dict(session, _network(session, network_id))


def network_get_all(context, filters=None, visible_to=None):
    """Networks matching `filters`; with `visible_to` (a project id) only
    that project's and the shared ones."""
    net = models.Network
    with engine.reader(context) as session:
        query = where_filters(sa.select(net), net, filters)
        if visible_to is not None:
            query = query.where(sa.or_(net.project_id == visible_to,
                                       net.shared.is_(True)))
        query = query.order_by(net.created_at, net.id)
        return [_network_dict(session, r) for r in session.scalars(query)]


def network_update(context, network_id, values):
    with engine.writer(context) as session:
        row = _network(session, network_id)
        for key, value in bump(values).items():
            setattr(row, key, value)
        row.revision_number = (row.revision_number or 0) + 1
        session.flush()
        return _network_dict(session, row)


def network_destroy(context, network_id):
    """Delete a network with its subnets and DHCP ports; NetworkInUse if
    any other port is left on it. Returns the ids of the ports deleted."""
    port = models.Port
    with engine.writer(context) as session:
        _network(session, network_id)
        owners = session.execute(sa.select(port.id, port.device_owner).where(
            port.network_id == network_id)).all()
        if any(owner != DHCP_OWNER for _id, owner in owners):
            raise exc.NetworkInUse(net_id=network_id)
        port_ids = [pid for pid, _owner in owners]
        _delete_ports(session, port_ids)
        session.execute(sa.delete(models.Subnet).where(
            models.Subnet.network_id == network_id))
        session.execute(sa.delete(models.Network).where(
            models.Network.id == network_id))
        return port_ids


def _delete_ports(session, port_ids):
    if not port_ids:
        return
    session.execute(sa.delete(models.IPAllocation).where(
        models.IPAllocation.port_id.in_(port_ids)))
    session.execute(sa.delete(models.SecurityGroupPortBinding).where(
        models.SecurityGroupPortBinding.port_id.in_(port_ids)))
    session.execute(sa.delete(models.Port).where(
        models.Port.id.in_(port_ids)))


# -- subnets --------------------------------------------------------------

def subnet_dict(row):
    value = row.as_dict()
    for key in _SUBNET_JSON:
        value[key] = json.loads(value[key]) if value[key] else []
    return value


def _encode_subnet(values):
    values = engine.clean(values)
    for key in _SUBNET_JSON:
        if key in values:
            values[key] = json.dumps(values[key] or [])
    return values


def _subnet(session, subnet_id):
    row = session.get(models.Subnet, subnet_id)
    if row is None:
        raise exc.SubnetNotFound(subnet_id=subnet_id)
    return row


def subnet_create(context, values):
    """Create a subnet (validated by the caller); InvalidInput if its cidr
    overlaps another subnet of the network."""
    import ipaddress
    values = _encode_subnet(values)
    with engine.writer(context) as session:
        network = _network(session, values['network_id'])
        new = ipaddress.ip_network(values['cidr'])
        for cidr in session.scalars(sa.select(models.Subnet.cidr).where(
                models.Subnet.network_id == network.id)):
            if ipaddress.ip_network(cidr).overlaps(new):
                raise exc.InvalidInput(
                    error_message='Requested subnet with cidr: %s for '
                    'network: %s overlaps with another subnet'
                    % (values['cidr'], network.id))
        check_quota(session, values.get('project_id'), 'subnet',
                    models.Subnet)
        row = models.Subnet(**values)
        session.add(row)
        network.revision_number = (network.revision_number or 0) + 1
        session.flush()
        return subnet_dict(row)


def subnet_get(context, subnet_id):
    with engine.reader(context) as session:
        return subnet_dict(_subnet(session, subnet_id))


def subnet_get_all(context, filters=None, visible_to=None):
    sub, net = models.Subnet, models.Network
    with engine.reader(context) as session:
        query = where_filters(sa.select(sub), sub, filters)
        if visible_to is not None:
            query = query.join(net, net.id == sub.network_id).where(
                sa.or_(sub.project_id == visible_to, net.shared.is_(True)))
        query = query.order_by(sub.created_at, sub.id)
        return [subnet_dict(r) for r in session.scalars(query)]


def subnet_update(context, subnet_id, values):
    with engine.writer(context) as session:
        row = _subnet(session, subnet_id)
        for key, value in bump(_encode_subnet(values)).items():
            setattr(row, key, value)
        row.revision_number = (row.revision_number or 0) + 1
        session.flush()
        return subnet_dict(row)


def subnet_destroy(context, subnet_id):
    """Delete a subnet; SubnetInUse while a port other than a DHCP port
    has an address from it (the DHCP ports' addresses go with it)."""
    alloc, port = models.IPAllocation, models.Port
    with engine.writer(context) as session:
        row = _subnet(session, subnet_id)
        users = session.execute(
            sa.select(alloc.id, port.device_owner)
            .join(port, port.id == alloc.port_id)
            .where(alloc.subnet_id == subnet_id)).all()
        if any(owner != DHCP_OWNER for _id, owner in users):
            raise exc.SubnetInUse(subnet_id=subnet_id)
        session.execute(sa.delete(alloc).where(alloc.subnet_id == subnet_id))
        network = session.get(models.Network, row.network_id)
        session.execute(sa.delete(models.Subnet).where(
            models.Subnet.id == subnet_id))
        if network is not None:
            network.revision_number = (network.revision_number or 0) + 1


# -- quotas ---------------------------------------------------------------

def network_quota_get(context, project_id):
    with engine.reader(context) as session:
        return quota_limits(session, project_id)


def network_quota_get_all(context):
    """{project_id: limits} for every project with a limit of its own."""
    with engine.reader(context) as session:
        projects = sorted(set(session.scalars(
            sa.select(models.NetworkQuota.project_id))))
        return {p: quota_limits(session, p) for p in projects}


def network_quota_set(context, project_id, limits):
    quota = models.NetworkQuota
    with engine.writer(context) as session:
        for resource, limit in limits.items():
            row = session.scalars(sa.select(quota).where(
                quota.project_id == project_id,
                quota.resource == resource)).first()
            if row is None:
                session.add(quota(project_id=project_id, resource=resource,
                                  hard_limit=limit))
            else:
                row.hard_limit = limit
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exc.Conflict()
        return quota_limits(session, project_id)


def network_quota_destroy(context, project_id):
    with engine.writer(context) as session:
        session.execute(sa.delete(models.NetworkQuota).where(
            models.NetworkQuota.project_id == project_id))


def network_usage(context, project_id):
    """{resource: count} of the project's network resources."""
    counted = {'network': models.Network, 'subnet': models.Subnet,
               'port': models.Port, 'security_group': models.SecurityGroup,
               'security_group_rule': models.SecurityGroupRule}
    with engine.reader(context) as session:
        return {name: session.scalar(
            sa.select(sa.func.count()).select_from(model)
            .where(model.project_id == project_id))
            for name, model in counted.items()}
