"""os-aggregates bodies: uuid from 2.41; create omits hosts/metadata."""
from nova_lite.api import microversion
from nova_lite.api.views.keypairs import strtime

# From 2.41 an aggregate shows its uuid.
UUID = microversion.Range('2.41')


class ViewBuilder(object):
    def __init__(self, request):
        self.version = microversion.get_version(request)

    def show(self, aggregate, with_members=True):
        body = {
            'id': aggregate.id,
            'name': aggregate.name,
            'availability_zone': aggregate.availability_zone,
            'created_at': strtime(aggregate.created_at),
            'updated_at': strtime(aggregate.updated_at),
            'deleted_at': None,
            'deleted': False,
        }
        if with_members:
            body['hosts'] = list(aggregate.hosts or [])
            body['metadata'] = dict(aggregate.metadata or {})
        if self.version in UUID:
            body['uuid'] = aggregate.uuid
        return {'aggregate': body}

    def index(self, aggregates):
        return {'aggregates': [self.show(a)['aggregate'] for a in aggregates]}
