#!/usr/bin/env python3
"""Write Horizon's local_settings.py for one WORKDIR of tools/start-horizon.sh.

Usage: prepare.py WORKDIR STATIC_ROOT WEBROOT PORT

Reads WORKDIR/env.json (written by tools/start-keystone-glance.sh) for the
Keystone URL and region, and writes WORKDIR/horizon/conf/local/
local_settings.py. The conf directory goes first on Horizon's PYTHONPATH:
Horizon imports `local.local_settings` after its own defaults and before it
derives the settings that depend on them (LOGIN_URL, STATIC_URL from
WEBROOT ...), so this file is Horizon's own local_settings, kept out of the
shared virtualenv. The secret key is made once per WORKDIR and kept.
"""
import json
import os
import secrets
import sys

SETTINGS = '''\
# Written by tools/start-horizon.sh for {workdir}; rewritten on each start.
DEBUG = False
WEBROOT = {webroot!r}
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = {secret_key!r}
TIME_ZONE = 'UTC'

OPENSTACK_HOST = '127.0.0.1'
OPENSTACK_KEYSTONE_URL = {auth_url!r}
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
OPENSTACK_API_VERSIONS = {{
    'identity': 3,
    'image': 2,
    'volume': 3,
    'compute': 2,
}}
OPENSTACK_ENDPOINT_TYPE = 'publicURL'

# Nothing else runs for Horizon: the session lives in a signed cookie.
# Keystone's fernet tokens are ~200 bytes, so a session (the scoped and
# unscoped token ids, the user, the catalog) stays far below the 4093
# bytes at which browsers drop a cookie; multi-domain support is off (it
# would add a domain-scoped token that openstack_auth refuses to put into
# a cookie).
SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT = False
CACHES = {{'default': {{
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}}}

# Static files: collected and compressed once per venv and WEBROOT by the
# start script (Horizon's templates are compressed offline), served by
# WhiteNoise inside the WSGI application (tools/horizon/horizon_wsgi.py).
STATIC_ROOT = {static_root!r}
COMPRESS_OFFLINE = True

# nova_lite's network service is a Neutron v2.0 subset without routers,
# floating IPs or distributed/HA routing.
OPENSTACK_NEUTRON_NETWORK = {{
    'enable_router': False,
    'enable_quotas': True,
    'enable_ipv6': False,
    'enable_distributed_router': False,
    'enable_ha_router': False,
    'enable_fip_topology_check': False,
}}
'''


def secret_key(path):
    if not os.path.exists(path):
        with open(path + '.tmp', 'w') as f:
            f.write(secrets.token_urlsafe(48))
        os.chmod(path + '.tmp', 0o600)
        os.replace(path + '.tmp', path)
    with open(path) as f:
        return f.read().strip()


def main(workdir, static_root, webroot, port):
    with open(os.path.join(workdir, 'env.json')) as f:
        env = json.load(f)
    base = os.path.join(workdir, 'horizon')
    local = os.path.join(base, 'conf', 'local')
    os.makedirs(local, exist_ok=True)
    open(os.path.join(local, '__init__.py'), 'a').close()
    text = SETTINGS.format(
        workdir=workdir, webroot=webroot, auth_url=env['auth_url'],
        secret_key=secret_key(os.path.join(base, 'secret_key')),
        static_root=static_root)
    path = os.path.join(local, 'local_settings.py')
    with open(path + '.tmp', 'w') as f:
        f.write(text)
    os.chmod(path + '.tmp', 0o600)
    os.replace(path + '.tmp', path)
    url = 'http://127.0.0.1:%s%s' % (port, webroot)
    print(url)


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
