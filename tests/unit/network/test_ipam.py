"""The shape of subnets and their candidate addresses, as Neutron
validates them."""
import pytest

from nova_lite.network import exceptions as exc
from nova_lite.network import ipam


def test_default_gateway_and_pools():
    net, gateway, pools = ipam.validate_subnet('10.0.0.0/24', 4, 'auto',
                                               None)
    assert str(net) == '10.0.0.0/24'
    assert gateway == '10.0.0.1'
    assert pools == [{'start': '10.0.0.2', 'end': '10.0.0.254'}]


def test_no_gateway_uses_the_whole_range():
    _net, gateway, pools = ipam.validate_subnet('10.0.0.0/29', 4, None,
                                                None)
    assert gateway is None
    assert pools == [{'start': '10.0.0.1', 'end': '10.0.0.6'}]


def test_gateway_in_the_middle_splits_the_pool():
    _net, _gw, pools = ipam.validate_subnet('10.0.0.0/29', 4, '10.0.0.3',
                                            None)
    assert pools == [{'start': '10.0.0.1', 'end': '10.0.0.2'},
                     {'start': '10.0.0.4', 'end': '10.0.0.6'}]


@pytest.mark.parametrize('cidr', ['10.0.0.0/33', 'nonsense', '10.0.0.1/24',
                                  '10.0.0.0'])
def test_malformed_cidrs(cidr):
    with pytest.raises(exc.BadRequest):
        ipam.validate_subnet(cidr, 4, 'auto', None)


def test_version_mismatch():
    with pytest.raises(exc.InvalidInput):
        ipam.validate_subnet('fd00::/64', 4, 'auto', None)


def test_gateway_outside_the_cidr():
    with pytest.raises(exc.InvalidInput):
        ipam.validate_subnet('10.0.0.0/24', 4, '10.0.1.1', None)


def test_pools_outside_overlapping_or_with_the_gateway():
    with pytest.raises(exc.OutOfBoundsAllocationPool):
        ipam.validate_subnet('10.0.0.0/24', 4, 'auto',
                             [{'start': '10.0.0.10', 'end': '10.0.1.5'}])
    with pytest.raises(exc.OverlappingAllocationPools):
        ipam.validate_subnet('10.0.0.0/24', 4, 'auto',
                             [{'start': '10.0.0.10', 'end': '10.0.0.20'},
                              {'start': '10.0.0.15', 'end': '10.0.0.30'}])
    with pytest.raises(exc.GatewayConflictWithAllocationPools):
        ipam.validate_subnet('10.0.0.0/24', 4, '10.0.0.12',
                             [{'start': '10.0.0.10', 'end': '10.0.0.20'}])
    with pytest.raises(exc.InvalidAllocationPool):
        ipam.validate_subnet('10.0.0.0/24', 4, 'auto',
                             [{'start': '10.0.0.20', 'end': '10.0.0.10'}])


def test_candidates_are_every_free_address_once():
    pools = [{'start': '10.0.0.2', 'end': '10.0.0.40'}]
    found = list(ipam.candidates(pools, {'10.0.0.5', '10.0.0.30'}))
    assert len(found) == len(set(found)) == 37
    assert '10.0.0.5' not in found and '10.0.0.30' not in found


def test_fixed_ip_outside_the_subnet():
    subnet = {'cidr': '10.0.0.0/24'}
    assert ipam.validate_fixed_ip('10.0.0.9', subnet) == '10.0.0.9'
    for ip in ('10.0.1.9', '10.0.0.255', '10.0.0.0'):
        with pytest.raises(exc.InvalidInput):
            ipam.validate_fixed_ip(ip, subnet)


def test_macs_have_the_openstack_prefix():
    assert ipam.random_mac().startswith('fa:16:3e:')
