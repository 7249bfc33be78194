"""/os-security-groups and /os-security-group-rules (up to 2.35, 404
from 2.36): Nova's proxies to the network service's security groups."""
from oslo_utils import uuidutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api import validation
from nova_lite.api.views import security_groups as views
from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import neutron
from nova_lite.policies import security_groups as policy

VERSIONS = microversion.Range(None, '2.35')
ROOT = policy.POLICY_ROOT

_GROUP = {
    'type': 'object',
    'properties': {'security_group': {
        'type': 'object',
        'properties': {'name': {'type': 'string', 'minLength': 1,
                                'maxLength': 255},
                       'description': {'type': 'string',
                                       'maxLength': 255}},
        'required': ['name', 'description'],
        'additionalProperties': False}},
    'required': ['security_group'],
    'additionalProperties': False,
}
_RULE = {
    'type': 'object',
    'properties': {'security_group_rule': {
        'type': 'object',
        'properties': {
            'parent_group_id': {'type': 'string'},
            'ip_protocol': {'type': ['string', 'null']},
            'from_port': {'type': ['integer', 'string', 'null']},
            'to_port': {'type': ['integer', 'string', 'null']},
            'cidr': {'type': ['string', 'null']},
            'group_id': {'type': ['string', 'null']}},
        'required': ['parent_group_id'],
        'additionalProperties': False}},
    'required': ['security_group_rule'],
    'additionalProperties': False,
}
_ERRORS = {exception.NetworkServiceUnavailable: 503,
           exception.SecurityGroupNotFound: 404}


def _client(ctx):
    if not neutron.is_configured(None, ctx):
        raise exception.NotFound('No network service is configured.')
    return network_api.API().client


def _check_id(group_id):
    if not uuidutils.is_uuid_like(group_id):
        raise exception.ValidationError(
            detail='Invalid security group id %s' % group_id)


def _all_groups(ctx, client):
    return client.list_security_groups(ctx, tenant_id=ctx.project_id)


@faults.answers(_ERRORS)
def list_groups():
    ctx = base.context()
    ctx.can(ROOT % 'get', {'project_id': ctx.project_id})
    client = _client(ctx)
    groups = _all_groups(ctx, client)
    return base.reply({'security_groups': [
        views.group(ctx, g, groups) for g in groups]})


@faults.answers(_ERRORS)
def show_group(group_id):
    ctx = base.context()
    ctx.can(ROOT % 'show', {'project_id': ctx.project_id})
    _check_id(group_id)
    client = _client(ctx)
    group = client.show_security_group(ctx, group_id)
    return base.reply({'security_group': views.group(
        ctx, group, _all_groups(ctx, client))})


@faults.answers({exception.NetworkServiceUnavailable: 503,
                 exception.OverQuota: (
                     403, 'Quota exceeded, too many security groups.')})
def create_group():
    ctx = base.context()
    ctx.can(ROOT % 'create', {'project_id': ctx.project_id})
    body = base.body()
    validation.validate(body, _GROUP)
    values = body['security_group']
    group = _client(ctx).create_security_group(ctx, {
        'name': values['name'], 'description': values['description']})
    return base.reply({'security_group': views.group(ctx, group)})


@faults.answers(_ERRORS)
def update_group(group_id):
    ctx = base.context()
    ctx.can(ROOT % 'update', {'project_id': ctx.project_id})
    _check_id(group_id)
    body = base.body()
    validation.validate(body, _GROUP)
    values = body['security_group']
    group = _client(ctx).update_security_group(ctx, group_id, {
        'name': values['name'], 'description': values['description']})
    return base.reply({'security_group': views.group(ctx, group)})


@faults.answers({exception.NetworkServiceUnavailable: 503,
                 exception.SecurityGroupNotFound: 404,
                 exception.Conflict: 400})
def delete_group(group_id):
    ctx = base.context()
    ctx.can(ROOT % 'delete', {'project_id': ctx.project_id})
    _check_id(group_id)
    _client(ctx).delete_security_group(ctx, group_id)
    return base.reply(status=202)


def _port(value, name):
    if value is None or value == '':
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exception.ValidationError(
            detail='%s is not an integer' % name)


@faults.answers({exception.NetworkServiceUnavailable: 503,
                 exception.SecurityGroupNotFound: 404,
                 exception.Conflict: 400, exception.OverQuota: 403})
def create_rule():
    ctx = base.context()
    ctx.can(ROOT % 'rule:create', {'project_id': ctx.project_id})
    body = base.body()
    validation.validate(body, _RULE)
    values = body['security_group_rule']
    parent = values['parent_group_id']
    _check_id(parent)
    if values.get('cidr') and values.get('group_id'):
        raise exception.ValidationError(
            detail='Cannot have both cidr and group_id')
    protocol = (values.get('ip_protocol') or '').lower() or None
    if protocol not in (None, 'tcp', 'udp', 'icmp'):
        raise exception.ValidationError(
            detail='Invalid IP protocol %s.' % values.get('ip_protocol'))
    low = _port(values.get('from_port'), 'from_port')
    high = _port(values.get('to_port'), 'to_port')
    if protocol == 'icmp' and low == -1:
        low = None
    if protocol == 'icmp' and high == -1:
        high = None
    rule = {'security_group_id': parent, 'direction': 'ingress',
            'ethertype': 'IPv4', 'protocol': protocol,
            'port_range_min': low, 'port_range_max': high}
    if values.get('group_id'):
        rule['remote_group_id'] = values['group_id']
    else:
        rule['remote_ip_prefix'] = values.get('cidr') or '0.0.0.0/0'
    client = _client(ctx)
    created = client.create_security_group_rule(ctx, rule)
    return base.reply({'security_group_rule': views.rule(
        created, {g['id']: g for g in _all_groups(ctx, client)})})


@faults.answers({exception.NetworkServiceUnavailable: 503,
                 exception.SecurityGroupRuleNotFound: 404})
def delete_rule(rule_id):
    ctx = base.context()
    ctx.can(ROOT % 'rule:delete', {'project_id': ctx.project_id})
    _check_id(rule_id)
    _client(ctx).delete_security_group_rule(ctx, rule_id)
    return base.reply(status=202)


GROUPS = routing.TopLevel(routing.Resource(
    collection={'GET': list_groups, 'POST': create_group},
    item={'GET': show_group, 'PUT': update_group, 'DELETE': delete_group},
    versions=VERSIONS))
RULES = routing.TopLevel(routing.Resource(
    collection={'POST': create_rule}, item={'DELETE': delete_rule},
    versions=VERSIONS))
