"""Server bodies exactly as Nova shapes them, per microversion (CHANGES
declares what changes when, for the server requests and responses)."""
import hashlib
import json


from nova_lite.api import config as api_conf
from nova_lite.api import microversion
from nova_lite.network import info_cache as address_views
from nova_lite.api.views import links
from nova_lite.api.views import server_states
from nova_lite.policies import extended_server_attributes as esa_policy
from nova_lite.policies import servers as server_policy

CHANGES = microversion.Changes({
    'more_extended_attributes': '2.3',   # OS-EXT-SRV-ATTR:* (admin)
    # and delete_on_termination in os-extended-volumes:volumes_attached
    'locked': '2.9',
    'host_status': '2.16',               # (admin)
    'description': '2.19',
    'tags': '2.26',                      # and the tags list filters
    'invalid_status_400': '2.38',        # GET /servers?status=<unknown>
    'embedded_flavor': '2.47',
    'rebuild_key_name': '2.54',          # in the rebuild answer
    'rebuild_user_data': '2.57',         # in the rebuild answer
    'trusted_image_certificates': '2.63',
    'server_groups': '2.71',             # show, update, rebuild
    'locked_filter': '2.73',             # and locked_reason
    'full_update_answer': '2.75',        # update/rebuild show everything
    'hostname_for_everyone': '2.90',
    'pinned_availability_zone': '2.96',
    'image_properties': '2.98',
    'scheduler_hints': '2.100',
})
# Keys the update and rebuild answers do not show before 2.75.
_HIDDEN_BEFORE_275 = (
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state',
    'OS-EXT-STS:power_state', 'os-extended-volumes:volumes_attached',
    'security_groups', 'host_status')

POWER_STATES = {0: 0, 1: 1, 3: 3, 4: 4, 6: 6, 7: 7}
_PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                      'VERIFY_RESIZE', 'MIGRATING')
# system_metadata keys copied from the image that 2.98 shows as
# image properties (Nova strips the "image_" prefix).
_IMAGE_PREFIX = 'image_'


def _get(instance, name, default=None):
    if hasattr(instance, 'obj_attr_is_set'):
        if name in getattr(instance, 'fields', {}) and \
                not instance.obj_attr_is_set(name):
            return default
        value = getattr(instance, name, default)
    else:
        value = instance.get(name, default)
    return default if value is None and default is not None else value


def isotime(value):
    """Nova's timestamp format for created/updated: second precision, Z."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%SZ')


def strtime(value):
    """The microsecond format of launched_at/terminated_at."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')


def host_id(instance):
    host = _get(instance, 'host')
    if not host:
        return ''
    data = (_get(instance, 'project_id') or '') + host
    return hashlib.sha224(data.encode('utf-8')).hexdigest()


def status(instance):
    return server_states.status_from_state(_get(instance, 'vm_state'),
                                           _get(instance, 'task_state'))


class ViewBuilder(object):
    """Builds server bodies for one request (version, context, policy)."""

    def __init__(self, request, context):
        self.request = request
        self.context = context
        self.version = microversion.get_version(request)
        self.changes = CHANGES.at(self.version)
        self._policy_cache = {}
        self._network_infos = {}

    def preload_addresses(self, instances):
        """Read the network info caches of `instances` in one call."""
        self._network_infos.update(address_views.network_infos(
            self.context, [i for i in instances
                           if _get(i, 'uuid') not in self._network_infos]))

    def addresses(self, instance):
        uuid = _get(instance, 'uuid')
        if uuid not in self._network_infos:
            self._network_infos[uuid] = address_views.network_info(
                self.context, instance) if hasattr(
                    instance, 'obj_attr_is_set') else []
        return address_views.addresses(self._network_infos.get(uuid) or [])

    def _can(self, action, target=None):
        key = (action, tuple(sorted((target or {}).items())))
        if key not in self._policy_cache:
            self._policy_cache[key] = self.context.can(
                action, target or {'project_id': self.context.project_id},
                fatal=False)
        return self._policy_cache[key]

    # -- small bodies ------------------------------------------------------

    def basic(self, instance):
        uuid = _get(instance, 'uuid')
        return {'id': uuid, 'name': _get(instance, 'display_name'),
                'links': links.resource_links(self.request, 'servers', uuid)}

    def create(self, instance, admin_pass=None, security_groups=None):
        uuid = _get(instance, 'uuid')
        server = {'id': uuid,
                  'links': links.resource_links(self.request, 'servers',
                                                uuid),
                  'OS-DCF:diskConfig': 'MANUAL',
                  'security_groups': [{'name': name} for name in
                                      security_groups or ['default']]}
        if admin_pass is not None:
            server['adminPass'] = admin_pass
        return {'server': server}

    def index(self, instances, next_marker_ok, collection='servers'):
        body = {'servers': [self.basic(i) for i in instances]}
        self._add_next(body, instances, next_marker_ok, collection)
        return body

    def detail(self, instances, next_marker_ok, host_statuses=None,
               security_groups=None, volumes=None):
        """security_groups: {instance uuid: [names]} of servers with
        ports in security groups; volumes: {instance uuid: [volume
        BDMs]}."""
        self.preload_addresses(instances)
        security_groups = security_groups or {}
        volumes = volumes or {}
        body = {'servers': [
            self.show(i, list_view=True, host_statuses=host_statuses,
                      security_groups=security_groups.get(_get(i, 'uuid')),
                      volumes=volumes.get(_get(i, 'uuid')))
            for i in instances]}
        self._add_next(body, instances, next_marker_ok, 'servers/detail')
        return body

    def _add_next(self, body, instances, next_marker_ok, path):
        if next_marker_ok and instances:
            body['servers_links'] = links.next_link(
                self.request, path, _get(instances[-1], 'uuid'))

    # -- the full body -----------------------------------------------------

    def image(self, instance):
        image_ref = _get(instance, 'image_ref')
        if not image_ref:
            return ''
        image = {'id': image_ref,
                 'links': [{'rel': 'bookmark',
                            'href': links.bookmark_href(
                                self.request, 'images', image_ref)}]}
        if 'image_properties' in self.changes:
            sysmeta = _get(instance, 'system_metadata') or {}
            image['properties'] = {
                k[len(_IMAGE_PREFIX):]: v for k, v in sysmeta.items()
                if k.startswith(_IMAGE_PREFIX) and v is not None}
        return image

    def flavor(self, instance):
        flavor = _get(instance, 'flavor')
        if 'embedded_flavor' not in self.changes:
            flavorid = flavor.flavorid if flavor is not None else ''
            return {'id': flavorid,
                    'links': [{'rel': 'bookmark',
                               'href': links.bookmark_href(
                                   self.request, 'flavors', flavorid)}]}
        if flavor is None:
            return {}
        body = {'vcpus': flavor.vcpus, 'ram': flavor.memory_mb,
                'disk': flavor.root_gb, 'ephemeral': flavor.ephemeral_gb,
                'swap': flavor.swap or 0, 'original_name': flavor.name}
        if self._can(server_policy.SERVERS % 'show:flavor-extra-specs',
                     {'project_id': _get(instance, 'project_id')}):
            body['extra_specs'] = dict(
                flavor.extra_specs if flavor.obj_attr_is_set('extra_specs')
                else {})
        return body

    def fault(self, instance):
        if _get(instance, 'vm_state') not in ('error', 'deleted'):
            return None
        if hasattr(instance, 'obj_attr_is_set') and \
                not instance.obj_attr_is_set('fault'):
            return None
        fault = instance.fault
        if fault is None:
            return None
        body = {'code': fault.code, 'created': isotime(fault.created_at),
                'message': fault.message}
        if fault.code != 500 or self.context.is_admin:
            details = fault.details if fault.obj_attr_is_set(
                'details') else None
            if details:
                body['details'] = details
        return body

    def show(self, instance, list_view=False, host_statuses=None,
             server_groups=None, security_groups=None, volumes=None):
        """The full server body (GET /servers/{id}, /servers/detail);
        security_groups: the names of its ports' groups (the key is left
        out for a server without any, as Nova leaves it out); volumes:
        its volume BDMs (os-extended-volumes:volumes_attached)."""
        uuid = _get(instance, 'uuid')
        project_id = _get(instance, 'project_id')
        vm_state = _get(instance, 'vm_state')
        srv_status = status(instance)
        server = {
            'id': uuid,
            'name': _get(instance, 'display_name'),
            'status': srv_status,
            'tenant_id': project_id,
            'user_id': _get(instance, 'user_id'),
            'metadata': dict(_get(instance, 'metadata') or {}),
            'hostId': host_id(instance),
            'image': self.image(instance),
            'flavor': self.flavor(instance),
            'created': isotime(_get(instance, 'created_at')),
            'updated': isotime(_get(instance, 'updated_at') or
                               _get(instance, 'created_at')),
            'addresses': self.addresses(instance),
            'accessIPv4': _get(instance, 'access_ip_v4') or '',
            'accessIPv6': _get(instance, 'access_ip_v6') or '',
            'links': links.resource_links(self.request, 'servers', uuid),
            'OS-DCF:diskConfig': 'MANUAL',
            'progress': _get(instance, 'progress') or 0,
            'OS-EXT-AZ:availability_zone': self._az(instance),
            'config_drive': _get(instance, 'config_drive') or '',
            'key_name': _get(instance, 'key_name'),
            'OS-SRV-USG:launched_at': strtime(_get(instance, 'launched_at')),
            'OS-SRV-USG:terminated_at': strtime(
                _get(instance, 'terminated_at')),
            'OS-EXT-STS:task_state': _get(instance, 'task_state'),
            'OS-EXT-STS:vm_state': vm_state,
            'OS-EXT-STS:power_state': _get(instance, 'power_state') or 0,
            'os-extended-volumes:volumes_attached': [],
        }
        if security_groups:
            server['security_groups'] = [{'name': name}
                                         for name in security_groups]
        if srv_status not in _PROGRESS_STATUSES:
            # Nova shows progress only while something is in progress.
            del server['progress']
        fault = self.fault(instance)
        if fault:
            server['fault'] = fault
        self._extended_attributes(instance, server)
        server['os-extended-volumes:volumes_attached'] = \
            self.volumes_attached(volumes)
        if 'locked' in self.changes:
            server['locked'] = bool(_get(instance, 'locked'))
        if 'host_status' in self.changes:
            self._host_status(instance, server, host_statuses)
        if 'description' in self.changes:
            server['description'] = _get(instance, 'display_description')
        if 'tags' in self.changes:
            server['tags'] = list(_get(instance, 'tags') or []) \
                if 'tags' in getattr(instance, 'fields', {}) else []
        if 'trusted_image_certificates' in self.changes:
            server['trusted_image_certificates'] = None
        if 'server_groups' in self.changes and not list_view:
            server['server_groups'] = list(server_groups or [])
        if 'locked_filter' in self.changes:
            server['locked_reason'] = _get(instance, 'locked_reason')
        if 'pinned_availability_zone' in self.changes:
            server['pinned_availability_zone'] = _get(
                instance, 'pinned_availability_zone')
        if 'scheduler_hints' in self.changes:
            server['scheduler_hints'] = _hints(
                _get(instance, 'scheduler_hints'))
        return server

    def updated(self, instance, host_statuses=None, server_groups=None):
        """The PUT /servers/{id} answer's server."""
        server = self.show(instance, host_statuses=host_statuses,
                           server_groups=server_groups)
        if 'full_update_answer' not in self.changes:
            _hide_before_275(server)
        return server

    def rebuilt(self, instance, admin_pass=None, server_groups=None):
        """The rebuild action's answer: the updated server, with key_name
        (2.54) and user_data (2.57) whatever the extension attribute
        policy, and (not as OS-EXT-SRV-ATTR:user_data) adminPass when
        given."""
        server = self.updated(instance, server_groups=server_groups)
        server.pop('OS-EXT-SRV-ATTR:user_data', None)
        if 'rebuild_key_name' in self.changes:
            server['key_name'] = instance.key_name
        if 'rebuild_user_data' in self.changes:
            server['user_data'] = instance.user_data
        if admin_pass is not None:
            server['adminPass'] = admin_pass
        return {'server': server}

    def _az(self, instance):
        return availability_zone(instance)

    def _extended_attributes(self, instance, server):
        more = 'more_extended_attributes' in self.changes
        show_all = self._can(esa_policy.BASE_POLICY_NAME,
                             {'project_id': _get(instance, 'project_id')})
        if show_all:
            server['OS-EXT-SRV-ATTR:host'] = _get(instance, 'host')
            server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = _get(
                instance, 'node')
            instance_id = _get(instance, 'id')
            server['OS-EXT-SRV-ATTR:instance_name'] = (
                'instance-%08x' % instance_id if instance_id is not None
                else '')
            if more:
                server['OS-EXT-SRV-ATTR:reservation_id'] = _get(
                    instance, 'reservation_id')
                server['OS-EXT-SRV-ATTR:launch_index'] = _get(
                    instance, 'launch_index')
                server['OS-EXT-SRV-ATTR:kernel_id'] = ''
                server['OS-EXT-SRV-ATTR:ramdisk_id'] = ''
                server['OS-EXT-SRV-ATTR:root_device_name'] = '/dev/vda' \
                    if _get(instance, 'host') else None
                server['OS-EXT-SRV-ATTR:user_data'] = _get(
                    instance, 'user_data')
        if more and show_all or 'hostname_for_everyone' in self.changes:
            server['OS-EXT-SRV-ATTR:hostname'] = _get(instance, 'hostname')

    def volumes_attached(self, volumes):
        """[{id}] of the attached volumes; from 2.3 with
        delete_on_termination."""
        if 'more_extended_attributes' not in self.changes:
            return [{'id': bdm.volume_id} for bdm in volumes or []]
        return [{'id': bdm.volume_id,
                 'delete_on_termination': bdm.delete_on_termination}
                for bdm in volumes or []]

    def _host_status(self, instance, server, host_statuses):
        if not self._can(server_policy.SERVERS % 'show:host_status',
                         {'project_id': _get(instance, 'project_id')}):
            return
        host = _get(instance, 'host')
        if not host:
            server['host_status'] = ''
            return
        server['host_status'] = (host_statuses or {}).get(host, 'UNKNOWN')


def _hide_before_275(server):
    for key in list(server):
        if key in _HIDDEN_BEFORE_275 or key.startswith('OS-EXT-SRV-ATTR:'):
            del server[key]


def _hints(hints):
    """Scheduler hints as Nova shows them: every value a list."""
    result = {}
    for key, value in (hints or {}).items():
        if isinstance(value, str) and value.startswith('['):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        if isinstance(value, list):
            result[key] = value
        elif value is None:
            result[key] = []
        else:
            result[key] = [value]
    return result


def availability_zone(instance):
    """The zone a server is in (OS-EXT-AZ:availability_zone): its own,
    the default zone once on a host, '' before."""
    az = _get(instance, 'availability_zone')
    if az:
        return az
    if _get(instance, 'host'):
        return api_conf.get().default_availability_zone
    return ''
