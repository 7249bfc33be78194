"""At start-up a compute destroys the guests of instances deleted or moved
away while it was down, and leaves alone guests no instance record knows
(another cloud on the same hypervisor)."""
from unittest import mock

from nova_lite.compute import manager as compute_manager
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

objects.register_all()

OWNED, DELETED, MOVED, RESIZED, FOREIGN = (
    '00000000-0000-0000-0000-00000000000%d' % i for i in range(1, 6))


def _record(uuid, deleted=False, host='other', vm_state=vm_states.ACTIVE):
    return mock.Mock(uuid=uuid, deleted=deleted, host=host,
                     vm_state=vm_state)


RECORDS = {
    DELETED: _record(DELETED, deleted=True, host='cmp1'),
    MOVED: _record(MOVED),
    RESIZED: _record(RESIZED, vm_state=vm_states.RESIZED),
}


def _get_by_uuid(context, uuid):
    assert context.read_deleted == 'yes'
    if uuid not in RECORDS:
        raise exception.InstanceNotFound(instance_id=uuid)
    return RECORDS[uuid]


def test_reaps_deleted_and_moved_guests_only():
    manager = compute_manager.ComputeManager.__new__(
        compute_manager.ComputeManager)
    manager.host = 'cmp1'
    manager.driver = mock.Mock()
    manager.driver.list_instance_uuids.return_value = [
        OWNED, DELETED, MOVED, RESIZED, FOREIGN]
    with mock.patch.object(compute_manager.objects.Instance, 'get_by_uuid',
                           side_effect=_get_by_uuid):
        manager._reap_orphan_guests(mock.Mock(), {OWNED})
    destroyed = [call.args[1].uuid
                 for call in manager.driver.destroy.call_args_list]
    assert destroyed == [DELETED, MOVED]
