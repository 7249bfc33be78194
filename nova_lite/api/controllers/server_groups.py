"""/os-server-groups: create, list, show, delete server groups.

A group's policy (affinity, anti-affinity and their soft variants) is
honoured by the scheduler when servers are created with the scheduler hint
``group``. Before 2.64 the policy is a one-item ``policies`` list (and an
always-empty ``metadata``); from 2.64 it is ``policy`` plus ``rules``.
"""
import pecan
from oslo_log import log as logging

from nova_lite.api.controllers import base
from nova_lite.api import faults
from nova_lite.api.schemas import server_groups as schemas
from nova_lite.api import validation
from nova_lite.api.views import server_groups as views
from nova_lite.api.views import servers as server_views
from nova_lite.compute import server_groups as compute_groups
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import server_groups as sg_policy

LOG = logging.getLogger(__name__)
POLICY = sg_policy.POLICY_ROOT


def groups_of(ctx, instance):
    """server_groups of a server body (2.71+), else None."""
    if 'server_groups' not in server_views.CHANGES.current():
        return None
    return base.compute_api().get_server_group_uuids(ctx, instance)


def _format(group):
    return views.group(group, views.CHANGES.current())


def _not_found(exc, group_id):
    return exception.InstanceGroupNotFound(group_uuid=group_id)


def _get(ctx, group_id):
    return objects.InstanceGroup.get_by_uuid(ctx, group_id)


def list_groups():
    ctx = base.context()
    params = pecan.request.GET
    ctx.can(POLICY % 'index', {'project_id': ctx.project_id})
    validation.validate_query(params, schemas.QUERY_PARAMS)
    if 'all_projects' in params and ctx.can(
            POLICY % 'index:all_projects', {'project_id': ctx.project_id},
            fatal=False):
        groups = objects.InstanceGroupList.get_all(ctx)
    else:
        groups = objects.InstanceGroupList.get_by_project_id(
            ctx, ctx.project_id)
    page = base.limited(list(groups), params)
    return base.reply({'server_groups': [_format(g) for g in page]})


def create_group():
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.CREATE.current())
    ctx.can(POLICY % 'create', {'project_id': ctx.project_id,
                                'user_id': ctx.user_id})
    values = body['server_group']
    if 'policy_and_rules' in views.CHANGES.current():
        policy = values['policy']
        rules = {k: int(v) for k, v in (values.get('rules') or {}).items()}
        if policy != 'anti-affinity' and rules:
            raise exception.ValidationError(
                detail='Only anti-affinity policy supports rules.')
    else:
        policy = values['policies'][0]
        rules = {}
    compute_groups.check_groups_quota(ctx)
    group = objects.InstanceGroup(
        ctx, name=values['name'], policy=policy, rules=rules,
        project_id=ctx.project_id, user_id=ctx.user_id, members=[])
    group.create()
    LOG.info('Server group %s (%s) created (request %s)', group.uuid,
             policy, ctx.request_id)
    return base.reply({'server_group': _format(group)})


@faults.answers({exception.InstanceGroupNotFound: _not_found})
def show_group(group_id):
    ctx = base.context()
    group = _get(ctx, group_id)
    ctx.can(POLICY % 'show', {'project_id': group.project_id})
    return base.reply({'server_group': _format(group)})


@faults.answers({exception.InstanceGroupNotFound: _not_found})
def delete_group(group_id):
    ctx = base.context()
    group = _get(ctx, group_id)
    ctx.can(POLICY % 'delete', {'project_id': group.project_id})
    group.destroy()
    LOG.info('Server group %s deleted (request %s)', group_id,
             ctx.request_id)
    return base.reply(status=204)


class ServerGroupController(object):
    """/os-server-groups/{id}"""

    def __init__(self, group_id):
        self.group_id = group_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_group(self.group_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_group(self.group_id)


class ServerGroupsController(object):
    """/os-server-groups"""

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_groups()

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_group()

    @pecan.expose()
    def _lookup(self, group_id, *remainder):
        if remainder and any(remainder):
            pecan.abort(404)
        return ServerGroupController(group_id), remainder
