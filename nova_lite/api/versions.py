"""The version documents: GET /, GET /v2.1 and GET /v2 (no auth)."""
from nova_lite.api import microversion

V21_UPDATED = '2013-07-23T11:33:21Z'
V2_UPDATED = '2025-07-04T12:00:00Z'
DOCS_URL = 'https://docs.openstack.org/'


def _v20(base_url):
    return {'id': 'v2.0', 'status': 'DEPRECATED', 'version': '',
            'min_version': '', 'updated': V2_UPDATED,
            'links': [{'rel': 'self', 'href': base_url + '/v2/'}]}


def _v21(base_url):
    return {'id': 'v2.1', 'status': 'CURRENT',
            'version': microversion.MAX_VERSION_STR,
            'min_version': microversion.MIN_VERSION_STR,
            'updated': V21_UPDATED,
            'links': [{'rel': 'self', 'href': base_url + '/v2.1/'}]}


def versions(base_url):
    """GET / : every API version."""
    return {'versions': [_v20(base_url), _v21(base_url)]}


def _describe(entry, media_version):
    entry = dict(entry)
    entry['links'] = entry['links'] + [
        {'rel': 'describedby', 'type': 'text/html', 'href': DOCS_URL}]
    entry['media-types'] = [{
        'base': 'application/json',
        'type': 'application/vnd.openstack.compute+json;version=%s'
                % media_version}]
    return {'version': entry}


def version_v21(base_url):
    return _describe(_v21(base_url), '2.1')


def version_v2(base_url):
    return _describe(_v20(base_url), '2')
