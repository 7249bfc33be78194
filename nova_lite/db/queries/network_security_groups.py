"""Security groups and their rules; each project's `default` group is
made once (the default_security_group primary key decides a race)."""
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import network as q_network
from nova_lite.network import exceptions as exc

RULE_KEYS = ('direction', 'ethertype', 'protocol', 'port_range_min',
             'port_range_max', 'remote_ip_prefix', 'remote_group_id')


def _rules(session, sg_ids):
    rule = models.SecurityGroupRule
    found = {}
    if sg_ids:
        for row in session.scalars(sa.select(rule).where(
                rule.security_group_id.in_(list(sg_ids)))
                .order_by(rule.created_at, rule.id)):
            found.setdefault(row.security_group_id, []).append(row.as_dict())
    return found


def _group_dicts(session, rows):
    rows = list(rows)
    rules = _rules(session, [r.id for r in rows])
    out = []
    for row in rows:
        value = row.as_dict()
        value['security_group_rules'] = rules.get(row.id, [])
        out.append(value)
    return out


def _group(session, sg_id):
    row = session.get(models.SecurityGroup, sg_id)
    if row is None:
        raise exc.SecurityGroupNotFound(id=sg_id)
    return row


def _egress_rules(sg_id, project_id):
    return [dict(id=str(uuid.uuid4()), security_group_id=sg_id,
                 project_id=project_id, direction='egress',
                 ethertype=ethertype) for ethertype in ('IPv4', 'IPv6')]


def _create_group(session, values, ingress_from_self=False):
    q_network.check_quota(session, values.get('project_id'),
                          'security_group', models.SecurityGroup)
    row = models.SecurityGroup(**values)
    session.add(row)
    session.flush()
    rules = _egress_rules(row.id, row.project_id)
    if ingress_from_self:
        rules += [dict(id=str(uuid.uuid4()), security_group_id=row.id,
                       project_id=row.project_id, direction='ingress',
                       ethertype=ethertype, remote_group_id=row.id)
                  for ethertype in ('IPv4', 'IPv6')]
    for rule in rules:
        session.add(models.SecurityGroupRule(**rule))
    session.flush()
    return row


def security_group_create(context, values):
    """A group with Neutron's rules of a new group: all egress."""
    values = engine.clean(values)
    with engine.writer(context) as session:
        return _group_dicts(session, [_create_group(session, values)])[0]


def security_group_ensure_default(context, project_id):
    """The id of the project's `default` group, created (with Neutron's
    default rules) on first use."""
    dsg = models.DefaultSecurityGroup
    with engine.reader(context) as session:
        row = session.get(dsg, project_id)
        if row is not None:
            return row.security_group_id
    try:
        with engine.writer(context) as session:
            group = _create_group(
                session, dict(id=str(uuid.uuid4()), project_id=project_id,
                              name='default', stateful=True,
                              description='Default security group'),
                ingress_from_self=True)
            session.add(dsg(project_id=project_id,
                            security_group_id=group.id))
            session.flush()
            return group.id
    except db_exc.DBDuplicateEntry:
        with engine.reader(context) as session:
            return session.get(dsg, project_id).security_group_id


def security_group_get(context, sg_id):
    with engine.reader(context) as session:
        return _group_dicts(session, [_group(session, sg_id)])[0]


def security_group_get_all(context, filters=None):
    sg = models.SecurityGroup
    with engine.reader(context) as session:
        query = q_network.where_filters(sa.select(sg), sg, filters)
        return _group_dicts(session, session.scalars(
            query.order_by(sg.created_at, sg.id)))


def security_group_update(context, sg_id, values):
    with engine.writer(context) as session:
        row = _group(session, sg_id)
        for key, value in q_network.bump(values).items():
            setattr(row, key, value)
        row.revision_number = (row.revision_number or 0) + 1
        session.flush()
        return _group_dicts(session, [row])[0]


def security_group_is_default(context, sg_id):
    with engine.reader(context) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(
            models.DefaultSecurityGroup).where(
                models.DefaultSecurityGroup.security_group_id == sg_id)) > 0


def security_group_destroy(context, sg_id):
    """SecurityGroupInUse while a port is in it."""
    bind = models.SecurityGroupPortBinding
    with engine.writer(context) as session:
        _group(session, sg_id)
        if session.scalar(sa.select(sa.func.count()).select_from(bind)
                          .where(bind.security_group_id == sg_id)):
            raise exc.SecurityGroupInUse(id=sg_id, reason='in use')
        session.execute(sa.delete(models.SecurityGroupRule).where(sa.or_(
            models.SecurityGroupRule.security_group_id == sg_id,
            models.SecurityGroupRule.remote_group_id == sg_id)))
        session.execute(sa.delete(models.DefaultSecurityGroup).where(
            models.DefaultSecurityGroup.security_group_id == sg_id))
        session.execute(sa.delete(models.SecurityGroup).where(
            models.SecurityGroup.id == sg_id))


def security_group_rule_create(context, values):
    """SecurityGroupRuleExists for a duplicate of a rule of the group."""
    rule = models.SecurityGroupRule
    values = engine.clean(values)
    with engine.writer(context) as session:
        group = _group(session, values['security_group_id'])
        if values.get('remote_group_id'):
            _group(session, values['remote_group_id'])
        for row in session.scalars(sa.select(rule).where(
                rule.security_group_id == group.id)):
            if all(getattr(row, k) == values.get(k) for k in RULE_KEYS):
                raise exc.SecurityGroupRuleExists(rule_id=row.id)
        q_network.check_quota(session, values.get('project_id'),
                              'security_group_rule', rule)
        row = rule(**values)
        session.add(row)
        group.revision_number = (group.revision_number or 0) + 1
        session.flush()
        return row.as_dict()


def security_group_rule_get(context, rule_id):
    with engine.reader(context) as session:
        row = session.get(models.SecurityGroupRule, rule_id)
        if row is None:
            raise exc.SecurityGroupRuleNotFound(id=rule_id)
        return row.as_dict()


def security_group_rule_get_all(context, filters=None):
    rule = models.SecurityGroupRule
    with engine.reader(context) as session:
        query = q_network.where_filters(sa.select(rule), rule, filters)
        return [r.as_dict() for r in session.scalars(
            query.order_by(rule.created_at, rule.id))]


def security_group_rule_destroy(context, rule_id):
    """Returns the deleted rule."""
    with engine.writer(context) as session:
        row = session.get(models.SecurityGroupRule, rule_id)
        if row is None:
            raise exc.SecurityGroupRuleNotFound(id=rule_id)
        value = row.as_dict()
        session.delete(row)
        return value


def security_group_member_ips(context, sg_ids):
    """{group id: [IP of every port in it]}."""
    bind, alloc = models.SecurityGroupPortBinding, models.IPAllocation
    found = {sg_id: [] for sg_id in sg_ids}
    if not sg_ids:
        return found
    with engine.reader(context) as session:
        for sg_id, ip in session.execute(
                sa.select(bind.security_group_id, alloc.ip_address)
                .join(alloc, alloc.port_id == bind.port_id)
                .where(bind.security_group_id.in_(list(sg_ids)))
                .order_by(alloc.id)):
            found[sg_id].append(ip)
    return found
