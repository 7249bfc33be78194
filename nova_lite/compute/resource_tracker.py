"""Reports this host's inventory to the database (through the conductor).

Usage (vcpus_used etc.) is never written here: the conductor's atomic claims
own it, as Placement's allocations do in Nova.
"""
from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

_INVENTORY_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'hypervisor_type',
                     'hypervisor_version', 'cpu_info', 'disk_available_least')


class ResourceTracker(object):
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.compute_nodes = {}

    def update_available_resource(self, context, service_id=None):
        for nodename in self.driver.get_available_nodes():
            resources = self.driver.get_available_resource(nodename)
            self._update_node(context, nodename, resources, service_id)

    def _update_node(self, context, nodename, resources, service_id):
        node = self.compute_nodes.get(nodename)
        if node is None:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context, self.host, nodename)
            except exception.ComputeHostNotFound:
                node = objects.ComputeNode(context, host=self.host,
                                           hypervisor_hostname=nodename,
                                           vcpus_used=0, memory_mb_used=0,
                                           local_gb_used=0)
        for name in _INVENTORY_FIELDS:
            if name in resources:
                setattr(node, name, resources[name])
        node.host_ip = CONF.my_ip
        node.service_id = service_id
        node.cpu_allocation_ratio = CONF.cpu_allocation_ratio
        node.ram_allocation_ratio = CONF.ram_allocation_ratio
        node.disk_allocation_ratio = CONF.disk_allocation_ratio
        node.reserved_host_memory_mb = CONF.reserved_host_memory_mb
        node.reserved_host_disk_mb = CONF.reserved_host_disk_mb
        node.reserved_host_cpus = CONF.reserved_host_cpus
        if node.obj_attr_is_set('id'):
            if node.obj_what_changed():
                node.save()
        else:
            node.create()
            LOG.info('Compute node %s (%s) registered with %d vCPUs, '
                     '%d MiB RAM, %d GiB disk', nodename, node.uuid,
                     node.vcpus, node.memory_mb, node.local_gb)
        self.compute_nodes[nodename] = node
        return node
