"""Policy names and defaults of quotas, limits, usage, flavor access and
extra specs match Nova's."""
import pytest

from nova_lite import context
from nova_lite import policies
from nova_lite import policy
from tests.unit.test_policy import conf  # noqa: F401 - fixture

ADMIN = context.RequestContext(user_id='a', project_id='a',
                               roles=['admin', 'member', 'reader'],
                               overwrite=False)
MEMBER = context.RequestContext(user_id='u', project_id='p1',
                                roles=['member', 'reader'], overwrite=False)


def test_names_exist():
    names = {r.name for r in policies.list_rules()}
    for name in ('os_compute_api:os-quota-sets:show',
                 'os_compute_api:os-quota-sets:update',
                 'os_compute_api:os-quota-sets:defaults',
                 'os_compute_api:os-quota-sets:delete',
                 'os_compute_api:os-quota-sets:detail',
                 'os_compute_api:os-quota-class-sets:show',
                 'os_compute_api:os-quota-class-sets:update',
                 'os_compute_api:limits',
                 'os_compute_api:limits:other_project',
                 'os_compute_api:os-simple-tenant-usage:list',
                 'os_compute_api:os-simple-tenant-usage:show',
                 'os_compute_api:os-flavor-access:add_tenant_access',
                 'os_compute_api:os-flavor-access:remove_tenant_access',
                 'os_compute_api:os-flavor-extra-specs:show',
                 'os_compute_api:os-flavor-extra-specs:create',
                 'os_compute_api:os-flavor-extra-specs:update',
                 'os_compute_api:os-flavor-extra-specs:delete'):
        assert name in names


@pytest.mark.parametrize('ctx,action,target,allowed', [
    (MEMBER, 'os_compute_api:os-quota-sets:show', {'project_id': 'p1'},
     True),
    (MEMBER, 'os_compute_api:os-quota-sets:show', {'project_id': 'p2'},
     False),
    (MEMBER, 'os_compute_api:os-quota-sets:defaults', {'project_id': 'p2'},
     True),
    (MEMBER, 'os_compute_api:os-quota-sets:update', {'project_id': 'p1'},
     False),
    (ADMIN, 'os_compute_api:os-quota-sets:update', {'project_id': 'p1'},
     True),
    (MEMBER, 'os_compute_api:limits', {'project_id': 'p1'}, True),
    (MEMBER, 'os_compute_api:limits:other_project', {'project_id': 'p1'},
     False),
    (MEMBER, 'os_compute_api:os-simple-tenant-usage:show',
     {'project_id': 'p1'}, True),
    (MEMBER, 'os_compute_api:os-simple-tenant-usage:list',
     {'project_id': 'p1'}, False),
    (MEMBER, 'os_compute_api:os-flavor-extra-specs:create', {}, False),
    (ADMIN, 'os_compute_api:os-flavor-access:add_tenant_access', {}, True),
])
def test_defaults(conf, ctx, action, target, allowed):  # noqa: F811
    assert policy.authorize(ctx, action, target, fatal=False) is allowed
