"""Boot from volume with object indirection on: the mappings the API
creates with the instance, the compute's saves of device names,
attachment and connection info, and the deletes travel to the conductor
over RPC, as between separate daemons."""
TOKEN = 'bfv-rpc:project-bfv-rpc'


def test_volume_backed_boot_and_delete_over_the_conductor(
        object_indirection, api, fake_cinder, image_id):
    before = dict(object_indirection.object_calls)
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'bfv-rpc', 'flavorRef': '1', 'networks': 'none',
        'block_device_mapping_v2': [{
            'source_type': 'image', 'uuid': image_id, 'boot_index': 0,
            'destination_type': 'volume', 'volume_size': 1,
            'delete_on_termination': True}]}}, token=TOKEN, version='2.67')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
    assert server['image'] == ''
    [volume_id] = list(fake_cinder.volumes)
    assert fake_cinder.status_of(volume_id) == 'in-use'

    resp = api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
    assert resp.status_code == 204
    api.wait_for_server(server_id, 'DELETED', token=TOKEN)
    assert fake_cinder.volumes == {}
    calls = {name for name, count in object_indirection.object_calls.items()
             if count > before.get(name, 0)}
    assert {'Instance.create', 'BlockDeviceMappingList.get_by_instance_uuid',
            'BlockDeviceMapping.save'} <= calls
