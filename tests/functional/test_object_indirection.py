"""A server's boot and delete with object indirection on: the object
methods of the API, the scheduler and the computes travel to the
conductor over oslo.messaging's fake transport, as between separate
daemons, instead of reaching the database in-process."""
from tests.functional import indirection


class NewCalls(object):
    """The object methods the conductor ran since the last look."""

    def __init__(self, conductor):
        self.counts = conductor.object_calls
        self.seen = dict(self.counts)

    def __call__(self):
        current = dict(self.counts)
        fresh = {name for name, count in current.items()
                 if count > self.seen.get(name, 0)}
        self.seen = current
        return fresh


def test_boot_and_delete_over_the_conductor(object_indirection, api,
                                            image_id):
    new_calls = NewCalls(object_indirection)
    assert not indirection.in_conductor()

    resp = api.post('/v2.1/servers', {'server': {
        'name': 'indirect', 'imageRef': image_id, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    # The API read the flavor and created the instance via the conductor.
    assert {'Flavor.get_by_flavor_id', 'Instance.create'} <= new_calls()

    active = api.wait_for_server(server_id, 'ACTIVE')
    assert active['OS-EXT-SRV-ATTR:host'] in ('fc1', 'fc2')
    assert active['OS-EXT-STS:power_state'] == 1
    # The scheduler read the compute nodes (all of them to fill its cache,
    # or what changed since), the compute saved the instance's states.
    calls = new_calls()
    assert 'Instance.save' in calls
    assert calls & {'ComputeNodeList.get_all',
                    'ComputeNodeList.get_changed_since'}

    assert api.delete('/v2.1/servers/%s' % server_id).status_code == 204
    api.wait_for_server(server_id, 'DELETED')
    assert 'Instance.destroy' in new_calls()
    assert api.get('/v2.1/servers/%s' % server_id).status_code == 404
    assert object_indirection.calls['object_class_action_versions'] > 0
