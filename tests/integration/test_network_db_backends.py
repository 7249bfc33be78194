"""Network data on SQLite, MariaDB and PostgreSQL: concurrent allocations
never hand out an address twice (the unique constraint decides; a
conflict is retried in a savepoint), a full pool fails cleanly."""
import threading
import uuid

from nova_lite.db import api as db_api
from nova_lite.network import exceptions as exc
from nova_lite.network import ipam
from tests.integration.test_db_backends import ctx, database  # noqa: F401


def _network(ctx, cidr, pools):  # noqa: F811
    network = db_api.network_create(ctx, {
        'id': str(uuid.uuid4()), 'name': 'n', 'project_id': 'p',
        'status': 'ACTIVE', 'admin_state_up': True, 'shared': False,
        'mtu': 1500, 'port_security_enabled': True})
    net, gateway, pools = ipam.validate_subnet(cidr, 4, None, pools)
    subnet = db_api.subnet_create(ctx, {
        'id': str(uuid.uuid4()), 'network_id': network['id'],
        'project_id': 'p', 'ip_version': 4, 'cidr': str(net),
        'gateway_ip': gateway, 'enable_dhcp': True,
        'allocation_pools': pools, 'dns_nameservers': [],
        'host_routes': []})
    return network, subnet


def _port_values(network):
    return {'id': str(uuid.uuid4()), 'network_id': network['id'],
            'project_id': 'p', 'admin_state_up': True, 'status': 'DOWN',
            'device_id': '', 'device_owner': '',
            'port_security_enabled': False, 'binding_host_id': '',
            'binding_vnic_type': 'normal', 'binding_vif_type': 'unbound'}


def test_concurrent_ports_get_distinct_addresses(  # noqa: F811
        database, ctx):
    network, subnet = _network(ctx, '10.70.0.0/26',
                               [{'start': '10.70.0.2', 'end': '10.70.0.25'}])
    got, failed, others = [], [], []
    barrier = threading.Barrier(30)

    def create():
        barrier.wait()
        try:
            got.append(db_api.port_create(ctx, _port_values(network)))
        except exc.IpAddressGenerationFailure:
            failed.append(True)
        except Exception as caught:  # noqa: B902 - reported below
            others.append(repr(caught))

    threads = [threading.Thread(target=create) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert others == []
    assert len(got) == 24 and len(failed) == 6
    ips = [p['fixed_ips'][0]['ip_address'] for p in got]
    assert len(set(ips)) == 24
    assert len(db_api.port_get_all(ctx, {'network_id': network['id']})) \
        == 24
    assert len({p['mac_address'] for p in got}) == 24


def test_a_taken_address_is_a_conflict_and_leaves_nothing(  # noqa: F811
        database, ctx):
    network, subnet = _network(ctx, '10.71.0.0/28', None)
    first = db_api.port_create(ctx, _port_values(network), fixed_ips=[
        {'subnet_id': subnet['id'], 'ip_address': '10.71.0.5'}])
    assert first['fixed_ips'][0]['ip_address'] == '10.71.0.5'
    try:
        db_api.port_create(ctx, _port_values(network), fixed_ips=[
            {'ip_address': '10.71.0.5'}])
    except exc.IpAddressAlreadyAllocated:
        pass
    else:
        raise AssertionError('the same address twice')
    assert len(db_api.port_get_all(ctx, {'network_id': network['id']})) == 1
