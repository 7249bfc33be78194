"""os-keypairs bodies (CHANGES declares what changes when for keypair
requests and responses); show adds the record fields."""
import datetime

from nova_lite.api import microversion
from nova_lite.api.views import links

CHANGES = microversion.Changes({
    'key_type': '2.2',          # `type`; create 201 and delete 204
    'other_users': '2.10',      # user_id (admin)
    'paging': '2.35',
    'import_only': '2.92',      # and more characters allowed in names
})


def strtime(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')
    return value


class ViewBuilder(object):
    def __init__(self, request):
        self.request = request
        self.changes = CHANGES.at(microversion.get_version(request))

    def _typed(self, keypair, body):
        if 'key_type' in self.changes:
            body['type'] = keypair.type
        return body

    def _base(self, keypair):
        return {'name': keypair.name, 'public_key': keypair.public_key,
                'fingerprint': keypair.fingerprint}

    def create(self, keypair, private_key=None):
        body = self._typed(keypair, dict(self._base(keypair),
                                         user_id=keypair.user_id))
        if private_key is not None:
            body['private_key'] = private_key
        return {'keypair': body}

    def show(self, keypair):
        body = dict(self._base(keypair), user_id=keypair.user_id,
                    id=keypair.id, deleted=False, deleted_at=None,
                    created_at=strtime(keypair.created_at),
                    updated_at=strtime(keypair.updated_at))
        return {'keypair': self._typed(keypair, body)}

    def index(self, keypairs, limit=None):
        body = {'keypairs': [{'keypair': self._typed(kp, self._base(kp))}
                             for kp in keypairs]}
        if limit is not None and keypairs and len(keypairs) == limit:
            body['keypairs_links'] = links.next_link(
                self.request, 'os-keypairs', keypairs[-1].name)
        return body
