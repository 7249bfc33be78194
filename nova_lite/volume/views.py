"""Cinder v3 JSON -> the dicts nova_lite's compute and API code use (the
shapes Nova's cinder client hands to its callers)."""
import copy

from oslo_utils import strutils


def volume(raw):
    """A Cinder volume as Nova sees it: display_name/description,
    volume_type_id, bootable as a bool, attach_status, and attachments
    keyed by server id."""
    vol = {
        'id': raw.get('id'),
        'status': raw.get('status'),
        'size': raw.get('size'),
        'availability_zone': raw.get('availability_zone'),
        'created_at': raw.get('created_at'),
        'attach_time': '',
        'mountpoint': '',
        'multiattach': bool(raw.get('multiattach', False)),
        'display_name': raw.get('name'),
        'display_description': raw.get('description'),
        'volume_type_id': raw.get('volume_type'),
        'snapshot_id': raw.get('snapshot_id'),
        'bootable': strutils.bool_from_string(raw.get('bootable')),
        'volume_metadata': dict(raw.get('metadata') or {}),
    }
    attachments = raw.get('attachments') or []
    if attachments:
        vol['attachments'] = {}
        for attachment in attachments:
            vol['attachments'][attachment.get('server_id')] = {
                'attachment_id': attachment.get('attachment_id'),
                'mountpoint': attachment.get('device'),
            }
        vol['attach_status'] = 'attached'
    else:
        vol['attach_status'] = 'detached'
    if 'volume_image_metadata' in raw:
        vol['volume_image_metadata'] = copy.deepcopy(
            raw['volume_image_metadata'])
    for key in ('shared_targets', 'service_uuid', 'migration_status',
                'encrypted'):
        if key in raw:
            vol[key] = raw[key]
    return vol


def snapshot(raw):
    """A Cinder snapshot as Nova sees it."""
    return {
        'id': raw.get('id'),
        'status': raw.get('status'),
        'progress': raw.get('progress'),
        'size': raw.get('size'),
        'created_at': raw.get('created_at'),
        'display_name': raw.get('name'),
        'display_description': raw.get('description'),
        'volume_id': raw.get('volume_id'),
        'project_id': raw.get('project_id')
        or raw.get('os-extended-snapshot-attributes:project_id'),
        'volume_size': raw.get('size'),
    }


def attachment(raw):
    """A Cinder attachment record with its connection_info in the form the
    virt drivers take: {'driver_volume_type', 'data', ...}.

    The attachments API returns the connection properties flat (the
    driver_volume_type beside the target's fields); the 'data' level is
    rebuilt, and the attachment's status, instance and times are copied
    into it as Nova does. Without a connector the attachment is only
    reserved and connection_info is empty ({}).
    """
    ref = dict(raw)
    flat = ref.pop('connection_info', None)
    info = {}
    if flat:
        flat = dict(flat)
        flat.pop('attachment_id', None)
        info['driver_volume_type'] = flat.pop('driver_volume_type', None)
        info['data'] = flat
        info['status'] = ref.pop('status', None)
        info['instance'] = ref.pop('instance', None)
        info['attached_at'] = ref.pop('attached_at', None)
        info['detached_at'] = ref.pop('detached_at', None)
        for key, value in ref.items():
            if key not in ('id', 'attach_mode'):
                info[key] = value
    ref['connection_info'] = info
    return ref
