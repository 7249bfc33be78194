"""The flavor extra specs nova_lite knows, by namespace, with their value
rules (the keys and rules of Nova's extra spec validators).

From microversion 2.86 a key in one of these namespaces that matches no
spec here is refused; keys without a namespace, or in a namespace nobody
registers, pass.
"""
from nova_lite.api.extra_specs.base import Spec

_CPU_MASK = r'\^?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*'
_BOOL = {'type': bool}
_ANY = {'type': str}


def _int(minimum=None, maximum=None):
    rule = {'type': int}
    if minimum is not None:
        rule['min'] = minimum
    if maximum is not None:
        rule['max'] = maximum
    return rule


def _enum(*values):
    return {'type': str, 'enum': list(values)}


def _pattern(regex):
    return {'type': str, 'pattern': regex}


_NUMA_ID = {'id': r'\d+'}

HW = [
    Spec('hw:cpu_realtime', _BOOL),
    Spec('hw:cpu_realtime_mask',
         _pattern(r'(\^)?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*')),
    Spec('hw:hide_hypervisor_id', _BOOL),
    Spec('hw:cpu_policy', _enum('dedicated', 'shared', 'mixed')),
    Spec('hw:cpu_thread_policy', _enum('prefer', 'isolate', 'require')),
    Spec('hw:emulator_threads_policy', _enum('isolate', 'share')),
    Spec('hw:cpu_dedicated_mask', _pattern(_CPU_MASK)),
    Spec('hw:mem_page_size',
         _pattern(r'(large|small|any|\d+([kKMGT]i?)?(b|bit|B)?)')),
    Spec('hw:numa_nodes', _int(1)),
    Spec('hw:numa_cpus.{id}', _pattern(_CPU_MASK), _NUMA_ID),
    Spec('hw:numa_mem.{id}', _int(1), _NUMA_ID),
    Spec('hw:pci_numa_affinity_policy',
         _enum('required', 'preferred', 'legacy', 'socket')),
    Spec('hw:cpu_sockets', _int(1)),
    Spec('hw:cpu_cores', _int(1)),
    Spec('hw:cpu_threads', _int(1)),
    Spec('hw:max_cpu_sockets', _int(1)),
    Spec('hw:max_cpu_cores', _int(1)),
    Spec('hw:max_cpu_threads', _int(1)),
    Spec('hw:boot_menu', _BOOL),
    Spec('hw:mem_encryption', _BOOL),
    Spec('hw:pmem', _pattern('([a-zA-Z0-9_]+(,)?)+')),
    Spec('hw:pmu', _BOOL),
    Spec('hw:serial_port_count', _int(0)),
    Spec('hw:tpm_model', _enum('tpm-tis', 'tpm-crb')),
    Spec('hw:tpm_version', _enum('1.2', '2.0')),
    Spec('hw:watchdog_action',
         _enum('none', 'pause', 'poweroff', 'reset', 'disabled')),
    Spec('hw:vif_multiqueue_enabled', _BOOL),
    Spec('hw:virtio_packed_ring', _BOOL),
    Spec('hw:locked_memory', _BOOL),
    Spec('hw:maxphysaddr_mode', _enum('passthrough', 'emulate')),
    Spec('hw:maxphysaddr_bits', _int(1)),
    Spec('hw:viommu_model', _enum('intel', 'smmuv3', 'virtio', 'auto')),
    Spec('hw:ephemeral_encryption', _BOOL),
    Spec('hw:ephemeral_encryption_format', _enum('luks')),
]

HW_RNG = [
    Spec('hw_rng:allowed', _BOOL),
    Spec('hw_rng:rate_bytes', _int(0)),
    Spec('hw_rng:rate_period', _int(0)),
]

HW_VIDEO = [
    Spec('hw_video:ram_max_mb', _int(0)),
]

_SHARES_LEVEL = _enum('custom', 'high', 'normal', 'low')

QUOTA = [
    Spec('quota:cpu_shares', _int(0)),
    Spec('quota:cpu_period', _int(0)),
    Spec('quota:cpu_quota', _int()),
    Spec('quota:cpu_limit', _int(0)),
    Spec('quota:cpu_reservation', _int(0)),
    Spec('quota:cpu_shares_level', _SHARES_LEVEL),
    Spec('quota:cpu_shares_share', _int(0)),
    Spec('quota:memory_limit', _int(0)),
    Spec('quota:memory_reservation', _int(0)),
    Spec('quota:memory_shares_level', _SHARES_LEVEL),
    Spec('quota:memory_shares_share', _int(0)),
    Spec('quota:disk_io_limit', _int(0)),
    Spec('quota:disk_io_reservation', _int(0)),
    Spec('quota:disk_io_shares_level', _SHARES_LEVEL),
    Spec('quota:disk_io_shares_share', _int(0)),
    Spec('quota:vif_limit', _int(0)),
    Spec('quota:vif_reservation', _int(0)),
    Spec('quota:vif_shares_level', _SHARES_LEVEL),
    Spec('quota:vif_shares_share', _int(0)),
] + [
    Spec('quota:disk_%s_%s_sec%s' % (op, unit, suffix), _int(0))
    for op in ('read', 'write', 'total') for unit in ('bytes', 'iops')
    for suffix in ('', '_max')
] + [
    Spec('quota:size_iops_sec', _int(0)),
] + [
    Spec('quota:vif_%s_%s' % (direction, what), _int(0))
    for direction in ('inbound', 'outbound')
    for what in ('average', 'peak', 'burst')
]

SCHEDULING = [
    Spec('capabilities:{capability}', _ANY,
         {'capability': r'[a-zA-Z0-9_.:]+'}),
    Spec('trait{group}:{trait}', _enum('required', 'forbidden'),
         {'group': r'(_[a-zA-Z0-9_]*|\d+)?', 'trait': r'[a-zA-Z0-9_]+'}),
    Spec('resources{group}:{resource_class}', _int(0),
         {'group': r'(_[a-zA-Z0-9_]*|\d+)?',
          'resource_class': r'[A-Z0-9_]+'}),
    Spec('aggregate_instance_extra_specs:{key}', _ANY,
         {'key': r'[^:]+'}),
    Spec('group_policy', _enum('none', 'isolate')),
    Spec('hide_hypervisor_id', _BOOL),
]

OTHERS = [
    Spec('os:secure_boot', _enum('required', 'disabled')),
    Spec('accel:device_profile', _ANY),
    Spec('pci_passthrough:alias', _pattern(r'[^:]+:\d+(,[^:]+:\d+)*')),
    Spec('vmware:hw_version', _ANY),
    Spec('vmware:storage_policy', _ANY),
]

ALL = HW + HW_RNG + HW_VIDEO + QUOTA + SCHEDULING + OTHERS
