"""Server bodies exactly as Nova shapes them, per microversion.

Key changes by microversion: 2.3 more OS-EXT-SRV-ATTR fields (admin),
2.9 locked, 2.16 host_status (admin), 2.19 description, 2.26 tags,
2.47 embedded flavor, 2.63 trusted_image_certificates, 2.71
server_groups (show/update only), 2.73 locked_reason, 2.90 hostname for
everyone, 2.96 pinned_availability_zone, 2.98 image properties, 2.100
scheduler_hints.
"""
import hashlib
import json


from nova_lite.api import config as api_conf
from nova_lite.api import microversion
from nova_lite.api.views import links
from nova_lite.api.views import server_states
from nova_lite.policies import extended_server_attributes as esa_policy
from nova_lite.policies import servers as server_policy

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
        self._policy_cache = {}
        # A list body asks the same few versions for every server.
        self._version_cache = {}

    def _can(self, action, target=None):
        key = (action, tuple(sorted((target or {}).items())))
        if key not in self._policy_cache:
            self._policy_cache[key] = self.context.can(
                action, target or {'project_id': self.context.project_id},
                fatal=False)
        return self._policy_cache[key]

    def _at_least(self, version):
        answer = self._version_cache.get(version)
        if answer is None:
            answer = self._version_cache[version] = (
                self.version >= microversion.APIVersion(version))
        return answer

    # -- small bodies ------------------------------------------------------

    def basic(self, instance):
        uuid = _get(instance, 'uuid')
        return {'id': uuid, 'name': _get(instance, 'display_name'),
                'links': links.resource_links(self.request, 'servers', uuid)}

    def create(self, instance, admin_pass=None):
        uuid = _get(instance, 'uuid')
        server = {'id': uuid,
                  'links': links.resource_links(self.request, 'servers',
                                                uuid),
                  'OS-DCF:diskConfig': 'MANUAL',
                  'security_groups': [{'name': 'default'}]}
        if admin_pass is not None:
            server['adminPass'] = admin_pass
        return {'server': server}

    def index(self, instances, next_marker_ok, collection='servers'):
        body = {'servers': [self.basic(i) for i in instances]}
        self._add_next(body, instances, next_marker_ok, collection)
        return body

    def detail(self, instances, next_marker_ok, host_statuses=None):
        body = {'servers': [
            self.show(i, list_view=True, host_statuses=host_statuses)
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
        if self._at_least('2.98'):
            sysmeta = _get(instance, 'system_metadata') or {}
            image['properties'] = {
                k[len(_IMAGE_PREFIX):]: v for k, v in sysmeta.items()
                if k.startswith(_IMAGE_PREFIX) and v is not None}
        return image

    def flavor(self, instance):
        flavor = _get(instance, 'flavor')
        if not self._at_least('2.47'):
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
             server_groups=None):
        """The full server body (GET /servers/{id}, /servers/detail)."""
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
            'addresses': {},
            'accessIPv4': _get(instance, 'access_ip_v4') or '',
            'accessIPv6': _get(instance, 'access_ip_v6') or '',
            'links': links.resource_links(self.request, 'servers', uuid),
            'OS-DCF:diskConfig': 'MANUAL',
            'progress': (_get(instance, 'progress') or 0
                         if srv_status in _PROGRESS_STATUSES else 0),
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
        fault = self.fault(instance)
        if fault:
            server['fault'] = fault
        self._extended_attributes(instance, server)
        if self._at_least('2.9'):
            server['locked'] = bool(_get(instance, 'locked'))
        if self._at_least('2.16'):
            self._host_status(instance, server, host_statuses)
        if self._at_least('2.19'):
            server['description'] = _get(instance, 'display_description')
        if self._at_least('2.26'):
            server['tags'] = list(_get(instance, 'tags') or []) \
                if 'tags' in getattr(instance, 'fields', {}) else []
        if self._at_least('2.63'):
            server['trusted_image_certificates'] = None
        if self._at_least('2.71') and not list_view:
            server['server_groups'] = list(server_groups or [])
        if self._at_least('2.73'):
            server['locked_reason'] = _get(instance, 'locked_reason')
        if self._at_least('2.96'):
            server['pinned_availability_zone'] = _get(
                instance, 'pinned_availability_zone')
        if self._at_least('2.100'):
            server['scheduler_hints'] = _hints(
                _get(instance, 'scheduler_hints'))
        return server

    def _az(self, instance):
        az = _get(instance, 'availability_zone')
        if az:
            return az
        if _get(instance, 'host'):
            return api_conf.get().default_availability_zone
        return ''

    def _extended_attributes(self, instance, server):
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
            if self._at_least('2.3'):
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
        if self._at_least('2.3') and show_all or self._at_least('2.90'):
            server['OS-EXT-SRV-ATTR:hostname'] = _get(instance, 'hostname')
        if self._at_least('2.3'):
            server['os-extended-volumes:volumes_attached'] = []

    def _host_status(self, instance, server, host_statuses):
        if not self._can(server_policy.SERVERS % 'show:host_status',
                         {'project_id': _get(instance, 'project_id')}):
            return
        host = _get(instance, 'host')
        if not host:
            server['host_status'] = ''
            return
        server['host_status'] = (host_statuses or {}).get(host, 'UNKNOWN')


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
