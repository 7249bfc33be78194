"""What a move changes on the instance record, on every side of it."""
from nova_lite.compute import vm_states


def set_flavor(instance, flavor):
    """The instance takes `flavor` and the sizes it gives."""
    instance.flavor = flavor
    instance.instance_type_id = flavor.id
    instance.memory_mb = flavor.memory_mb
    instance.vcpus = flavor.vcpus
    instance.root_gb = flavor.root_gb
    instance.ephemeral_gb = flavor.ephemeral_gb


def stash_old_vm_state(instance):
    """Remember the vm_state a move starts from (ACTIVE or STOPPED)."""
    sysmeta = dict(instance.system_metadata or {})
    sysmeta['old_vm_state'] = instance.vm_state
    instance.system_metadata = sysmeta


def peek_old_vm_state(instance):
    return (instance.system_metadata or {}).get('old_vm_state') or \
        vm_states.ACTIVE


def pop_old_vm_state(instance):
    """The vm_state the move started from, forgotten (ACTIVE if unknown)."""
    sysmeta = dict(instance.system_metadata or {})
    old = sysmeta.pop('old_vm_state', None) or vm_states.ACTIVE
    instance.system_metadata = sysmeta
    return old
