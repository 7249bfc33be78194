"""/v2.0/quotas[/{project_id}[/default|/details]] and /v2.0/floatingips
(no L3 service: an empty collection)."""
from nova_lite.network import exceptions as exc
from nova_lite.network.server import policy
from nova_lite import objects

RESOURCES = ('network', 'subnet', 'port', 'security_group',
             'security_group_rule')


class Quotas(object):
    collection, member = 'quotas', 'quota'

    def __init__(self, plugin):
        self.conf = plugin.conf

    def defaults(self):
        return {r: getattr(self.conf.network, 'default_quota_%s' % r)
                for r in RESOURCES}

    def _authorize(self, context, action, project_id):
        policy.enforce(context, action, {'project_id': project_id})

    def index(self, context, params, url=None):
        policy.enforce(context, 'update_quota', {})
        return {'quotas': [dict(limits, project_id=project,
                                tenant_id=project)
                           for project, limits in sorted(
                               objects.NetworkQuotas.get_all(context)
                               .items())]}

    def show(self, context, project_id, params):
        self._authorize(context, 'get_quota', project_id)
        return {'quota': objects.NetworkQuotas.get_for_project(
            context, project_id).limits}

    def action(self, context, project_id, action):
        self._authorize(context, 'get_quota', project_id)
        if action == 'default':
            return {'quota': self.defaults()}
        if action == 'details':
            limits = objects.NetworkQuotas.get_for_project(
                context, project_id).limits
            used = objects.NetworkQuotas.get_usage(context, project_id)
            return {'quota': {r: {'limit': limits[r], 'used': used[r],
                                  'reserved': 0} for r in RESOURCES}}
        raise exc.NotFound()

    def create(self, context, body):
        raise exc.NotFound()

    def update(self, context, project_id, body):
        self._authorize(context, 'update_quota', project_id)
        wanted = body.get('quota')
        if not isinstance(wanted, dict) or len(body) != 1:
            raise exc.BadRequest(resource='quota',
                                 msg="Unable to find 'quota' in request "
                                     "body")
        unknown = sorted(set(wanted) - set(RESOURCES))
        if unknown:
            raise exc.BadRequest(resource='quota', msg=(
                "Unrecognized attribute(s) '%s'" % ', '.join(unknown)))
        limits = {}
        for resource, value in wanted.items():
            try:
                limits[resource] = int(value)
            except (TypeError, ValueError):
                raise exc.HTTPBadRequest(attr=resource, reason=(
                    "'%s' is not an integer" % (value,)))
            if limits[resource] < -1:
                raise exc.HTTPBadRequest(attr=resource, reason=(
                    "'%s' should be greater than or equal to -1"
                    % (value,)))
        return {'quota': objects.NetworkQuotas.set_for_project(
            context, project_id, limits).limits}

    def delete(self, context, project_id):
        self._authorize(context, 'delete_quota', project_id)
        objects.NetworkQuotas.delete_for_project(context, project_id)


class FloatingIPs(object):
    collection, member = 'floatingips', 'floatingip'

    def __init__(self, plugin):
        pass

    def index(self, context, params, url=None):
        return {'floatingips': []}

    def show(self, context, item_id, params):
        raise exc.FloatingIPNotFound(floatingip_id=item_id)

    def create(self, context, body):
        raise exc.NotFound()

    def update(self, context, item_id, body):
        raise exc.FloatingIPNotFound(floatingip_id=item_id)

    def delete(self, context, item_id):
        raise exc.FloatingIPNotFound(floatingip_id=item_id)
