#!/usr/bin/env python3
"""Wait until the Cinder of a WORKDIR serves volumes: its API answers with
the admin token and its cinder-volume service (the nfs1 backend) reports
"up". Called by tools/start-keystone-glance.sh after bootstrap.py.

Usage: cinder_ready.py ENV_JSON TIMEOUT_SECONDS
"""
import json
import sys
import time

import bootstrap


def main():
    env_path, timeout = sys.argv[1], float(sys.argv[2])
    with open(env_path) as f:
        env = json.load(f)
    admin = env['users']['admin']
    url = env['volume_url'] % {'project_id': env['projects']['admin']}
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            token, _ = bootstrap.get_token(env['keystone_url'], 'admin',
                                           admin['password'], 'admin')
            _, body = bootstrap.request(
                'GET', url + '/os-services?binary=cinder-volume', token)
            states = [(s['host'], s['state'], s['status'])
                      for s in body['services']]
            # The service reports "up" even when its driver failed to
            # initialise: wait for the backend's pool too.
            _, pools = bootstrap.request(
                'GET', url + '/scheduler-stats/get_pools?detail=true', token)
            ready = [p['name'] for p in pools.get('pools', [])
                     if (p.get('capabilities') or {}).get('total_capacity_gb')
                     not in (None, 0, 'unknown')]
            if ready and any(state == 'up' and status == 'enabled'
                             for _h, state, status in states):
                return 0
            last = 'cinder-volume services: %s, pools ready: %s' % (
                states, ready)
        except Exception as e:     # not up yet: keep asking
            last = str(e)
        time.sleep(0.5)
    print('cinder_ready: not ready within %ss: %s' % (timeout, last),
          file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main())
