"""Payloads in Nova's versioned-object shape:
{"nova_object.name", "nova_object.namespace": "nova",
 "nova_object.version", "nova_object.data"}."""
import traceback as tb_mod

from nova_lite.compute import power_state

# Payload versions as Nova numbers them.
VERSIONS = {
    'InstanceActionPayload': '1.8',
    'InstanceActionRebuildPayload': '1.9',
    'InstanceActionSnapshotPayload': '1.9',
    'InstanceCreatePayload': '1.12',
    'InstanceUpdatePayload': '2.0',
    'InstanceStateUpdatePayload': '1.0',
    'FlavorPayload': '1.4',
    'ExceptionPayload': '1.1',
}


def nova_object(name, data):
    return {'nova_object.name': name, 'nova_object.namespace': 'nova',
            'nova_object.version': VERSIONS[name], 'nova_object.data': data}


def _time(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=None, microsecond=0).isoformat() + 'Z'


def _get(instance, name, default=None):
    if hasattr(instance, 'obj_attr_is_set'):
        if name not in instance.fields or not instance.obj_attr_is_set(name):
            return default
    return getattr(instance, name, default)


def flavor_payload(flavor):
    if flavor is None:
        return None
    return nova_object('FlavorPayload', {
        'flavorid': flavor.flavorid, 'name': flavor.name,
        'memory_mb': flavor.memory_mb, 'vcpus': flavor.vcpus,
        'root_gb': flavor.root_gb, 'ephemeral_gb': flavor.ephemeral_gb,
        'swap': flavor.swap or 0,
        'rxtx_factor': _get(flavor, 'rxtx_factor', 1.0),
        'vcpu_weight': _get(flavor, 'vcpu_weight', 0) or 0,
        'disabled': bool(_get(flavor, 'disabled', False)),
        'is_public': bool(_get(flavor, 'is_public', True)),
        'extra_specs': dict(_get(flavor, 'extra_specs', {}) or {}),
        'description': _get(flavor, 'description'),
    })


def exception_payload(exc):
    """Nova's ExceptionPayload: what was raised, and where."""
    if exc is None:
        return None
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    message = (exc.format_message() if hasattr(exc, 'format_message')
               else str(exc))
    return nova_object('ExceptionPayload', {
        'exception': type(exc).__name__,
        'exception_message': message,
        'function_name': tb.tb_frame.f_code.co_name if tb else '',
        'module_name': (tb.tb_frame.f_globals.get('__name__', '') if tb
                        else type(exc).__module__),
        'traceback': ''.join(tb_mod.format_exception(
            type(exc), exc, exc.__traceback__)),
    })


def instance_data(context, instance):
    """The InstancePayload fields every instance notification carries."""
    state = _get(instance, 'power_state')
    instance_id = _get(instance, 'id')
    return {
        'uuid': instance.uuid,
        'user_id': _get(instance, 'user_id'),
        'tenant_id': _get(instance, 'project_id'),
        'reservation_id': _get(instance, 'reservation_id'),
        'display_name': _get(instance, 'display_name'),
        'display_description': _get(instance, 'display_description'),
        'host_name': _get(instance, 'hostname'),
        'host': _get(instance, 'host'),
        'node': _get(instance, 'node'),
        'os_type': None,
        'architecture': None,
        'availability_zone': _get(instance, 'availability_zone'),
        'flavor': flavor_payload(_get(instance, 'flavor')),
        'image_uuid': _get(instance, 'image_ref'),
        'key_name': _get(instance, 'key_name'),
        'kernel_id': '',
        'ramdisk_id': '',
        'created_at': _time(_get(instance, 'created_at')),
        'launched_at': _time(_get(instance, 'launched_at')),
        'terminated_at': _time(_get(instance, 'terminated_at')),
        'deleted_at': _time(_get(instance, 'deleted_at')),
        'updated_at': _time(_get(instance, 'updated_at')),
        'state': _get(instance, 'vm_state'),
        'power_state': power_state.STATE_MAP.get(state or 0, 'pending'),
        'task_state': _get(instance, 'task_state'),
        'progress': _get(instance, 'progress') or 0,
        'ip_addresses': [],
        'block_devices': [],
        'metadata': dict(_get(instance, 'metadata', {}) or {}),
        'locked': bool(_get(instance, 'locked', False)),
        'locked_reason': _get(instance, 'locked_reason'),
        'auto_disk_config': 'MANUAL',
        'request_id': getattr(context, 'request_id', None),
        'action_initiator_user': getattr(context, 'user_id', None),
        'action_initiator_project': getattr(context, 'project_id', None),
        '_instance_id': instance_id,
    }


def _clean(data):
    data.pop('_instance_id', None)
    return data


def action_payload(context, instance, fault=None):
    data = _clean(instance_data(context, instance))
    data['fault'] = exception_payload(fault)
    return nova_object('InstanceActionPayload', data)


def rebuild_payload(context, instance, fault=None):
    data = _clean(instance_data(context, instance))
    data['fault'] = exception_payload(fault)
    data['trusted_image_certificates'] = None
    return nova_object('InstanceActionRebuildPayload', data)


def snapshot_payload(context, instance, snapshot_image_id, fault=None):
    data = _clean(instance_data(context, instance))
    data['fault'] = exception_payload(fault)
    data['snapshot_image_id'] = snapshot_image_id
    return nova_object('InstanceActionSnapshotPayload', data)


def create_payload(context, instance, fault=None):
    data = instance_data(context, instance)
    instance_id = data.pop('_instance_id', None)
    data['fault'] = exception_payload(fault)
    data['keypairs'] = []
    data['tags'] = list(_get(instance, 'tags', []) or [])
    data['trusted_image_certificates'] = None
    data['instance_name'] = ('instance-%08x' % instance_id
                             if instance_id is not None else None)
    return nova_object('InstanceCreatePayload', data)


def update_payload(context, instance, old_vm_state, old_task_state,
                   old_display_name=None):
    data = _clean(instance_data(context, instance))
    data.update({
        'state_update': nova_object('InstanceStateUpdatePayload', {
            'old_state': old_vm_state,
            'state': data['state'],
            'old_task_state': old_task_state,
            'new_task_state': data['task_state'],
        }),
        'audit_period': None,
        'bandwidth': [],
        'old_display_name': old_display_name,
        'tags': list(_get(instance, 'tags', []) or []),
    })
    return nova_object('InstanceUpdatePayload', data)


def legacy_payload(context, instance, fault=None):
    """The unversioned compute.instance.* payload (a flat dict)."""
    data = instance_data(context, instance)
    flavor = _get(instance, 'flavor')
    payload = {
        'tenant_id': data['tenant_id'], 'user_id': data['user_id'],
        'instance_id': instance.uuid,
        'display_name': data['display_name'],
        'hostname': data['host_name'], 'host': data['host'],
        'node': data['node'], 'state': data['state'],
        'state_description': data['task_state'] or '',
        'power_state': data['power_state'],
        'image_ref_url': data['image_uuid'],
        'instance_type': flavor.name if flavor is not None else None,
        'instance_type_id': _get(instance, 'instance_type_id'),
        'memory_mb': _get(instance, 'memory_mb'),
        'vcpus': _get(instance, 'vcpus'),
        'root_gb': _get(instance, 'root_gb'),
        'ephemeral_gb': _get(instance, 'ephemeral_gb'),
        'created_at': data['created_at'],
        'launched_at': data['launched_at'] or '',
        'terminated_at': data['terminated_at'] or '',
        'deleted_at': data['deleted_at'] or '',
        'availability_zone': data['availability_zone'],
        'metadata': data['metadata'],
        'reservation_id': data['reservation_id'],
        'progress': data['progress'],
    }
    if fault is not None:
        payload['message'] = (fault.format_message()
                              if hasattr(fault, 'format_message')
                              else str(fault))
        payload['exception'] = type(fault).__name__
    return payload
