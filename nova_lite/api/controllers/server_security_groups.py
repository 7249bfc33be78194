"""A server's security groups: GET /servers/{id}/os-security-groups and
the addSecurityGroup / removeSecurityGroup actions (the groups of the
server's ports in the network service)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import validation
from nova_lite.api.views import security_groups as views
from nova_lite import exception
from nova_lite.policies import security_groups as policy

_ACTION_SCHEMA = {
    'type': 'object',
    'properties': {'name': {'type': 'string', 'minLength': 1,
                            'maxLength': 255}},
    'required': ['name'],
    'additionalProperties': False,
}


def _schema(action):
    return {'type': 'object',
            'properties': {action: _ACTION_SCHEMA},
            'required': [action], 'additionalProperties': False}


def index(server_id):
    ctx = base.context()
    instance = server_lookup.instance_for(ctx, server_id,
                                          policy.POLICY_ROOT % 'list')
    groups = base.compute_api().get_instance_security_groups(ctx, instance)
    return base.reply({'security_groups': [
        views.group(ctx, g, rules_of=groups) for g in groups]})


_ERRORS = {
    exception.SecurityGroupNotFound: 404,
    exception.SecurityGroupExistsForInstance: 400,
    exception.SecurityGroupNotExistsForInstance: 400,
    exception.SecurityGroupCannotBeApplied: 400,
    exception.NoUniqueMatch: 409,
}


def _group_action(action, rule, method):
    @faults.answers(_ERRORS)
    def handler(ctx, server_id, body):
        validation.validate(body, _schema(action))
        instance = server_lookup.instance_for(ctx, server_id,
                                              policy.POLICY_ROOT % rule)
        method(base.compute_api())(ctx, instance,
                                   body[action]['name'].strip())
        return base.reply(status=202)
    return handler


add_security_group = _group_action(
    'addSecurityGroup', 'add', lambda api: api.add_security_group)
remove_security_group = _group_action(
    'removeSecurityGroup', 'remove', lambda api: api.remove_security_group)


ACTIONS = {
    'addSecurityGroup': add_security_group,
    'removeSecurityGroup': remove_security_group,
}

server_subresources.register('os-security-groups', routing.Resource(
    collection={'GET': index}))
