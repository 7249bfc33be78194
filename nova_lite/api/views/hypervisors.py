"""os-hypervisors bodies per microversion (CHANGES declares what changes
when for the hypervisor requests and responses)."""
from oslo_serialization import jsonutils

from nova_lite.api import microversion
from nova_lite.api.views import links
from nova_lite.api.views import services as service_views

CHANGES = microversion.Changes({
    'cpu_info_object': '2.28',      # before: the driver's JSON string
    'paging': '2.33',               # limit and marker
    'uuids': '2.53',                # ids are uuids; the query parameters
                                    # replace /search and /servers
    'servers_always': '2.75',       # with_servers: "servers" even if empty
    'no_resources': '2.88',         # no resource fields, running_vms,
                                    # /statistics, /uptime; uptime in detail
})


class ViewBuilder(object):
    def __init__(self, request):
        self.request = request
        self.changes = CHANGES.at(microversion.get_version(request))

    def _id(self, obj):
        return obj.uuid if 'uuids' in self.changes else obj.id

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
        if 'no_resources' not in self.changes:
            cpu_info = node.cpu_info
            if 'cpu_info_object' in self.changes:
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


def statistics(nodes, running_vms):
    """hypervisor_statistics over `nodes`; running_vms(node) counts the
    servers of one."""
    stats = dict.fromkeys(
        ('count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
         'memory_mb_used', 'local_gb_used', 'free_ram_mb', 'free_disk_gb',
         'current_workload', 'running_vms', 'disk_available_least'), 0)
    for node in nodes:
        stats['count'] += 1
        for field in ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                      'memory_mb_used', 'local_gb_used'):
            stats[field] += getattr(node, field) or 0
        stats['free_ram_mb'] += node.memory_mb - node.memory_mb_used
        stats['free_disk_gb'] += node.local_gb - node.local_gb_used
        stats['disk_available_least'] += node.disk_available_least or 0
        stats['running_vms'] += running_vms(node)
    return {'hypervisor_statistics': stats}
