"""Addresses are unique under concurrency by the database, not a lock:
30 ports created at once on one subnet get 30 different addresses, and a
full pool answers 409 IpAddressGenerationFailure."""
import concurrent.futures

TOKEN = 'erin:net-project-e'


def test_thirty_ports_at_once_get_thirty_addresses(network_api):
    net = network_api.post('/v2.0/networks', {'network': {
        'name': 'busy'}}, token=TOKEN).json()['network']
    resp = network_api.post('/v2.0/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.30.0.0/26',
        'allocation_pools': [{'start': '10.30.0.2', 'end': '10.30.0.31'}],
        'gateway_ip': None}}, token=TOKEN)
    assert resp.status_code == 201, resp.text

    def create(_):
        return network_api.post('/v2.0/ports', {'port': {
            'network_id': net['id']}}, token=TOKEN)

    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(create, range(30)))
    assert [r.status_code for r in answers] == [201] * 30, \
        [r.text for r in answers if r.status_code != 201]
    ips = {r.json()['port']['fixed_ips'][0]['ip_address'] for r in answers}
    macs = {r.json()['port']['mac_address'] for r in answers}
    assert len(ips) == 30 and len(macs) == 30

    full = create(None)
    assert full.status_code == 409
    assert full.json()['NeutronError']['type'] == \
        'IpAddressGenerationFailure'
    ports = network_api.get('/v2.0/ports?network_id=%s' % net['id'],
                            token=TOKEN).json()['ports']
    assert len(ports) == 30
