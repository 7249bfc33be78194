"""The network API with object indirection on: its objects travel to the
conductor over RPC, as from the separate nova-lite-network daemon, and
errors raised there keep their Neutron type."""
TOKEN = 'hana:net-project-h'


def test_network_objects_over_the_conductor(object_indirection,
                                            network_api):
    seen = dict(object_indirection.object_calls)
    net = network_api.post('/v2.0/networks', {'network': {
        'name': 'indirect-net'}}, token=TOKEN).json()['network']
    resp = network_api.post('/v2.0/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.90.0.0/30',
        'gateway_ip': None}}, token=TOKEN)
    assert resp.status_code == 201, resp.text
    assert resp.json()['subnet']['allocation_pools'] == [
        {'start': '10.90.0.1', 'end': '10.90.0.2'}]
    port = network_api.post('/v2.0/ports', {'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'ip_address': '10.90.0.1'}]}}, token=TOKEN).json()['port']
    assert port['fixed_ips'][0]['ip_address'] == '10.90.0.1'
    assert len(port['security_groups']) == 1

    taken = network_api.post('/v2.0/ports', {'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'ip_address': '10.90.0.1'}]}}, token=TOKEN)
    assert taken.status_code == 409
    assert taken.json()['NeutronError']['type'] == \
        'IpAddressAlreadyAllocated'
    assert network_api.post('/v2.0/ports', {'port': {
        'network_id': net['id']}}, token=TOKEN).status_code == 201
    full = network_api.post('/v2.0/ports', {'port': {
        'network_id': net['id']}}, token=TOKEN)
    assert full.status_code == 409
    assert full.json()['NeutronError'] == {
        'type': 'IpAddressGenerationFailure', 'detail': '',
        'message': 'No more IP addresses available on network %s.'
        % net['id']}
    missing = network_api.get('/v2.0/networks/%s' % port['id'], token=TOKEN)
    assert missing.json()['NeutronError']['type'] == 'NetworkNotFound'

    calls = {name for name, count in object_indirection.object_calls.items()
             if count > seen.get(name, 0)}
    assert {'Network.create', 'Subnet.create', 'Port.create',
            'SecurityGroup.ensure_default'} <= calls
