"""What the scheduler knows of one compute host while it decides.

A host state lives in the scheduler's cache (host_manager) across
requests: it is updated from its compute node's row when that changes,
and consumes what this scheduler places on it meanwhile. The free
amounts are plain attributes, recomputed when the usage changes, since
every filter and weigher reads them for every host."""
from nova_lite import conf as nl_conf

CONF = nl_conf.CONF


class HostState(object):
    __slots__ = (
        'host', 'nodename', 'compute_node_id', 'uuid', 'updated_at',
        'service', 'service_up', 'service_disabled', 'availability_zone',
        'total_usable_vcpus', 'total_usable_ram_mb', 'total_usable_disk_gb',
        'vcpus_used', 'memory_mb_used', 'disk_gb_used',
        'cpu_allocation_ratio', 'ram_allocation_ratio',
        'disk_allocation_ratio', 'hypervisor_type', 'hypervisor_version',
        'num_instances', 'free_vcpus', 'free_ram_mb', 'free_disk_gb')

    def __init__(self, compute_node, service, up, availability_zone=None):
        self.host = compute_node.host
        self.nodename = compute_node.hypervisor_hostname
        self.compute_node_id = compute_node.id
        self.uuid = compute_node.uuid
        self.num_instances = 0
        self.update_service(service, up)
        self.set_availability_zone(availability_zone)
        self.update_from_compute_node(compute_node)

    def update_from_compute_node(self, compute_node):
        """Inventory and usage as the node's row has them now."""
        self.updated_at = None
        for name in ('updated_at', 'created_at'):
            if compute_node.obj_attr_is_set(name) and \
                    getattr(compute_node, name) is not None:
                self.updated_at = getattr(compute_node, name).replace(
                    tzinfo=None)
                break
        self.total_usable_vcpus = (compute_node.vcpus -
                                   compute_node.reserved_host_cpus)
        self.total_usable_ram_mb = (compute_node.memory_mb -
                                    compute_node.reserved_host_memory_mb)
        self.total_usable_disk_gb = (compute_node.local_gb -
                                     compute_node.reserved_host_disk_mb //
                                     1024)
        self.vcpus_used = compute_node.vcpus_used
        self.memory_mb_used = compute_node.memory_mb_used
        self.disk_gb_used = compute_node.local_gb_used
        self.cpu_allocation_ratio = compute_node.cpu_allocation_ratio
        self.ram_allocation_ratio = compute_node.ram_allocation_ratio
        self.disk_allocation_ratio = compute_node.disk_allocation_ratio
        self.hypervisor_type = compute_node.hypervisor_type
        self.hypervisor_version = compute_node.hypervisor_version
        self._recompute()

    def update_service(self, service, up):
        self.service = service
        self.service_up = up
        self.service_disabled = bool(service is None or service.disabled)

    def set_availability_zone(self, zone):
        """The zone of the host's aggregates, else the default zone."""
        self.availability_zone = zone or CONF.default_availability_zone

    def _recompute(self):
        self.free_vcpus = (self.total_usable_vcpus *
                           self.cpu_allocation_ratio - self.vcpus_used)
        self.free_ram_mb = (self.total_usable_ram_mb *
                            self.ram_allocation_ratio - self.memory_mb_used)
        self.free_disk_gb = (self.total_usable_disk_gb *
                             self.disk_allocation_ratio - self.disk_gb_used)

    @staticmethod
    def wanted_disk_gb(spec):
        """The local disk a request's instance takes: the flavor's, but
        no root disk for a server booted from volume."""
        flavor = spec['flavor']
        root = 0 if spec.get('is_bfv') else flavor['root_gb']
        return root + flavor['ephemeral_gb']

    def consume_from_request(self, spec, sign=1):
        """Account for an instance placed here by this scheduler (sign=-1:
        give it back, the request failed before anything was claimed)."""
        flavor = spec['flavor']
        self.vcpus_used += sign * flavor['vcpus']
        self.memory_mb_used += sign * flavor['memory_mb']
        self.disk_gb_used += sign * self.wanted_disk_gb(spec)
        self.num_instances += sign
        self._recompute()

    def __repr__(self):
        return ('(%s, %s) ram: %dMB disk: %dGB vcpus: %s' %
                (self.host, self.nodename, self.free_ram_mb,
                 self.free_disk_gb, self.free_vcpus))
