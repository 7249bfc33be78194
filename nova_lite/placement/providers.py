"""nova_lite's own records seen as Placement's: one resource provider per
compute node (uuid = the node's uuid, name = its hypervisor_hostname, a
root with no parent), its inventories from the node's capacity, reserved
amounts and allocation ratios, its usages and allocations from the
conductor's claims (objects.Allocation), its aggregates the uuids of the
host aggregates its host is in (Nova mirrors those into Placement), its
traits COMPUTE_NODE and, while its nova-compute service is disabled,
COMPUTE_STATUS_DISABLED (the two Nova's compute always manages).

Every read goes through the objects, so nova-lite-api reaches the data
through the conductor like every other API call.
"""
import collections
import dataclasses
import math

import os_traits

from nova_lite import exception
from nova_lite import objects

VCPU = 'VCPU'
MEMORY_MB = 'MEMORY_MB'
DISK_GB = 'DISK_GB'
# The claim columns behind each class, in the order Nova reports them.
CLAIMED = ((VCPU, 'vcpus'), (MEMORY_MB, 'memory_mb'), (DISK_GB, 'disk_gb'))

# This view does not count writes, so generations are fixed values: the
# provider's as after Nova's compute first set its inventory, a
# consumer's as after its first allocation.
PROVIDER_GENERATION = 1
CONSUMER_GENERATION = 1

INSTANCE = 'INSTANCE'
MIGRATION = 'MIGRATION'


@dataclasses.dataclass(eq=False)
class Provider:
    uuid: str
    name: str
    generation: int
    node: object
    inventories: dict
    created_at: object = None
    updated_at: object = None

    @property
    def parent_provider_uuid(self):
        return None

    @property
    def root_provider_uuid(self):
        return self.uuid


@dataclasses.dataclass
class Consumer:
    uuid: str
    project_id: str
    user_id: str
    consumer_type: str
    generation: int = CONSUMER_GENERATION


def inventories(node):
    """{resource class: inventory record} as Nova's compute reports a
    node; a class with no capacity is left out (Placement refuses a
    total below 1)."""
    records = {}
    capacity = (
        (VCPU, node.vcpus, node.reserved_host_cpus,
         node.cpu_allocation_ratio),
        (MEMORY_MB, node.memory_mb, node.reserved_host_memory_mb,
         node.ram_allocation_ratio),
        (DISK_GB, node.local_gb,
         int(math.ceil(node.reserved_host_disk_mb / 1024.0)),
         node.disk_allocation_ratio),
    )
    for resource_class, total, reserved, ratio in capacity:
        if total < 1:
            continue
        records[resource_class] = {
            'total': total, 'reserved': min(max(reserved, 0), total),
            'min_unit': 1, 'max_unit': total, 'step_size': 1,
            'allocation_ratio': float(ratio)}
    return records


def _provider(node):
    return Provider(uuid=node.uuid, name=node.hypervisor_hostname,
                    generation=PROVIDER_GENERATION, node=node,
                    inventories=inventories(node),
                    created_at=node.created_at, updated_at=node.updated_at)


class ProviderView(object):
    """The reads one request makes, with an elevated context (the policy
    was checked before)."""

    def __init__(self, context):
        self.context = context.elevated()

    # -- providers -------------------------------------------------------

    def all(self):
        return [_provider(node) for node in
                objects.ComputeNodeList.get_all(self.context)]

    def get(self, provider_uuid):
        """The provider or None."""
        try:
            node = objects.ComputeNode.get_by_uuid(self.context,
                                                   provider_uuid)
        except exception.ComputeNodeNotFound:
            return None
        return _provider(node)

    # -- claims ----------------------------------------------------------

    def allocations(self):
        return list(objects.AllocationList.get_all(self.context))

    def consumer_allocations(self, consumer_uuid):
        return list(objects.AllocationList.get_by_consumer(self.context,
                                                           consumer_uuid))

    @staticmethod
    def amounts(allocation):
        """{resource class: amount} of one claim, zero amounts left out
        (Placement holds no allocation of 0)."""
        return {rc: allocation[column] for rc, column in CLAIMED
                if allocation[column]}

    def usages(self, provider, allocations=None):
        """{resource class: used} for every class of its inventory."""
        used = dict.fromkeys(provider.inventories, 0)
        for allocation in (allocations if allocations is not None
                           else self.allocations()):
            if allocation.compute_node_id != provider.node.id:
                continue
            for rc, amount in self.amounts(allocation).items():
                used[rc] = used.get(rc, 0) + amount
        return used

    def fits(self, provider, wanted, allocations):
        """Could the provider take `wanted` ({rc: amount}) now?"""
        used = self.usages(provider, allocations)
        for rc, amount in wanted.items():
            inventory = provider.inventories.get(rc)
            if inventory is None:
                return False
            if not inventory['min_unit'] <= amount <= inventory['max_unit']:
                return False
            if amount % inventory['step_size']:
                return False
            capacity = (inventory['total'] - inventory['reserved']) * \
                inventory['allocation_ratio']
            if used.get(rc, 0) + amount > capacity:
                return False
        return True

    def consumers(self, consumer_uuids):
        """{uuid: Consumer} for the instances and migrations among
        `consumer_uuids` (a resize's source claim is held by the
        migration, on behalf of the instance's project and user)."""
        wanted = set(consumer_uuids)
        if not wanted:
            return {}
        ctx = self.context.elevated()
        ctx.read_deleted = 'yes'
        found = {}
        for instance in objects.InstanceList.get_by_filters(
                ctx, {'uuid': sorted(wanted)}):
            found[instance.uuid] = Consumer(
                instance.uuid, instance.project_id, instance.user_id,
                INSTANCE)
        for consumer_uuid in sorted(wanted - set(found)):
            try:
                migration = objects.Migration.get_by_uuid(ctx,
                                                          consumer_uuid)
            except exception.NovaLiteException:
                continue
            found[consumer_uuid] = Consumer(
                consumer_uuid, migration.project_id, migration.user_id,
                MIGRATION)
        return found

    # -- aggregates and traits -------------------------------------------

    def aggregates(self, provider):
        return sorted(agg.uuid for agg in objects.AggregateList.get_by_host(
            self.context, provider.node.host))

    def aggregates_by_host(self):
        by_host = collections.defaultdict(set)
        for agg in objects.AggregateList.get_all(self.context):
            for host in agg.hosts or ():
                by_host[host].add(agg.uuid)
        return by_host

    def traits(self, provider, disabled_hosts=None):
        if disabled_hosts is None:
            disabled_hosts = self.disabled_hosts()
        traits = [os_traits.COMPUTE_NODE]
        if provider.node.host in disabled_hosts:
            traits.append(os_traits.COMPUTE_STATUS_DISABLED)
        return sorted(traits)

    def disabled_hosts(self):
        return {svc.host for svc in objects.ServiceList.get_all(
            self.context, {'binary': 'nova-compute'}) if svc.disabled}

    def traits_in_use(self):
        disabled = self.disabled_hosts()
        found = set()
        for provider in self.all():
            found.update(self.traits(provider, disabled))
        return found
