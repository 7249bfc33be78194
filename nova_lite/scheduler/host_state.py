"""What the scheduler knows of one compute host while it decides."""
from nova_lite import conf as nl_conf

CONF = nl_conf.CONF


class HostState(object):
    def __init__(self, compute_node, service, up, availability_zone=None):
        self.host = compute_node.host
        self.nodename = compute_node.hypervisor_hostname
        self.compute_node_id = compute_node.id
        self.uuid = compute_node.uuid
        self.service = service
        self.service_up = up
        self.service_disabled = bool(service is None or service.disabled)
        # The zone of the host's aggregates, else the default zone.
        self.availability_zone = (availability_zone or
                                  CONF.default_availability_zone)
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
        self.num_instances = 0

    @property
    def free_vcpus(self):
        return (self.total_usable_vcpus * self.cpu_allocation_ratio -
                self.vcpus_used)

    @property
    def free_ram_mb(self):
        return (self.total_usable_ram_mb * self.ram_allocation_ratio -
                self.memory_mb_used)

    @property
    def free_disk_gb(self):
        return (self.total_usable_disk_gb * self.disk_allocation_ratio -
                self.disk_gb_used)

    @staticmethod
    def wanted_disk_gb(spec):
        """The local disk a request's instance takes: the flavor's, but
        no root disk for a server booted from volume."""
        flavor = spec['flavor']
        root = 0 if spec.get('is_bfv') else flavor['root_gb']
        return root + flavor['ephemeral_gb']

    def consume_from_request(self, spec):
        """Account for an instance placed here earlier in the same request."""
        flavor = spec['flavor']
        self.vcpus_used += flavor['vcpus']
        self.memory_mb_used += flavor['memory_mb']
        self.disk_gb_used += self.wanted_disk_gb(spec)
        self.num_instances += 1

    def __repr__(self):
        return ('(%s, %s) ram: %dMB disk: %dGB vcpus: %s' %
                (self.host, self.nodename, self.free_ram_mb,
                 self.free_disk_gb, self.free_vcpus))
