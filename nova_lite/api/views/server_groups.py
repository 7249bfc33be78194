"""os-server-groups bodies: before 2.64 a one-item `policies` list and an
always-empty `metadata`, from 2.64 `policy` and `rules`; project_id and
user_id from 2.13."""
from nova_lite.api import microversion

CHANGES = microversion.Changes({
    'owner': '2.13',            # project_id, user_id
    'soft_policies': '2.15',    # soft-affinity, soft-anti-affinity
    'policy_and_rules': '2.64',
})


def group(raw, changes):
    body = {'id': raw.uuid, 'name': raw.name}
    if 'policy_and_rules' in changes:
        body['policy'] = raw.policy
        body['rules'] = dict(raw.rules or {})
    else:
        body['policies'] = [raw.policy] if raw.policy else []
        body['metadata'] = {}
    body['members'] = list(raw.members or [])
    if 'owner' in changes:
        body['project_id'] = raw.project_id
        body['user_id'] = raw.user_id
    return body
