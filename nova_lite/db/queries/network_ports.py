"""Ports and their IP allocations.

An address is unique per network by the ipallocations unique constraint
and a MAC per network by the ports one: allocation inserts a candidate in
a savepoint and, on a duplicate (another port got it first, in this or
another process), tries the next one. No lock is taken outside the
database."""
import json
import random
import time

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import network as q_network
from nova_lite.network import exceptions as exc
from nova_lite.network import ipam

_PORT_JSON = ('binding_vif_details', 'binding_profile')
_MAC_ATTEMPTS = 16
_TXN_ATTEMPTS = 10


def _port_dicts(session, rows):
    rows = list(rows)
    ids = [r.id for r in rows]
    ips, groups = {}, {}
    if ids:
        alloc = models.IPAllocation
        for port_id, subnet_id, ip in session.execute(
                sa.select(alloc.port_id, alloc.subnet_id, alloc.ip_address)
                .where(alloc.port_id.in_(ids)).order_by(alloc.id)):
            ips.setdefault(port_id, []).append(
                {'subnet_id': subnet_id, 'ip_address': ip})
        bind = models.SecurityGroupPortBinding
        for port_id, sg_id in session.execute(
                sa.select(bind.port_id, bind.security_group_id)
                .where(bind.port_id.in_(ids))
                .order_by(bind.security_group_id)):
            groups.setdefault(port_id, []).append(sg_id)
    out = []
    for row in rows:
        value = row.as_dict()
        for key in _PORT_JSON:
            value[key] = json.loads(value[key]) if value[key] else {}
        value['fixed_ips'] = ips.get(row.id, [])
        value['security_groups'] = groups.get(row.id, [])
        out.append(value)
    return out


def _encode(values):
    values = engine.clean(values)
    for key in _PORT_JSON:
        if key in values:
            values[key] = json.dumps(values[key] or {})
    return values


def _port(session, port_id):
    row = session.get(models.Port, port_id)
    if row is None:
        raise exc.PortNotFound(port_id=port_id)
    return row


def _insert(session, row):
    """Flush `row` in a savepoint; False on a duplicate (nothing else of
    the transaction is lost)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return True
    except db_exc.DBDuplicateEntry:
        return False


def _subnets(session, network_id):
    return [q_network.subnet_dict(r) for r in session.scalars(
        sa.select(models.Subnet).where(models.Subnet.network_id ==
                                       network_id)
        .order_by(models.Subnet.created_at, models.Subnet.id))]


def _resolve(subnets, network_id, fixed_ips):
    """[(subnet, ip or None)] for the requested fixed_ips; None: one
    address from the first IPv4 subnet with room (tried in order)."""
    by_id = {s['id']: s for s in subnets}
    wanted = []
    for item in fixed_ips:
        subnet_id, ip = item.get('subnet_id'), item.get('ip_address')
        if subnet_id is not None:
            if subnet_id not in by_id:
                raise exc.InvalidInput(
                    error_message='Failed to create port on network %s, '
                    'because fixed_ips included invalid subnet %s'
                    % (network_id, subnet_id))
            subnet = by_id[subnet_id]
        elif ip is not None:
            addr = ipam.parse_ip(ip)
            subnet = next((s for s in subnets if ipam.ip_in_cidr(
                addr, s['cidr'])), None)
            if subnet is None:
                raise exc.InvalidInput(
                    error_message='IP address %s is not a valid IP for '
                    'any of the subnets on the specified network.' % ip)
        else:
            raise exc.InvalidInput(
                error_message='Exactly one of subnet_id or ip_address is '
                'required in fixed_ips')
        if ip is not None:
            ip = ipam.validate_fixed_ip(ip, subnet)
        wanted.append((subnet, ip))
    return wanted


def _used(session, subnet_id):
    return set(session.scalars(sa.select(models.IPAllocation.ip_address)
                               .where(models.IPAllocation.subnet_id ==
                                      subnet_id)))


class _Contended(Exception):
    """Every free address this transaction saw was taken meanwhile (maybe
    by a transaction that rolls back later): try again afresh."""


def _allocate_one(session, port_id, subnet, network_id):
    """The address allocated; None if the pool is full; _Contended if
    every candidate collided."""
    tried = False
    for ip in ipam.candidates(subnet['allocation_pools'],
                              _used(session, subnet['id'])):
        tried = True
        if _insert(session, models.IPAllocation(
                port_id=port_id, subnet_id=subnet['id'],
                network_id=network_id, ip_address=ip)):
            return ip
    if tried:
        raise _Contended()
    return None


def _allocate(session, port_id, network_id, fixed_ips):
    subnets = _subnets(session, network_id)
    if fixed_ips is None:
        for subnet in subnets:
            if subnet['ip_version'] == 4 and _allocate_one(
                    session, port_id, subnet, network_id):
                return
        if subnets:
            raise exc.IpAddressGenerationFailure(net_id=network_id)
        return
    for subnet, ip in _resolve(subnets, network_id, fixed_ips):
        if ip is None:
            if not _allocate_one(session, port_id, subnet, network_id):
                raise exc.IpAddressGenerationFailure(net_id=network_id)
        elif not _insert(session, models.IPAllocation(
                port_id=port_id, subnet_id=subnet['id'],
                network_id=network_id, ip_address=ip)):
            raise exc.IpAddressAlreadyAllocated(ip=ip,
                                                subnet_id=subnet['id'])


def _bind_groups(session, port_id, security_group_ids):
    bind = models.SecurityGroupPortBinding
    session.execute(sa.delete(bind).where(bind.port_id == port_id))
    for sg_id in dict.fromkeys(security_group_ids or []):
        if session.get(models.SecurityGroup, sg_id) is None:
            raise exc.SecurityGroupNotFound(id=sg_id)
        session.add(bind(port_id=port_id, security_group_id=sg_id))
    session.flush()


def _retrying(fn, network_id):
    """Run a write again on a deadlock (MariaDB may pick this transaction
    as the victim when two allocations collide) or when all its
    candidates were taken by others; a pool still contended after that
    counts as full."""
    for attempt in range(_TXN_ATTEMPTS):
        try:
            return fn()
        except db_exc.DBError as caught:
            # A deadlock inside a savepoint rolls the whole transaction
            # back on MariaDB: the savepoint's rollback then fails (1305).
            if not (isinstance(caught, db_exc.DBDeadlock) or
                    'SAVEPOINT' in str(caught)) or \
                    attempt == _TXN_ATTEMPTS - 1:
                raise
        except _Contended:
            if attempt == _TXN_ATTEMPTS - 1:
                raise exc.IpAddressGenerationFailure(net_id=network_id)
        time.sleep(random.uniform(0, 0.05 * (attempt + 1)))


def port_create(context, values, fixed_ips=None, security_group_ids=None):
    """Create a port with its addresses and groups in one transaction:
    nothing is left of it on any error."""
    def create():
        with engine.writer(context) as session:
            return _create(session, dict(values))
    values = _encode(values)

    def _create(session, vals):
        q_network._network(session, vals['network_id'])
        q_network.check_quota(session, vals.get('project_id'), 'port',
                              models.Port)
        given_mac = vals.get('mac_address')
        for _attempt in range(_MAC_ATTEMPTS):
            vals['mac_address'] = given_mac or ipam.random_mac()
            row = models.Port(**vals)
            if _insert(session, row):
                break
            if row in session:
                session.expunge(row)
            if given_mac:
                raise exc.MacAddressInUse(net_id=vals['network_id'],
                                          mac=given_mac)
        else:
            raise exc.MacAddressInUse(net_id=vals['network_id'],
                                      mac=vals['mac_address'])
        _allocate(session, row.id, row.network_id, fixed_ips)
        _bind_groups(session, row.id, security_group_ids)
        return _port_dicts(session, [row])[0]
    return _retrying(create, values['network_id'])


def port_get(context, port_id):
    with engine.reader(context) as session:
        return _port_dicts(session, [_port(session, port_id)])[0]


def port_get_all(context, filters=None, visible_to=None, fixed_ips=None):
    """Ports matching `filters` (columns), `fixed_ips` ({"ip_address":
    [...], "subnet_id": [...]}: an allocation matching all given) and, with
    `visible_to`, owned by that project or on one of its networks."""
    port, alloc = models.Port, models.IPAllocation
    with engine.reader(context) as session:
        query = q_network.where_filters(sa.select(port), port, filters)
        if fixed_ips:
            sub = sa.select(alloc.port_id)
            if fixed_ips.get('ip_address'):
                sub = sub.where(alloc.ip_address.in_(
                    fixed_ips['ip_address']))
            if fixed_ips.get('subnet_id'):
                sub = sub.where(alloc.subnet_id.in_(fixed_ips['subnet_id']))
            query = query.where(port.id.in_(sub))
        if visible_to is not None:
            owned = sa.select(models.Network.id).where(
                models.Network.project_id == visible_to)
            query = query.where(sa.or_(port.project_id == visible_to,
                                       port.network_id.in_(owned)))
        query = query.order_by(port.created_at, port.id)
        return _port_dicts(session, session.scalars(query))


def port_update(context, port_id, values, fixed_ips=None,
                security_group_ids=None):
    """Update columns; `fixed_ips` (a list) replaces the addresses (kept
    ones stay), `security_group_ids` (a list) the groups. Returns
    (before, after)."""
    values = _encode(values)

    def update():
        with engine.writer(context) as session:
            row = _port(session, port_id)
            before = _port_dicts(session, [row])[0]
            if 'mac_address' in values and \
                    values['mac_address'] != row.mac_address:
                raise exc.InUse(
                    message='Unable to complete operation on port %s: '
                    'its mac address cannot be changed.' % port_id)
            for key, value in q_network.bump(values).items():
                setattr(row, key, value)
            if fixed_ips is not None:
                _replace_ips(session, row, before['fixed_ips'], fixed_ips)
            if security_group_ids is not None:
                _bind_groups(session, row.id, security_group_ids)
            row.revision_number = (row.revision_number or 0) + 1
            session.flush()
            return before, _port_dicts(session, [row])[0]
    return _retrying(update, port_id)


def _replace_ips(session, row, current, fixed_ips):
    alloc = models.IPAllocation
    keep, new = set(), []
    held = {(a['subnet_id'], a['ip_address']) for a in current}
    for item in fixed_ips:
        key = (item.get('subnet_id'), item.get('ip_address'))
        match = [h for h in held if h[1] == key[1] and
                 key[1] is not None and key[0] in (None, h[0])]
        if match:
            keep.add(match[0])
        else:
            new.append(item)
    for subnet_id, ip in held - keep:
        session.execute(sa.delete(alloc).where(
            alloc.port_id == row.id, alloc.ip_address == ip))
    session.flush()
    if new:
        _allocate(session, row.id, row.network_id, new)


def port_update_status(context, port_id, status):
    """Set status; returns the status it had (None: no such port)."""
    with engine.writer(context) as session:
        row = session.get(models.Port, port_id)
        if row is None:
            return None
        old = row.status
        if old != status:
            row.status = status
            row.updated_at = engine.utcnow()
            row.revision_number = (row.revision_number or 0) + 1
        return old


def port_destroy(context, port_id):
    """Delete a port; returns it as it was."""
    with engine.writer(context) as session:
        row = _port(session, port_id)
        port = _port_dicts(session, [row])[0]
        q_network._delete_ports(session, [port_id])
        return port


def ip_allocation_get_all(context, filters=None):
    alloc = models.IPAllocation
    with engine.reader(context) as session:
        query = q_network.where_filters(sa.select(alloc), alloc, filters)
        return [r.as_dict() for r in session.scalars(query.order_by(
            alloc.id))]
