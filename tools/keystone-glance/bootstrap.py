#!/usr/bin/env python3
"""Populate a fresh (or already populated) Keystone and Glance for nova_lite.

Called by tools/start-keystone-glance.sh after `keystone-manage bootstrap`.
Standard library only (plain REST calls: much faster than one `openstack`
process per object), and get-or-create throughout, so running it twice is
harmless.

Creates:
  projects  service, demo, demo2 (admin comes from keystone-manage bootstrap)
  users     nova, glance   admin + service on project service
            demo           member on demo
            demo-reader    reader on demo
            demo2          member on demo2
  services  compute (nova) -> COMPUTE_URL, image (glance) -> GLANCE_URL,
            network (neutron: nova-lite-network) -> NETWORK_URL,
            placement (nova_lite's read-only view) -> PLACEMENT_URL
            (with --placement-url),
            volumev3 (cinderv3) -> VOLUME_URL (with --volume-url),
            public/internal/admin endpoints in RegionOne
  image     "nova-lite-tiny", public, qcow2/bare, min_ram/min_disk and the
            properties from the image's JSON metadata
Writes WORKDIR/clouds.yaml and WORKDIR/env.json.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

REGION = 'RegionOne'
DOMAIN = 'default'

# name -> (project, [roles])
USERS = {
    'nova': ('service', ['admin', 'service']),
    'glance': ('service', ['admin', 'service']),
    'cinder': ('service', ['admin', 'service']),
    'demo': ('demo', ['member']),
    'demo-reader': ('demo', ['reader']),
    'demo2': ('demo2', ['member']),
}
PROJECTS = ['service', 'demo', 'demo2']
# clouds.yaml entries: cloud name -> (user, project)
CLOUDS = {
    'admin': ('admin', 'admin'),
    'demo': ('demo', 'demo'),
    'demo-reader': ('demo-reader', 'demo'),
    'demo2': ('demo2', 'demo2'),
}


class HTTPError(Exception):
    def __init__(self, method, url, code, body):
        super().__init__('%s %s -> %s: %s' % (method, url, code, body[:500]))
        self.code = code


def request(method, url, token=None, body=None, data=None, headers=None,
            timeout=60):
    hdrs = {'Accept': 'application/json'}
    if token:
        hdrs['X-Auth-Token'] = token
    if body is not None:
        data = json.dumps(body).encode()
        hdrs['Content-Type'] = 'application/json'
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp, (json.loads(raw) if raw.strip() else None)
    except urllib.error.HTTPError as e:
        raise HTTPError(method, url, e.code,
                        e.read().decode(errors='replace')) from None


def get_token(ks, user, password, project):
    resp, body = request('POST', ks + '/v3/auth/tokens', body={'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': DOMAIN}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'id': DOMAIN}}}}})
    return resp.headers['X-Subject-Token'], body['token']


class Keystone:
    def __init__(self, url, token):
        self.url = url + '/v3'
        self.token = token

    def call(self, method, path, body=None):
        return request(method, self.url + path, self.token, body)[1]

    def find(self, collection, **query):
        qs = '&'.join('%s=%s' % (k, urllib.request.quote(str(v)))
                      for k, v in query.items())
        items = self.call('GET', '/%s?%s' % (collection, qs))[collection]
        return items[0] if items else None

    def project(self, name):
        p = self.find('projects', name=name, domain_id=DOMAIN)
        if p is None:
            p = self.call('POST', '/projects', {'project': {
                'name': name, 'domain_id': DOMAIN,
                'description': 'nova_lite test project %s' % name}})['project']
        return p

    def user(self, name, password, project_id):
        u = self.find('users', name=name, domain_id=DOMAIN)
        if u is None:
            u = self.call('POST', '/users', {'user': {
                'name': name, 'domain_id': DOMAIN, 'password': password,
                'default_project_id': project_id, 'enabled': True}})['user']
        elif not self.password_works(name, password):
            # Keep the password in step with WORKDIR/passwords.json. Only
            # when it differs: a password change revokes the user's tokens,
            # including new ones issued within the same second (a running
            # Glance would then reject every request for a moment).
            u = self.call('PATCH', '/users/%s' % u['id'], {'user': {
                'password': password, 'enabled': True}})['user']
        return u

    def password_works(self, name, password):
        try:
            request('POST', self.url + '/auth/tokens', body={'auth': {
                'identity': {'methods': ['password'], 'password': {'user': {
                    'name': name, 'domain': {'id': DOMAIN},
                    'password': password}}}}})
            return True
        except HTTPError as e:
            if e.code == 401:
                return False
            raise

    def role_id(self, name):
        r = self.find('roles', name=name)
        if r is None:
            r = self.call('POST', '/roles', {'role': {'name': name}})['role']
        return r['id']

    def grant(self, project_id, user_id, role_id):
        self.call('PUT', '/projects/%s/users/%s/roles/%s'
                  % (project_id, user_id, role_id))

    def service(self, type_, name, description):
        s = self.find('services', type=type_)
        if s is None:
            s = self.call('POST', '/services', {'service': {
                'type': type_, 'name': name, 'description': description,
                'enabled': True}})['service']
        return s

    def endpoints(self, service_id, url):
        out = {}
        for iface in ('public', 'internal', 'admin'):
            e = self.find('endpoints', service_id=service_id,
                          interface=iface, region_id=REGION)
            if e is None:
                e = self.call('POST', '/endpoints', {'endpoint': {
                    'service_id': service_id, 'interface': iface,
                    'region_id': REGION, 'url': url,
                    'enabled': True}})['endpoint']
            elif e['url'] != url:
                e = self.call('PATCH', '/endpoints/%s' % e['id'], {
                    'endpoint': {'url': url}})['endpoint']
            out[iface] = e['id']
        return out


def ensure_image(glance, token, path, meta):
    """Upload `path` as public image meta['name'] unless an active image with
    that name and checksum is already there."""
    name = meta['name']
    _, body = request('GET', glance + '/v2/images?name=%s' %
                      urllib.request.quote(name), token)
    keep = None
    for img in body['images']:
        if (keep is None and img['status'] == 'active'
                and img.get('os_hash_value') == meta.get('os_hash_value')
                and img.get('visibility') == 'public'):
            keep = img
        else:
            # a stale or half-uploaded copy from an earlier run: drop it
            if img.get('protected'):
                request('PATCH', glance + '/v2/images/%s' % img['id'], token,
                        data=json.dumps([{'op': 'replace', 'path':
                                          '/protected', 'value': False}]
                                        ).encode(),
                        headers={'Content-Type':
                                 'application/openstack-images-v2.1-json-patch'})
            request('DELETE', glance + '/v2/images/%s' % img['id'], token)
    if keep:
        return keep
    create = {
        'name': name,
        'disk_format': meta.get('disk_format', 'qcow2'),
        'container_format': meta.get('container_format', 'bare'),
        'visibility': 'public',
        'min_ram': int(meta.get('min_ram', 0)),
        'min_disk': int(meta.get('min_disk', 0)),
    }
    for k, v in (meta.get('properties') or {}).items():
        create[k] = str(v)
    _, img = request('POST', glance + '/v2/images', token, body=create)
    size = os.path.getsize(path)
    with open(path, 'rb') as f:
        request('PUT', glance + '/v2/images/%s/file' % img['id'], token,
                data=f, headers={'Content-Type': 'application/octet-stream',
                                 'Content-Length': str(size)}, timeout=300)
    deadline = time.time() + 120
    while True:
        _, img = request('GET', glance + '/v2/images/%s' % img['id'], token)
        if img['status'] == 'active':
            break
        if img['status'] in ('killed', 'deleted') or time.time() > deadline:
            raise SystemExit('image upload ended in status %s' % img['status'])
        time.sleep(0.2)
    if meta.get('os_hash_value') and img.get('os_hash_value') != \
            meta['os_hash_value']:
        raise SystemExit('uploaded image hash differs from %s metadata' % path)
    return img


def yaml_str(s):
    return json.dumps(s)   # a JSON string is a valid YAML scalar


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--passwords', required=True)
    ap.add_argument('--keystone-url', required=True)
    ap.add_argument('--glance-url', required=True)
    ap.add_argument('--compute-url', required=True)
    ap.add_argument('--network-url', default='',
                    help='nova-lite-network endpoint (none: not in the '
                         'catalog)')
    ap.add_argument('--placement-url', default='',
                    help="the Placement API nova-lite-api serves under "
                         "/placement (none: not in the catalog)")
    ap.add_argument('--volume-url', default='',
                    help='Cinder v3 endpoint, with %%(project_id)s (none: '
                         'not in the catalog)')
    ap.add_argument('--cinder-json', default='',
                    help='a JSON file of Cinder facts for env.json')
    ap.add_argument('--image', required=True)
    ap.add_argument('--image-meta', required=True)
    ap.add_argument('--keystone-venv', default='')
    ap.add_argument('--glance-venv', default='')
    a = ap.parse_args()
    t0 = time.time()

    with open(a.passwords) as f:
        passwords = json.load(f)
    ks_url, gl_url = a.keystone_url.rstrip('/'), a.glance_url.rstrip('/')
    auth_url = ks_url + '/v3'

    admin_token, admin_tok_body = get_token(ks_url, 'admin',
                                            passwords['admin'], 'admin')
    ks = Keystone(ks_url, admin_token)

    projects = {'admin': admin_tok_body['project']['id']}
    for name in PROJECTS:
        projects[name] = ks.project(name)['id']

    role_ids = {r: ks.role_id(r) for r in
                ('admin', 'member', 'reader', 'service', 'manager')}
    users = {'admin': {
        'id': admin_tok_body['user']['id'], 'password': passwords['admin'],
        'project': 'admin', 'project_id': projects['admin'],
        'roles': ['admin']}}
    for name, (project, roles) in USERS.items():
        u = ks.user(name, passwords[name], projects[project])
        for r in roles:
            ks.grant(projects[project], u['id'], role_ids[r])
        users[name] = {'id': u['id'], 'password': passwords[name],
                       'project': project, 'project_id': projects[project],
                       'roles': roles}

    services = {}
    catalog = [('compute', 'nova', 'nova_lite Compute Service', a.compute_url),
               ('image', 'glance', 'Glance Image Service', gl_url)]
    if a.network_url:
        catalog.append(('network', 'neutron', 'nova_lite Network Service',
                        a.network_url.rstrip('/')))
    if a.placement_url:
        catalog.append(('placement', 'placement', 'Placement Service',
                        a.placement_url.rstrip('/')))
    if a.volume_url:
        catalog.append(('volumev3', 'cinderv3', 'Cinder Volume Service v3',
                        a.volume_url.rstrip('/')))
    for type_, name, desc, url in catalog:
        s = ks.service(type_, name, desc)
        services[type_] = {'id': s['id'], 'name': s['name'], 'url': url,
                           'endpoints': ks.endpoints(s['id'], url)}
    ident = ks.find('services', type='identity')
    services['identity'] = {'id': ident['id'], 'name': ident['name'],
                            'url': auth_url}

    with open(a.image_meta) as f:
        meta = json.load(f)
    img = ensure_image(gl_url, admin_token, a.image, meta)

    clouds = ['# Written by tools/start-keystone-glance.sh', 'clouds:']
    for cloud, (user, project) in CLOUDS.items():
        clouds += [
            '  %s:' % cloud,
            '    auth_type: password',
            '    auth:',
            '      auth_url: %s' % yaml_str(auth_url),
            '      username: %s' % yaml_str(user),
            '      password: %s' % yaml_str(passwords[user]),
            '      project_name: %s' % yaml_str(project),
            '      user_domain_name: Default',
            '      project_domain_name: Default',
            '    region_name: %s' % REGION,
            '    interface: public',
            '    identity_api_version: 3',
        ]
    clouds_path = os.path.join(a.workdir, 'clouds.yaml')
    with open(clouds_path + '.tmp', 'w') as f:
        f.write('\n'.join(clouds) + '\n')
    os.chmod(clouds_path + '.tmp', 0o600)
    os.replace(clouds_path + '.tmp', clouds_path)

    wd = a.workdir
    env = {
        'workdir': wd,
        'region': REGION,
        'auth_url': auth_url,
        'keystone_url': ks_url,
        'glance_url': gl_url,
        'compute_url': a.compute_url,
        'network_url': a.network_url.rstrip('/') or None,
        'placement_url': a.placement_url.rstrip('/') or None,
        'clouds_yaml': clouds_path,
        'projects': projects,
        'roles': role_ids,
        'users': users,
        'services': services,
        'image': {'id': img['id'], 'name': img['name'],
                  'checksum': img.get('checksum'),
                  'os_hash_value': img.get('os_hash_value'),
                  'size': img.get('size'), 'min_ram': img.get('min_ram'),
                  'min_disk': img.get('min_disk')},
        # ready to paste into nova-lite.conf's [keystone_authtoken]
        'keystone_authtoken': {
            'www_authenticate_uri': auth_url, 'auth_url': auth_url,
            'auth_type': 'password', 'username': 'nova',
            'password': passwords['nova'], 'project_name': 'service',
            'user_domain_name': 'Default', 'project_domain_name': 'Default',
            'service_token_roles_required': 'true'},
        # and into [service_user]: nova's token sent along with the user's
        # on calls to Glance made on the user's behalf
        'service_user': {
            'send_service_user_token': 'true', 'auth_url': auth_url,
            'auth_type': 'password', 'username': 'nova',
            'password': passwords['nova'], 'project_name': 'service',
            'user_domain_name': 'Default', 'project_domain_name': 'Default'},
        'keystone': {
            'venv': a.keystone_venv,
            'config': os.path.join(wd, 'keystone', 'keystone.conf'),
            'pidfile': os.path.join(wd, 'keystone', 'keystone.pid'),
            'log': os.path.join(wd, 'keystone', 'uwsgi.log')},
        'glance': {
            'venv': a.glance_venv,
            'config': os.path.join(wd, 'glance', 'glance-api.conf'),
            'pidfile': os.path.join(wd, 'glance', 'glance.pid'),
            'log': os.path.join(wd, 'glance', 'uwsgi.log')},
    }
    if a.cinder_json:
        with open(a.cinder_json) as f:
            env['cinder'] = json.load(f)
        env['volume_url'] = a.volume_url.rstrip('/')
    else:
        env['cinder'] = env['volume_url'] = None
    env_path = os.path.join(wd, 'env.json')
    with open(env_path + '.tmp', 'w') as f:
        json.dump(env, f, indent=2, sort_keys=True)
        f.write('\n')
    os.chmod(env_path + '.tmp', 0o600)
    os.replace(env_path + '.tmp', env_path)
    print('bootstrap: done in %.1f s (image %s)' % (time.time() - t0,
                                                    img['id']),
          file=sys.stderr)


if __name__ == '__main__':
    main()
