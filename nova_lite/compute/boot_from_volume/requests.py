"""Requested block device mappings as plain dicts (Nova's BlockDeviceDict):
turning the API's ``block_device_mapping_v2`` items, the legacy
``block_device_mapping`` items and an image's ``block_device_mapping``
property into one normalised form, with Nova's InvalidBDMFormat errors.

A normalised mapping has every key of FIELDS (None when not given),
``delete_on_termination`` a bool, ``boot_index`` an int or None and
``device_name`` with its /dev/ prefix.
"""
import re

from oslo_utils import strutils

from nova_lite import exception

FIELDS = frozenset((
    'source_type', 'destination_type', 'guest_format', 'device_type',
    'disk_bus', 'boot_index', 'device_name', 'delete_on_termination',
    'snapshot_id', 'volume_id', 'volume_size', 'image_id', 'no_device',
    'connection_info', 'tag', 'volume_type'))
# Fields a stored mapping has beyond the requested ones.
DB_ONLY_FIELDS = frozenset(('id', 'uuid', 'instance_uuid', 'attachment_id',
                            'created_at', 'updated_at', 'deleted_at',
                            'deleted'))
LEGACY_FIELDS = frozenset(('device_name', 'delete_on_termination',
                           'virtual_name', 'snapshot_id', 'volume_id',
                           'volume_size', 'no_device', 'connection_info'))

_DEV = re.compile('^/dev/')
_PREFIX = re.compile('^((x?v|s|h)d)')
_DIGITS = re.compile(r'\d+')
_EPHEMERAL = re.compile(r'^ephemeral(\d|[1-9]\d+)$')


def strip_dev(name):
    return _DEV.sub('', name) if name else name


def prepend_dev(name):
    return name and '/dev/' + strip_dev(name)


def device_letter(name):
    """'/dev/vdb1' -> 'b'."""
    if not name:
        return name
    return _DIGITS.sub('', _PREFIX.sub('', strip_dev(name)))


def is_swap(bdm):
    return (bdm.get('source_type') == 'blank' and
            bdm.get('destination_type') == 'local' and
            bdm.get('guest_format') == 'swap')


def is_ephemeral(bdm):
    return (bdm.get('source_type') == 'blank' and
            bdm.get('destination_type') == 'local' and
            bdm.get('guest_format') != 'swap')


def is_volume(bdm):
    return bdm.get('destination_type') == 'volume'


def root_of(bdms):
    """The mapping with boot_index 0, or None."""
    for bdm in bdms:
        if bdm.get('boot_index') == 0:
            return bdm
    return None


def _invalid(details):
    return exception.InvalidBDMFormat(details=details)


def normalise(values, do_not_default=()):
    """A validated mapping with every field (see the module docstring)."""
    values = dict(values)
    given = set(values)
    unknown = given - FIELDS - DB_ONLY_FIELDS
    if unknown:
        raise _invalid('Following fields are invalid: %s' %
                       ' '.join(sorted(unknown)))
    if not values.get('no_device'):
        if 'source_type' not in given:
            raise _invalid('Some required fields are missing')
        if 'delete_on_termination' in values:
            values['delete_on_termination'] = strutils.bool_from_string(
                values['delete_on_termination'])
        name = values.get('device_name')
        if name is not None:
            if not 1 <= len(name) <= 255:
                raise _invalid('Device name empty or too long.')
            if ' ' in name:
                raise _invalid('Device name contains spaces.')
        if values.get('volume_size'):
            try:
                values['volume_size'] = int(values['volume_size'])
            except (TypeError, ValueError):
                raise _invalid('Invalid volume_size.')
            if values['volume_size'] < 0:
                raise _invalid('Invalid volume_size.')
        if values.get('boot_index'):
            try:
                values['boot_index'] = int(values['boot_index'])
            except (TypeError, ValueError):
                raise _invalid('Boot index is invalid.')
    if values.get('device_name'):
        values['device_name'] = prepend_dev(values['device_name'])
    values['delete_on_termination'] = bool(
        values.get('delete_on_termination'))
    result = {field: None for field in FIELDS - set(do_not_default)}
    result.update(values)
    return result


def from_api(item, image_uuid_specified):
    """One ``block_device_mapping_v2`` item of POST /servers."""
    item = dict(item)
    if not item.get('no_device'):
        source = item.get('source_type')
        device_uuid = item.get('uuid')
        destination = item.get('destination_type')
        volume_type = item.get('volume_type')
        if source == 'blank' and device_uuid:
            raise _invalid('Invalid device UUID.')
        if source != 'blank':
            if not device_uuid:
                raise _invalid('Missing device UUID.')
            if source:
                # (without a source type: "required fields are missing")
                item['%s_id' % source] = device_uuid
        if source == 'image' and destination == 'local':
            boot_index = item.get('boot_index', -1)
            boot_index = -1 if boot_index is None else int(boot_index)
            # Only the mapping a client makes of imageRef (boot index 0).
            if not (image_uuid_specified and boot_index == 0):
                raise _invalid('Mapping image to local is not supported.')
        if destination == 'local' and volume_type:
            raise _invalid('Specifying a volume_type with destination_type='
                           'local is not supported.')
        if source == 'volume' and volume_type:
            raise _invalid('Specifying volume type to existing volume is '
                           'not supported.')
    item.pop('uuid', None)
    return normalise(item)


def from_legacy(legacy):
    """One legacy ``block_device_mapping`` item."""
    keep = (LEGACY_FIELDS & FIELDS) | DB_ONLY_FIELDS
    values = {key: value for key, value in legacy.items() if key in keep}
    virtual_name = legacy.get('virtual_name')
    if virtual_name and (virtual_name == 'swap' or
                         _EPHEMERAL.match(virtual_name)):
        values.update(source_type='blank', destination_type='local',
                      delete_on_termination=True,
                      guest_format='swap' if virtual_name == 'swap'
                      else None)
    elif legacy.get('snapshot_id'):
        values.update(source_type='snapshot', destination_type='volume')
    elif legacy.get('volume_id'):
        values.update(source_type='volume', destination_type='volume')
    elif not legacy.get('no_device'):
        raise _invalid('Unrecognized legacy format.')
    # What a legacy mapping cannot say is left unset, not defaulted.
    return normalise(values, do_not_default=('boot_index', 'disk_bus',
                                             'guest_format', 'device_type'))


def image_bdm(image_id, boot_index=0):
    """The image -> local root mapping of an image boot."""
    return normalise({'source_type': 'image', 'image_id': image_id,
                      'delete_on_termination': True,
                      'boot_index': boot_index, 'device_type': 'disk',
                      'destination_type': 'local'})


def from_legacy_mapping(legacy_items, image_uuid='', root_device_name=None,
                        no_root=False):
    """A legacy list in the v2 form, its root picked as Nova picks it: the
    mapping on the root device name, else the image, else the first
    mapping that is not blank."""
    bdms = [from_legacy(item) for item in legacy_items]
    if no_root:
        for bdm in bdms:
            bdm['boot_index'] = -1
        return bdms
    if not root_device_name and not image_uuid:
        for bdm in bdms:
            if bdm['source_type'] != 'blank':
                bdm['boot_index'] = 0
                break
        return bdms
    volume_backed = False
    for bdm in bdms:
        if (bdm['source_type'] in ('volume', 'snapshot', 'image') and
                root_device_name is not None and
                strip_dev(bdm.get('device_name')) ==
                strip_dev(root_device_name)):
            bdm['boot_index'] = 0
            volume_backed = True
        elif not bdm.get('no_device'):
            bdm['boot_index'] = -1
        else:
            bdm['boot_index'] = None
    if not volume_backed and image_uuid:
        return [image_bdm(image_uuid)] + bdms
    return bdms


def snapshot_from_bdm(snapshot_id, template):
    """The image mapping of a volume snapshot of mapping `template`."""
    values = {'source_type': 'snapshot', 'destination_type': 'volume',
              'snapshot_id': snapshot_id}
    for key in ('disk_bus', 'device_type', 'boot_index',
                'delete_on_termination', 'volume_size', 'device_name'):
        values[key] = template.get(key)
    return image_mapping(normalise(values))


def image_mapping(bdm):
    """What an image's block_device_mapping property keeps of a mapping:
    no connection and no database fields."""
    return {key: value for key, value in bdm.items()
            if key in FIELDS and key != 'connection_info'}
