"""The identity endpoint served with noauth2: version discovery, and
project look-ups answered with the project named (python-openstackclient
looks projects up before `quota show <project>`, `flavor set --project`)."""
import pytest


@pytest.mark.parametrize('path', ['/identity', '/identity/'])
def test_versions_document(client, path):
    resp = client.get(path, token=None)
    assert resp.status_int == 300
    [version] = resp.json['versions']['values']
    assert version['id'].startswith('v3.')
    assert version['links'][0]['href'] == 'http://localhost/identity/v3/'


def test_v3_document(client):
    resp = client.get('/identity/v3', token=None)
    assert resp.status_int == 200
    assert resp.json['version']['status'] == 'stable'


def test_project_by_id_is_the_project_named(client):
    resp = client.get('/identity/v3/projects/project-a')
    assert resp.status_int == 200
    project = resp.json['project']
    assert (project['id'], project['name'], project['domain_id']) == (
        'project-a', 'project-a', 'default')


def test_project_by_name(client):
    resp = client.get('/identity/v3/projects?name=admin')
    assert resp.status_int == 200
    assert [p['id'] for p in resp.json['projects']] == ['admin']


@pytest.mark.parametrize('method,path', [
    ('GET', '/identity/v3/users/admin'),
    ('GET', '/identity/v3/projects'),
    ('GET', '/identity/v3/domains/default'),
    ('POST', '/identity/v3/projects'),
    ('DELETE', '/identity/v3/projects/admin'),
])
def test_everything_else_is_forbidden(client, method, path):
    resp = client.request(method, path)
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403

