"""Bodies of /servers/{id}/os-volume_attachments: attach (tag from 2.49,
delete_on_termination from 2.79) and update (swap; from 2.85 every field
of the attachment may be given, only delete_on_termination changes)."""
import copy

from nova_lite.api.schemas import types

# Nova's match_device(): /dev/ + optional x, optional bus letter, d, then
# the device letters (and partition digits).
DEVICE = {'type': ['string', 'null'],
          'pattern': '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'}


def _body(properties, required=('volumeId',)):
    return {
        'type': 'object',
        'properties': {'volumeAttachment': {
            'type': 'object', 'properties': properties,
            'required': list(required), 'additionalProperties': False}},
        'required': ['volumeAttachment'],
        'additionalProperties': False,
    }


create = _body({'volumeId': types.UUID, 'device': DEVICE})
create_v249 = copy.deepcopy(create)
create_v249['properties']['volumeAttachment']['properties']['tag'] = \
    types.TAG
create_v279 = copy.deepcopy(create_v249)
create_v279['properties']['volumeAttachment']['properties'][
    'delete_on_termination'] = types.BOOLEAN

update = _body({'volumeId': types.UUID})
update_v285 = _body({
    'volumeId': types.UUID, 'device': DEVICE, 'tag': types.TAG,
    'delete_on_termination': types.BOOLEAN, 'serverId': types.UUID,
    'id': types.UUID})
