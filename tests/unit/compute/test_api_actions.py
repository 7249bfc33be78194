"""The state rules of the server actions in compute/actions/api.py."""
from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

objects.register_all()


class FakeInstance(object):
    def __init__(self, **kw):
        self.uuid = 'b9f2c7f4-2a55-4a3e-8d3c-6a4f7ad1c0aa'
        self.project_id = 'p1'
        self.user_id = 'u1'
        self.vm_state = vm_states.ACTIVE
        self.task_state = None
        self.power_state = 1
        self.host = 'fc1'
        self.locked = False
        self.locked_by = None
        self.metadata = {}
        self.system_metadata = {}
        self.__dict__.update(kw)
        self.saved = 0

    def save(self, **kw):
        self.saved += 1


def _ctx(project='p1', admin=False):
    return nl_context.RequestContext(user_id='u', project_id=project,
                                     is_admin=admin)


@pytest.fixture
def api():
    api = compute_api.API()
    api._compute_rpcapi = mock.Mock()
    with mock.patch('nova_lite.compute.utils.start_action'), \
            mock.patch('nova_lite.compute.utils.ActionEvent'), \
            mock.patch('nova_lite.objects.InstanceAction.action_finish'):
        yield api


def test_lock_by_owner_and_admin(api):
    inst = FakeInstance()
    api.lock(_ctx(), inst, reason='why')
    assert (inst.locked, inst.locked_by, inst.locked_reason) == \
        (True, 'owner', 'why')
    assert api.is_expected_locked_by(_ctx(), inst)
    assert not api.is_expected_locked_by(_ctx('other', admin=True), inst)
    api.lock(_ctx('other', admin=True), inst)
    assert inst.locked_by == 'admin'
    assert not api.is_expected_locked_by(_ctx(), inst)
    api.unlock(_ctx('other', admin=True), inst)
    assert (inst.locked, inst.locked_by, inst.locked_reason) == \
        (False, None, None)


@pytest.mark.parametrize('vm_state', [vm_states.PAUSED,
                                      vm_states.SUSPENDED,
                                      vm_states.RESCUED])
def test_rescue_refused(api, vm_state):
    with pytest.raises(exception.InstanceInvalidState):
        api.rescue(_ctx(), FakeInstance(vm_state=vm_state), 'pw')


def test_rescue_locked(api):
    with pytest.raises(exception.InstanceIsLocked):
        api.rescue(_ctx(), FakeInstance(locked=True), 'pw')


def test_unrescue_needs_rescued(api):
    with pytest.raises(exception.InstanceInvalidState):
        api.unrescue(_ctx(), FakeInstance())


def test_crash_dump_needs_running(api):
    with pytest.raises(exception.InstanceNotRunning):
        api.trigger_crash_dump(_ctx(), FakeInstance(power_state=4))
    with pytest.raises(exception.InstanceInvalidState):
        api.trigger_crash_dump(_ctx(), FakeInstance(
            vm_state=vm_states.STOPPED))
    api.trigger_crash_dump(_ctx(), FakeInstance())
    api.compute_rpcapi.trigger_crash_dump.assert_called_once()


def test_restore_needs_soft_deleted(api):
    with pytest.raises(exception.InstanceInvalidState):
        api.restore(_ctx(), FakeInstance())


def test_reset_state(api):
    inst = FakeInstance(task_state='rebooting')
    api.reset_state(_ctx(admin=True), inst, vm_states.ERROR)
    assert (inst.vm_state, inst.task_state) == (vm_states.ERROR, None)


def test_metadata_merge_replace_and_states(api):
    inst = FakeInstance(metadata={'a': '1'})
    assert api.update_instance_metadata(_ctx(), inst, {'b': '2'}) == \
        {'a': '1', 'b': '2'}
    assert api.update_instance_metadata(_ctx(), inst, {'c': '3'},
                                        delete=True) == {'c': '3'}
    api.delete_instance_metadata(_ctx(), inst, 'c')
    assert inst.metadata == {}
    with pytest.raises(exception.InstanceInvalidState):
        api.update_instance_metadata(
            _ctx(), FakeInstance(vm_state=vm_states.ERROR), {'a': '1'})
    with pytest.raises(exception.InstanceInvalidState):
        api.delete_instance_metadata(
            _ctx(), FakeInstance(task_state='rebooting'), 'a')


def test_metadata_quota(api):
    inst = FakeInstance()
    with pytest.raises(exception.OverQuota):
        api.update_instance_metadata(
            _ctx(), inst, {str(i): 'x' for i in range(129)})


def test_password_chunks(api):
    inst = FakeInstance(system_metadata={'password_0': 'ab',
                                         'password_1': 'cd'})
    assert api.get_password(inst) == 'abcd'
    api.clear_password(_ctx(), inst)
    assert api.get_password(inst) == ''


def test_diagnostics_need_a_host(api):
    with pytest.raises(exception.InstanceNotReady):
        api.get_diagnostics(_ctx(), FakeInstance(host=None))


def test_soft_delete_only_with_reclaim_interval(api):
    inst = FakeInstance(launched_at='x')
    with mock.patch.object(api.deletes, 'delete') as delete:
        api.soft_delete_or_delete(_ctx(), inst)
    delete.assert_called_once()
