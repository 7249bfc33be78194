#!/usr/bin/env python3
"""Lay out a Keystone + Glance WORKDIR for tools/start-keystone-glance.sh.

One process instead of a dozen small ones (each costs ~0.2 s on a busy box):
  * WORKDIR/passwords.json: one random password per user, created once and
    then reused, so a WORKDIR keeps working across restarts;
  * fernet and credential key repositories (the layout `keystone-manage
    fernet_setup` / `credential_setup` leave: key 0 staged, key 1 primary,
    each a url-safe base64 encoding of 32 random bytes), created once;
  * configs rendered from the *.in templates next to this file: @NAME@ is
    replaced by the environment variable NAME (GLANCE_PASSWORD is taken from
    passwords.json).
Prints the admin password on stdout (for `keystone-manage bootstrap`).
"""
import base64
import json
import os
import re
import secrets
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
USERS = ['admin', 'nova', 'glance', 'cinder', 'demo', 'demo-reader',
         'demo2']
# template -> path under WORKDIR
TEMPLATES = {
    'keystone.conf.in': 'keystone/keystone.conf',
    'keystone-uwsgi.ini.in': 'keystone/uwsgi.ini',
    'glance-api.conf.in': 'glance/glance-api.conf',
    'glance-uwsgi.ini.in': 'glance/uwsgi.ini',
}

# Only with CINDER_PORT set (tools/start-keystone-glance.sh starts Cinder).
CINDER_TEMPLATES = {
    'cinder.conf.in': 'cinder/cinder.conf',
    'cinder-rootwrap.conf.in': 'cinder/rootwrap.conf',
    'cinder-sudo.in': 'cinder/bin/sudo',
    'cinder-mount.nfs.in': 'cinder/bin/mount.nfs',
}


def cinder_dirs(cinder):
    for d in ('state', 'state/conversion', 'state/locks', 'mnt', 'export',
              'bin'):
        os.makedirs(os.path.join(cinder, d), exist_ok=True)


def write_private(path, text):
    tmp = path + '.tmp'
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


def passwords(workdir):
    path = os.path.join(workdir, 'passwords.json')
    try:
        with open(path) as f:
            pw = json.load(f)
    except (OSError, ValueError):
        pw = {}
    missing = [u for u in USERS if not pw.get(u)]
    if missing:
        for u in missing:
            pw[u] = secrets.token_hex(12)
        write_private(path, json.dumps(pw, indent=2, sort_keys=True) + '\n')
    return pw


def key_repository(path):
    os.makedirs(path, mode=0o700, exist_ok=True)
    if not os.listdir(path):
        for name in ('0', '1'):
            write_private(os.path.join(path, name),
                          base64.urlsafe_b64encode(os.urandom(32)).decode())


def render(src, dst, values):
    with open(src) as f:
        text = f.read()

    def sub(m):
        if m.group(1) not in values:
            raise SystemExit('prepare: @%s@ is not set (in %s)'
                             % (m.group(1), src))
        return values[m.group(1)]
    write_private(dst, re.sub(r'@([A-Z_]+)@', sub, text))


def main():
    workdir, glance_venv = sys.argv[1], sys.argv[2]
    pw = passwords(workdir)
    ks = os.path.join(workdir, 'keystone')
    gl = os.path.join(workdir, 'glance')
    for d in (ks, gl, os.path.join(gl, 'images'), os.path.join(gl, 'staging'),
              os.path.join(gl, 'tasks')):
        os.makedirs(d, exist_ok=True)
    key_repository(os.path.join(ks, 'fernet-keys'))
    key_repository(os.path.join(ks, 'credential-keys'))
    values = dict(os.environ, GLANCE_PASSWORD=pw['glance'],
                  CINDER_PASSWORD=pw['cinder'])
    templates = dict(TEMPLATES)
    if os.environ.get('CINDER_PORT'):
        templates.update(CINDER_TEMPLATES)
        cinder_dirs(os.path.join(workdir, 'cinder'))
    for tpl, out in templates.items():
        render(os.path.join(HERE, tpl), os.path.join(workdir, out), values)
        if out.startswith('cinder/bin/'):
            os.chmod(os.path.join(workdir, out), 0o700)
    shutil.copyfile(
        os.path.join(glance_venv, 'etc', 'glance', 'glance-api-paste.ini'),
        os.path.join(gl, 'glance-api-paste.ini'))
    print(pw['admin'])


if __name__ == '__main__':
    main()
