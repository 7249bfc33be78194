"""os-hosts answers of what only a driver other than the fake gives: a
driver without the operation (501, Nova's message), an unexpected driver
answer (400), and the resources of one host from its node and instances."""
from oslo_utils import timeutils
import pytest

from nova_lite.api.controllers import hosts
from nova_lite.compute import host_api
from nova_lite import objects
from tests.unit.api import fakes


@pytest.fixture
def computes(monkeypatch):
    now = timeutils.utcnow()
    items = [fakes.make_service(1, 'nova-compute', 'host1', topic='compute',
                                last_seen_up=now),
             fakes.make_service(2, 'nova-scheduler', 'ctl',
                                topic='scheduler', last_seen_up=now)]

    def get_all(cls, context, filters=None):
        filters = filters or {}
        return [s for s in items
                if all(getattr(s, k) == v for k, v in filters.items())]

    monkeypatch.setattr(objects.ServiceList, 'get_all',
                        classmethod(get_all))
    monkeypatch.setattr(objects.AggregateList, 'get_host_availability_zones',
                        classmethod(lambda cls, context: {}))
    return items


def _with_rpc(monkeypatch, **answers):
    rpc = fakes.HostRPC(**answers)
    monkeypatch.setattr(hosts, '_API', host_api.HostAPI(rpc))
    return rpc


def test_a_driver_without_power_actions_is_501(client, computes,
                                               monkeypatch):
    _with_rpc(monkeypatch, host_power_action=NotImplementedError())
    for action in ('startup', 'shutdown', 'reboot'):
        resp = client.get('/v2.1/os-hosts/host1/%s' % action)
        assert resp.status_int == 501
        assert resp.json == {'notImplemented': {
            'code': 501,
            'message': 'The requested functionality is not supported.'}}


def test_a_driver_without_maintenance_is_501(client, computes, monkeypatch):
    rpc = _with_rpc(monkeypatch, set_host_enabled='enabled',
                    host_maintenance_mode=NotImplementedError())
    resp = client.put('/v2.1/os-hosts/host1',
                      {'status': 'enable', 'maintenance_mode': 'enable'})
    assert resp.status_int == 501
    assert resp.json['notImplemented']['message'] == \
        'The requested functionality is not supported.'
    assert rpc.calls == [('set_host_enabled', 'host1', True),
                         ('host_maintenance_mode', 'host1', True)]


def test_an_unexpected_driver_answer_is_400(client, computes, monkeypatch):
    _with_rpc(monkeypatch, set_host_enabled='sort of')
    resp = client.put('/v2.1/os-hosts/host1', {'status': 'Disable'})
    assert resp.status_int == 400
    assert resp.json == {'badRequest': {'code': 400, 'message': 'sort of'}}


def test_the_list_leaves_api_services_out(client, computes):
    computes.append(fakes.make_service(3, 'nova-osapi_compute', 'api',
                                       topic='osapi_compute'))
    resp = client.get('/v2.1/os-hosts')
    assert resp.json == {'hosts': [
        {'host_name': 'host1', 'service': 'compute', 'zone': 'nova'},
        {'host_name': 'ctl', 'service': 'scheduler', 'zone': 'internal'}]}


def test_the_resources_of_a_host(client, computes, monkeypatch):
    node = fakes.make_node(1, 'host1', vcpus=8, memory_mb=16384,
                           local_gb=100, vcpus_used=3, memory_mb_used=2560,
                           local_gb_used=21)
    instances = [
        fakes.make_instance(project_id='p1', vcpus=1, memory_mb=512,
                            root_gb=1, ephemeral_gb=0),
        fakes.make_instance(project_id='p2', vcpus=2, memory_mb=2048,
                            root_gb=20, ephemeral_gb=5),
        fakes.make_instance(project_id='p1', vcpus=1, memory_mb=512,
                            root_gb=1, ephemeral_gb=1)]
    monkeypatch.setattr(objects.ComputeNodeList, 'get_by_host',
                        classmethod(lambda cls, ctx, host: [node]
                                    if host == 'host1' else []))
    monkeypatch.setattr(objects.InstanceList, 'get_by_host',
                        classmethod(lambda cls, ctx, host: instances))

    def resource(project, cpu, memory_mb, disk_gb):
        return {'resource': {'host': 'host1', 'project': project, 'cpu': cpu,
                             'memory_mb': memory_mb, 'disk_gb': disk_gb}}

    assert client.get('/v2.1/os-hosts/host1').json == {'host': [
        resource('(total)', 8, 16384, 100),
        resource('(used_now)', 3, 2560, 21),
        resource('(used_max)', 4, 3072, 28),
        resource('p1', 2, 1024, 3),
        resource('p2', 2, 2048, 25)]}
    resp = client.get('/v2.1/os-hosts/host2')
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'Compute host host2 could not be found.'
