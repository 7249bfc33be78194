"""Glance v2 shapes for the embedded image endpoint (/image)."""
import urllib.parse

DEFAULT_LIMIT = 25
MAX_LIMIT = 1000

GLANCE_VERSIONS = (
    ('v2.17', 'CURRENT'), ('v2.16', 'SUPPORTED'), ('v2.15', 'SUPPORTED'),
    ('v2.9', 'SUPPORTED'), ('v2.7', 'SUPPORTED'), ('v2.6', 'SUPPORTED'),
    ('v2.5', 'SUPPORTED'), ('v2.4', 'SUPPORTED'), ('v2.3', 'SUPPORTED'),
    ('v2.2', 'SUPPORTED'), ('v2.1', 'SUPPORTED'), ('v2.0', 'SUPPORTED'),
)


def versions(image_root_url):
    href = image_root_url.rstrip('/') + '/v2/'
    return {'versions': [
        {'id': vid, 'status': status,
         'links': [{'rel': 'self', 'href': href}]}
        for vid, status in GLANCE_VERSIONS]}


def image(img):
    """One image as Glance v2 returns it (properties already flat)."""
    body = dict(img)
    body.setdefault('tags', [])
    body.setdefault('locations', None)
    body.pop('locations')
    body['self'] = '/v2/images/%s' % img['id']
    body['file'] = '/v2/images/%s/file' % img['id']
    body['schema'] = '/v2/schemas/image'
    return body


def images(imgs, params, next_marker=None):
    body = {'images': [image(i) for i in imgs],
            'first': '/v2/images',
            'schema': '/v2/schemas/images'}
    query = [(k, v) for k, v in params.items() if k != 'marker']
    if query:
        body['first'] += '?' + urllib.parse.urlencode(query)
    if next_marker:
        query.append(('marker', next_marker))
        body['next'] = '/v2/images?' + urllib.parse.urlencode(query)
    return body


_IMAGE_PROPERTIES = {
    'id': {'type': 'string', 'description': 'An identifier for the image',
           'pattern': '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
                      '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'},
    'name': {'type': ['null', 'string'], 'maxLength': 255},
    'status': {'type': 'string', 'readOnly': True,
               'enum': ['queued', 'saving', 'active', 'killed', 'deleted',
                        'uploading', 'importing', 'pending_delete',
                        'deactivated']},
    'visibility': {'type': 'string',
                   'enum': ['community', 'public', 'private', 'shared']},
    'protected': {'type': 'boolean'},
    'os_hidden': {'type': 'boolean'},
    'checksum': {'type': ['null', 'string'], 'readOnly': True},
    'os_hash_algo': {'type': ['null', 'string'], 'readOnly': True},
    'os_hash_value': {'type': ['null', 'string'], 'readOnly': True},
    'owner': {'type': ['null', 'string']},
    'size': {'type': ['null', 'integer'], 'readOnly': True},
    'virtual_size': {'type': ['null', 'integer'], 'readOnly': True},
    'container_format': {'type': ['null', 'string'],
                         'enum': [None, 'ami', 'ari', 'aki', 'bare', 'ovf',
                                  'ova', 'docker', 'compressed']},
    'disk_format': {'type': ['null', 'string'],
                    'enum': [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx',
                             'vmdk', 'raw', 'qcow2', 'vdi', 'iso',
                             'ploop']},
    'created_at': {'type': 'string', 'readOnly': True},
    'updated_at': {'type': 'string', 'readOnly': True},
    'tags': {'type': 'array', 'items': {'type': 'string', 'maxLength': 255}},
    'min_ram': {'type': 'integer'},
    'min_disk': {'type': 'integer'},
    'self': {'type': 'string', 'readOnly': True},
    'file': {'type': 'string', 'readOnly': True},
    'schema': {'type': 'string', 'readOnly': True},
}


def image_schema():
    return {
        'name': 'image',
        'properties': _IMAGE_PROPERTIES,
        'additionalProperties': {'type': 'string'},
        'links': [{'rel': 'self', 'href': '{self}'},
                  {'rel': 'enclosure', 'href': '{file}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


def images_schema():
    return {
        'name': 'images',
        'properties': {
            'images': {'type': 'array', 'items': image_schema()},
            'schema': {'type': 'string'},
            'first': {'type': 'string'},
            'next': {'type': 'string'},
        },
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }
