"""Flavors: list/detail/show shapes per microversion, admin management."""
import pytest

MEMBER = 'user1:proj1'
DETAIL_21 = {'id', 'name', 'ram', 'disk', 'swap', 'vcpus', 'links',
             'OS-FLV-EXT-DATA:ephemeral', 'OS-FLV-DISABLED:disabled',
             'os-flavor-access:is_public', 'rxtx_factor'}


def test_index(client, flavors):
    body = client.get('/v2.1/flavors', token=MEMBER).json
    assert [f['id'] for f in body['flavors']] == ['1', '2']
    assert set(body['flavors'][0]) == {'id', 'name', 'links'}
    assert body['flavors'][0]['links'] == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/flavors/1'},
        {'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}]
    # Public flavors plus the private ones shared with the project.
    assert flavors['calls'][-1]['filters'] == {'is_public': True,
                                               'project_id': 'proj1'}


def test_admin_sees_private_with_is_public_none(client, flavors):
    body = client.get('/v2.1/flavors?is_public=none').json
    assert [f['id'] for f in body['flavors']] == ['1', '2', '3']
    assert client.get('/v2.1/flavors?is_public=maybe').status_int == 400


@pytest.mark.parametrize('version,swap,extra', [
    ('2.1', '', set()),
    ('2.55', '', {'description'}),
    ('2.61', '', {'description', 'extra_specs'}),
    ('2.75', 0, {'description', 'extra_specs'}),
])
def test_show_by_version(client, flavors, version, swap, extra):
    flavor = client.get('/v2.1/flavors/1', version=version,
                        token=MEMBER).json['flavor']
    assert set(flavor) == DETAIL_21 | extra
    assert flavor['swap'] == swap
    assert flavor['ram'] == 512 and flavor['rxtx_factor'] == 1.0


def test_detail_swap_and_extra_specs(client, flavors):
    body = client.get('/v2.1/flavors/detail', version='2.61').json
    small = body['flavors'][1]
    assert small['swap'] == 512
    assert small['description'] == 'small one'
    assert small['extra_specs'] == {'hw:cpu_policy': 'shared'}


def test_list_with_description_at_255(client, flavors):
    body = client.get('/v2.1/flavors', version='2.55').json
    assert set(body['flavors'][0]) == {'id', 'name', 'links',
                                       'description'}


def test_pagination(client, flavors):
    body = client.get('/v2.1/flavors?limit=1').json
    assert body['flavors_links'][0]['href'] == \
        'http://localhost/v2.1/flavors?limit=1&marker=1'
    assert client.get('/v2.1/flavors?marker=zzz').status_int == 400
    assert client.get('/v2.1/flavors?minRam=x').status_int == 400


def test_show_missing(client, flavors):
    resp = client.get('/v2.1/flavors/42')
    assert resp.status_int == 404
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'Flavor 42 could not be found.'}}


def test_flavor_id_with_dot(client, flavors):
    resp = client.post('/v2.1/flavors', {'flavor': {
        'name': 'dotted', 'ram': 64, 'vcpus': 1, 'disk': 0, 'id': '1.5'}})
    assert resp.status_int == 200
    assert client.get('/v2.1/flavors/1.5').json['flavor']['id'] == '1.5'


def test_create_admin(client, flavors):
    resp = client.post('/v2.1/flavors', {'flavor': {
        'name': 'big', 'ram': 4096, 'vcpus': '2', 'disk': 40,
        'OS-FLV-EXT-DATA:ephemeral': 5, 'swap': 1024, 'rxtx_factor': 2.0,
        'os-flavor-access:is_public': False, 'description': 'd'}},
        version='2.55')
    assert resp.status_int == 200, resp.text
    flavor = resp.json['flavor']
    assert flavor['vcpus'] == 2 and flavor['swap'] == 1024
    assert flavor['os-flavor-access:is_public'] is False
    assert flavor['description'] == 'd'
    assert len(flavor['id']) == 36


def test_create_conflict(client, flavors):
    resp = client.post('/v2.1/flavors', {'flavor': {
        'name': 'dup', 'ram': 1, 'vcpus': 1, 'disk': 0, 'id': '1'}})
    assert resp.status_int == 409
    assert 'conflictingRequest' in resp.json


@pytest.mark.parametrize('flavor', [
    {'ram': 1, 'vcpus': 1, 'disk': 0},
    {'name': 'x', 'ram': 0, 'vcpus': 1, 'disk': 0},
    {'name': 'x', 'ram': '0', 'vcpus': 1, 'disk': 0},
    {'name': 'x', 'ram': 1, 'vcpus': -1, 'disk': 0},
    {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 'a'},
    {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0, 'id': ' bad'},
    {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0, 'rxtx_factor': 0},
    {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0, 'description': 'd'},
    {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0, 'bogus': 1},
])
def test_create_bad_bodies(client, flavors, flavor):
    resp = client.post('/v2.1/flavors', {'flavor': flavor})
    assert resp.status_int == 400, resp.text


def test_manage_forbidden_for_member(client, flavors):
    resp = client.post('/v2.1/flavors', {'flavor': {
        'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0}}, token=MEMBER)
    assert resp.status_int == 403
    assert resp.json['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be "
        "performed.")
    assert client.delete('/v2.1/flavors/1', token=MEMBER).status_int == 403


def test_delete(client, flavors):
    assert client.delete('/v2.1/flavors/2').status_int == 202
    assert client.get('/v2.1/flavors/2').status_int == 404
