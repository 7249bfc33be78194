"""Policy defaults, personas and file overrides."""
from oslo_config import cfg
import pytest

from nova_lite import context
from nova_lite import exception
from nova_lite import policies
from nova_lite import policy


@pytest.fixture
def conf(tmp_path):
    conf = cfg.ConfigOpts()
    conf([], project='nova-lite', default_config_files=[])
    policy.reset()
    policy.init(conf)
    yield conf
    policy.reset()


def _ctx(user, project, roles):
    return context.RequestContext(user_id=user, project_id=project,
                                  roles=roles, overwrite=False)


ADMIN = _ctx('admin', 'admin', ['admin', 'member', 'reader'])
MEMBER = _ctx('u1', 'p1', ['member', 'reader'])
READER = _ctx('u2', 'p1', ['reader'])


def test_rule_names_match_nova():
    names = {r.name for r in policies.list_rules()}
    for name in ('os_compute_api:servers:index',
                 'os_compute_api:servers:detail',
                 'os_compute_api:servers:show',
                 'os_compute_api:servers:create',
                 'os_compute_api:servers:update',
                 'os_compute_api:servers:delete',
                 'os_compute_api:servers:reboot',
                 'os_compute_api:servers:start',
                 'os_compute_api:servers:stop',
                 'os_compute_api:servers:index:get_all_tenants',
                 'os_compute_api:servers:detail:get_all_tenants',
                 'os_compute_api:os-console-output',
                 'os_compute_api:os-flavor-manage:create',
                 'os_compute_api:os-flavor-manage:delete',
                 'os_compute_api:os-services:list',
                 'os_compute_api:os-hypervisors:list',
                 'os_compute_api:os-hypervisors:list-detail',
                 'os_compute_api:os-hypervisors:show',
                 'os_compute_api:os-extended-server-attributes',
                 'os_compute_api:os-hosts:list',
                 'os_compute_api:os-hosts:show',
                 'os_compute_api:os-hosts:update',
                 'os_compute_api:os-hosts:start',
                 'os_compute_api:os-hosts:shutdown',
                 'os_compute_api:os-hosts:reboot'):
        assert name in names
    assert len(names) == len(policies.list_rules())


@pytest.mark.parametrize('ctx,action,target,allowed', [
    (MEMBER, 'os_compute_api:servers:create', {'project_id': 'p1'}, True),
    (READER, 'os_compute_api:servers:create', {'project_id': 'p1'}, False),
    (READER, 'os_compute_api:servers:show', {'project_id': 'p1'}, True),
    (MEMBER, 'os_compute_api:servers:show', {'project_id': 'p2'}, False),
    (ADMIN, 'os_compute_api:servers:show', {'project_id': 'p2'}, True),
    (MEMBER, 'os_compute_api:os-services:list', {}, False),
    (ADMIN, 'os_compute_api:os-services:list', {}, True),
    (MEMBER, 'os_compute_api:os-hypervisors:list', {}, False),
    (MEMBER, 'os_compute_api:os-hosts:update', {}, False),
    (ADMIN, 'os_compute_api:os-hosts:update', {}, True),
])
def test_personas(conf, ctx, action, target, allowed):
    assert policy.authorize(ctx, action, target, fatal=False) is allowed


def test_denied_raises_403_with_nova_message(conf):
    with pytest.raises(exception.PolicyNotAuthorized) as err:
        MEMBER.can('os_compute_api:os-flavor-manage:create', {})
    assert err.value.code == 403
    assert err.value.format_message() == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be "
        "performed.")


def test_policy_file_overrides_defaults(tmp_path):
    path = tmp_path / 'policy.yaml'
    path.write_text('"os_compute_api:os-services:list": "role:member"\n')
    conf = cfg.ConfigOpts()
    conf([], project='nova-lite', default_config_files=[])
    policy.reset()
    try:
        policy.init(conf, policy_file=str(path))
        assert policy.authorize(MEMBER, 'os_compute_api:os-services:list',
                                {}, fatal=False)
        assert not policy.authorize(
            MEMBER, 'os_compute_api:os-hypervisors:list', {}, fatal=False)
    finally:
        policy.reset()
