"""os-hypervisors bodies: ids int before 2.53 and uuids from it; cpu_info
a string before 2.28 and an object from it; 2.88 drops the resource
fields and adds uptime."""
from oslo_serialization import jsonutils

from nova_lite.api import microversion
from nova_lite.api.views import links
from nova_lite.api.views import services as service_views


class ViewBuilder(object):
    def __init__(self, request):
        self.request = request
        self.version = microversion.get_version(request)

    def _at_least(self, version):
        return self.version >= microversion.APIVersion(version)

    def _id(self, obj):
        return obj.uuid if self._at_least('2.53') else obj.id

    def _state(self, service):
        if service is None:
            return 'down', 'disabled'
        return ('up' if service_views.is_up(service) else 'down',
                'disabled' if service.disabled else 'enabled')

    def basic(self, node, service, servers=None):
        state, status = self._state(service)
        body = {'id': self._id(node),
                'hypervisor_hostname': node.hypervisor_hostname,
                'state': state, 'status': status}
        if servers is not None:
            body['servers'] = servers
        return body

    def detail(self, node, service, servers=None, uptime=None,
               show_uptime=False, running_vms=None):
        body = self.basic(node, service)
        body.update({
            'hypervisor_type': node.hypervisor_type,
            'hypervisor_version': node.hypervisor_version,
            'host_ip': node.host_ip,
            'service': {
                'host': service.host if service else node.host,
                'id': (self._id(service) if service else None),
                'disabled_reason': (service.disabled_reason
                                    if service else None),
            },
        })
        if not self._at_least('2.88'):
            cpu_info = node.cpu_info
            if self._at_least('2.28'):
                try:
                    cpu_info = jsonutils.loads(cpu_info) if cpu_info else {}
                except ValueError:
                    cpu_info = {}
            body.update({
                'vcpus': node.vcpus,
                'memory_mb': node.memory_mb,
                'local_gb': node.local_gb,
                'vcpus_used': node.vcpus_used,
                'memory_mb_used': node.memory_mb_used,
                'local_gb_used': node.local_gb_used,
                'free_ram_mb': node.memory_mb - node.memory_mb_used,
                'free_disk_gb': node.local_gb - node.local_gb_used,
                'current_workload': 0,
                'running_vms': (running_vms if running_vms is not None
                                else len(servers or [])),
                'disk_available_least': node.disk_available_least,
                'cpu_info': cpu_info,
            })
        elif show_uptime:
            body['uptime'] = uptime
        if servers is not None:
            body['servers'] = servers
        return body

    def add_next(self, body, key, nodes, next_ok, path):
        if next_ok and nodes:
            body[key + '_links'] = links.next_link(
                self.request, path, self._id(nodes[-1]))
        return body
