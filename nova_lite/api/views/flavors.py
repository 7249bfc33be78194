"""Flavor bodies (GET/POST /flavors) per microversion (CHANGES declares
what changes when for flavors, their extra specs and access)."""
from nova_lite.api import microversion
from nova_lite.api.views import links
from nova_lite.policies import flavors as flavor_policy

CHANGES = microversion.Changes({
    'access_conflict': '2.7',       # 409 adding access to a public flavor
    'description': '2.55',          # and PUT /flavors/{id}
    'extra_specs': '2.61',          # with the extra specs index policy
    'swap_zero': '2.75',            # swap 0, not ""
    'validated_extra_specs': '2.86',
    # Filtered by name; rxtx_factor and OS-FLV-DISABLED:disabled gone.
    'name_filter': '2.102',
    'rxtx_factor': (None, '2.101'),
    'disabled': (None, '2.101'),
})


class ViewBuilder(object):
    def __init__(self, request, context):
        self.request = request
        self.context = context
        self.changes = CHANGES.at(microversion.get_version(request))
        self._extra_specs_ok = None

    def _show_extra_specs(self):
        if self._extra_specs_ok is None:
            self._extra_specs_ok = self.context.can(
                flavor_policy.EXTRA_SPECS % 'index', fatal=False)
        return self._extra_specs_ok

    def basic(self, flavor):
        body = {'id': flavor.flavorid, 'name': flavor.name,
                'links': links.resource_links(self.request, 'flavors',
                                              flavor.flavorid)}
        if 'description' in self.changes:
            body['description'] = _description(flavor)
        return body

    def show(self, flavor):
        swap = flavor.swap or 0
        if not swap and 'swap_zero' not in self.changes:
            swap = ''
        body = {
            'id': flavor.flavorid,
            'name': flavor.name,
            'ram': flavor.memory_mb,
            'disk': flavor.root_gb,
            'swap': swap,
            'vcpus': flavor.vcpus,
            'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
            'os-flavor-access:is_public': bool(flavor.is_public),
            'links': links.resource_links(self.request, 'flavors',
                                          flavor.flavorid),
        }
        if 'disabled' in self.changes:
            body['OS-FLV-DISABLED:disabled'] = bool(flavor.disabled)
        if 'rxtx_factor' in self.changes:
            body['rxtx_factor'] = flavor.rxtx_factor
        if 'description' in self.changes:
            body['description'] = _description(flavor)
        if 'extra_specs' in self.changes and self._show_extra_specs():
            body['extra_specs'] = dict(
                flavor.extra_specs if flavor.obj_attr_is_set('extra_specs')
                else {})
        return body

    def index(self, flavors, next_marker_ok, detail=False):
        build = self.show if detail else self.basic
        body = {'flavors': [build(f) for f in flavors]}
        if next_marker_ok and flavors:
            body['flavors_links'] = links.next_link(
                self.request, 'flavors/detail' if detail else 'flavors',
                flavors[-1].flavorid)
        return body


def _description(flavor):
    if flavor.obj_attr_is_set('description'):
        return flavor.description
    return None


def flavor_access(flavor_id, projects):
    return {'flavor_access': [{'flavor_id': flavor_id, 'tenant_id': project}
                              for project in projects]}
