"""The API status of a server from its vm_state and task_state (Nova's
table), and the reverse used by the status filter."""

_DEFAULT = 'default'

STATE_MAP = {
    'active': {
        _DEFAULT: 'ACTIVE',
        'rebooting': 'REBOOT',
        'reboot_pending': 'REBOOT',
        'reboot_started': 'REBOOT',
        'rebooting_hard': 'HARD_REBOOT',
        'reboot_pending_hard': 'HARD_REBOOT',
        'reboot_started_hard': 'HARD_REBOOT',
        'updating_password': 'PASSWORD',
        'rebuilding': 'REBUILD',
        'rebuild_block_device_mapping': 'REBUILD',
        'rebuild_spawning': 'REBUILD',
        'migrating': 'MIGRATING',
        'resize_prep': 'RESIZE',
        'resize_migrating': 'RESIZE',
        'resize_migrated': 'RESIZE',
        'resize_finish': 'RESIZE',
    },
    'building': {_DEFAULT: 'BUILD'},
    'stopped': {
        _DEFAULT: 'SHUTOFF',
        'resize_prep': 'RESIZE',
        'resize_migrating': 'RESIZE',
        'resize_migrated': 'RESIZE',
        'resize_finish': 'RESIZE',
        'rebuilding': 'REBUILD',
        'rebuild_block_device_mapping': 'REBUILD',
        'rebuild_spawning': 'REBUILD',
    },
    'resized': {
        _DEFAULT: 'VERIFY_RESIZE',
        'resize_reverting': 'REVERT_RESIZE',
    },
    'paused': {_DEFAULT: 'PAUSED', 'migrating': 'MIGRATING'},
    'suspended': {_DEFAULT: 'SUSPENDED'},
    'rescued': {_DEFAULT: 'RESCUE'},
    'error': {
        _DEFAULT: 'ERROR',
        'rebuilding': 'REBUILD',
        'rebuild_block_device_mapping': 'REBUILD',
        'rebuild_spawning': 'REBUILD',
    },
    'deleted': {_DEFAULT: 'DELETED'},
    'soft-delete': {_DEFAULT: 'SOFT_DELETED'},
    'shelved': {_DEFAULT: 'SHELVED'},
    'shelved_offloaded': {_DEFAULT: 'SHELVED_OFFLOADED'},
}

# Statuses the list filter accepts (2.38+: anything else is a 400).
VALID_STATUSES = frozenset(
    s for states in STATE_MAP.values() for s in states.values()) | {
    'UNKNOWN'}


def status_from_state(vm_state, task_state=None):
    task_map = STATE_MAP.get(vm_state, {_DEFAULT: 'UNKNOWN'})
    return task_map.get(task_state, task_map[_DEFAULT])


def states_from_status(status):
    """(vm_states, task_states) for a status; task_states None = any.

    A status that maps from a vm_state's default includes every task
    state that does not have a status of its own.
    """
    status = status.upper()
    vm_states = []
    task_states = []
    any_task = False
    for vm_state, task_map in STATE_MAP.items():
        for task_state, mapped in task_map.items():
            if mapped != status:
                continue
            if vm_state not in vm_states:
                vm_states.append(vm_state)
            if task_state == _DEFAULT:
                any_task = True
            else:
                task_states.append(task_state)
    if not vm_states:
        return [], []
    return vm_states, (None if any_task else task_states)
