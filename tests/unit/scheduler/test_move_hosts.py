"""ignore_hosts and requested_destination restrict the candidates of a
move before any filter runs."""
import collections

from nova_lite.scheduler import move_hosts

Host = collections.namedtuple('Host', 'host nodename')
HOSTS = [Host('fc1', 'fc1'), Host('fc2', 'fc2')]


def test_nothing_requested_keeps_every_host():
    assert move_hosts.restrict(HOSTS, {}) == HOSTS


def test_the_current_host_is_ignored():
    assert move_hosts.restrict(HOSTS, {'ignore_hosts': ['fc1']}) == \
        [HOSTS[1]]


def test_one_host_and_no_same_host_resize_leaves_nothing():
    # -> NoValidHost in the scheduler, as in Nova
    assert move_hosts.restrict(HOSTS[:1], {'ignore_hosts': ['fc1']}) == []


def test_requested_destination():
    spec = {'requested_destination': {'host': 'fc2', 'node': 'fc2'}}
    assert move_hosts.restrict(HOSTS, spec) == [HOSTS[1]]
    spec = {'requested_destination': {'host': 'fc2', 'node': 'other'}}
    assert move_hosts.restrict(HOSTS, spec) == []
