"""Snapshots and backups in the compute API (image metadata, states) and
the compute manager (task_state steps, failure, rotation), with the
embedded image store and a recording driver."""
from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import host_operations
from nova_lite.compute.snapshot import manager as snapshot_manager
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite.image import local
from nova_lite import objects
from tests.unit.compute import test_api_actions

objects.register_all()

BASE_ID = '0f1e2d3c-4b5a-4968-8776-655443322110'


class FakeInstance(test_api_actions.FakeInstance):
    """Records each save with its expected_task_state and refuses one
    whose expectation the previous saved task_state does not meet."""

    def __init__(self, **kw):
        kw.setdefault('image_ref', BASE_ID)
        kw.setdefault('flavor', mock.Mock(root_gb=5))
        super().__init__(**kw)
        self.saves = []
        self.saved_task_state = self.task_state

    def save(self, expected_task_state=None, **kw):
        if expected_task_state is not None and \
                self.saved_task_state not in expected_task_state:
            raise exception.UnexpectedTaskStateError(
                instance_uuid=self.uuid, expected=expected_task_state,
                actual={'task_state': self.saved_task_state})
        self.saves.append((self.task_state, expected_task_state))
        self.saved_task_state = self.task_state


def _ctx(project='p1', admin=False):
    return nl_context.RequestContext(user_id='u1', project_id=project,
                                     is_admin=admin)


@pytest.fixture
def images(tmp_path):
    api = image_api.API(backend=local.LocalImageStore(str(tmp_path)))
    src = tmp_path / 'base.img'
    src.write_bytes(b'base')
    api.add_image_from_file(
        str(src), image_id=BASE_ID, name='base', disk_format='qcow2',
        min_ram=64, min_disk=1, properties={
            'hw_disk_bus': 'virtio', 'img_signature': 'sig',
            'os_glance_importing_to_stores': 'x', 'cache_in_nova': 'true'})
    return api


@pytest.fixture
def api(images):
    api = compute_api.API()
    api._compute_rpcapi = mock.Mock()
    api._image_api = images
    with mock.patch('nova_lite.compute.utils.start_action') as start:
        api.started = start
        yield api


def test_snapshot_creates_the_image_record_first(api, images):
    inst = FakeInstance()
    image = api.snapshot(_ctx(), inst, 'snap', {'purpose': 'x'})
    assert image['status'] == 'queued'
    assert image['visibility'] == 'private' and image['owner'] == 'p1'
    assert (image['min_ram'], image['min_disk']) == (64, 5)
    assert image['disk_format'] is None
    assert (image['image_type'], image['instance_uuid'], image['user_id'],
            image['base_image_ref'], image['purpose']) == (
        'snapshot', inst.uuid, 'u1', BASE_ID, 'x')
    assert image['hw_disk_bus'] == 'virtio'
    for key in ('img_signature', 'os_glance_importing_to_stores',
                'cache_in_nova'):
        assert key not in image
    assert inst.task_state == task_states.IMAGE_SNAPSHOT_PENDING
    assert inst.saves == [(task_states.IMAGE_SNAPSHOT_PENDING, [None])]
    api.started.assert_called_once_with(mock.ANY, inst, 'createImage')
    api.compute_rpcapi.snapshot_instance.assert_called_once_with(
        mock.ANY, inst, image['id'])


def test_admin_snapshot_is_shared_with_the_owner(api, images):
    image = api.snapshot(_ctx('admin', admin=True), FakeInstance(), 'snap')
    assert image['visibility'] == 'shared'
    assert image['owner'] == 'admin' and image['instance_owner'] == 'p1'
    assert images.get(_ctx(), image['id'])['id'] == image['id']


def test_backup_keeps_formats_and_records_backup_type(api):
    inst = FakeInstance(vm_state=vm_states.STOPPED)
    image = api.backup(_ctx(), inst, 'nightly', 'daily', 2)
    assert (image['image_type'], image['backup_type']) == ('backup',
                                                           'daily')
    assert image['disk_format'] == 'qcow2'
    assert inst.task_state == task_states.IMAGE_BACKUP
    api.started.assert_called_once_with(mock.ANY, inst, 'createBackup')
    api.compute_rpcapi.backup_instance.assert_called_once_with(
        mock.ANY, inst, image['id'], 'daily', 2)


@pytest.mark.parametrize('method,vm_state,task_state', [
    ('snapshot', vm_states.RESCUED, None),
    ('snapshot', vm_states.ERROR, None),
    ('snapshot', vm_states.ACTIVE, task_states.REBOOTING),
    ('backup', vm_states.PAUSED, None),
    ('backup', vm_states.SUSPENDED, None),
])
def test_refused_states_create_no_image(api, images, method, vm_state,
                                        task_state):
    inst = FakeInstance(vm_state=vm_state, task_state=task_state)
    args = ('daily', 1) if method == 'backup' else ()
    with pytest.raises(exception.InstanceInvalidState):
        getattr(api, method)(_ctx(), inst, 'snap', *args)
    assert [i['name'] for i in images.list(_ctx())] == ['base']


def test_a_race_deletes_the_queued_image(api, images):
    inst = FakeInstance()
    inst.saved_task_state = task_states.DELETING
    with pytest.raises(exception.InstanceInvalidState) as err:
        api.snapshot(_ctx(), inst, 'snap')
    assert 'task_state deleting' in str(err.value)
    assert [i['name'] for i in images.list(_ctx())] == ['base']


# -- compute manager ----------------------------------------------------------

class RecordingDriver(object):
    def __init__(self, images, fail=False):
        self.images = images
        self.fail = fail
        self.steps = []

    def snapshot(self, context, instance, image_id, update_task_state):
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        self.steps.append(instance.task_state)
        if self.fail:
            raise RuntimeError('qemu-img failed')
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        self.steps.append(instance.task_state)
        self.images.upload(context, image_id, iter([b'disk']))


class Guests(host_operations.HostGuests):
    def power_state(self, instance):
        return 1


def Manager(driver, images):
    return snapshot_manager.SnapshotManager(Guests('fc1', driver), images)


@pytest.fixture
def manager_env(images):
    with mock.patch('nova_lite.compute.utils.ActionEvent'), \
            mock.patch('nova_lite.compute.utils.'
                       'add_instance_fault_from_exc') as fault, \
            mock.patch('nova_lite.notifications.'
                       'notify_about_instance_snapshot') as notify:
        yield fault, notify


def test_snapshot_task_state_steps(images, manager_env):
    _, notify = manager_env
    driver = RecordingDriver(images)
    image = images.create(_ctx(), {'name': 's'})
    inst = FakeInstance(task_state=task_states.IMAGE_SNAPSHOT_PENDING)
    Manager(driver, images).snapshot_instance(_ctx(), inst, image['id'])
    assert driver.steps == [task_states.IMAGE_PENDING_UPLOAD,
                            task_states.IMAGE_UPLOADING]
    assert [s for s in inst.saves if s[1]] == [
        (task_states.IMAGE_SNAPSHOT, [task_states.IMAGE_SNAPSHOT_PENDING]),
        (task_states.IMAGE_PENDING_UPLOAD, [task_states.IMAGE_SNAPSHOT]),
        (task_states.IMAGE_UPLOADING, [task_states.IMAGE_PENDING_UPLOAD]),
        (None, [task_states.IMAGE_UPLOADING])]
    assert images.get(_ctx(), image['id'])['status'] == 'active'
    assert [c.args[3] for c in notify.call_args_list] == ['start', 'end']


def test_snapshot_to_image_maps_shelving_states(images):
    driver = RecordingDriver(images)
    image = images.create(_ctx(), {'name': 's'})
    inst = FakeInstance(task_state=task_states.SHELVING)
    Manager(driver, images).snapshot_to_image(
        _ctx(), inst, image['id'],
        (task_states.SHELVING, task_states.SHELVING_IMAGE_PENDING_UPLOAD,
         task_states.SHELVING_IMAGE_UPLOADING))
    assert driver.steps == [task_states.SHELVING_IMAGE_PENDING_UPLOAD,
                            task_states.SHELVING_IMAGE_UPLOADING]
    assert inst.task_state == task_states.SHELVING_IMAGE_UPLOADING


def test_failed_snapshot_deletes_image_and_clears_task(images, manager_env):
    fault, _ = manager_env
    image = images.create(_ctx(), {'name': 's'})
    inst = FakeInstance(task_state=task_states.IMAGE_SNAPSHOT_PENDING,
                        vm_state=vm_states.STOPPED)
    Manager(RecordingDriver(images, fail=True), images).snapshot_instance(
        _ctx(), inst, image['id'])
    with pytest.raises(exception.ImageNotFound):
        images.get(_ctx(), image['id'])
    assert inst.task_state is None and inst.vm_state == vm_states.STOPPED
    assert 'qemu-img failed' in str(fault.call_args.args[2])


def test_backup_rotation_keeps_the_newest(images, manager_env):
    ctx = _ctx()
    inst = FakeInstance()
    other = FakeInstance(uuid='c0ffee00-2a55-4a3e-8d3c-6a4f7ad1c0aa')
    manager = Manager(RecordingDriver(images), images)

    def backup(instance, backup_type, rotation):
        image = images.create(ctx, {'name': 'b', 'properties': {
            'image_type': 'backup', 'backup_type': backup_type,
            'instance_uuid': instance.uuid}})
        instance.task_state = task_states.IMAGE_BACKUP
        instance.saved_task_state = task_states.IMAGE_BACKUP
        manager.backup_instance(ctx, instance, image['id'], backup_type,
                                rotation)
        return image['id']

    daily = [backup(inst, 'daily', 2) for _ in range(3)]
    weekly = backup(inst, 'weekly', 1)
    foreign = backup(other, 'daily', 5)
    ids = {i['id'] for i in images.list(ctx)}
    assert daily[0] not in ids
    assert {daily[1], daily[2], weekly, foreign} <= ids
    backup(inst, 'daily', 0)
    ids = {i['id'] for i in images.list(ctx)}
    assert not set(daily) & ids and {weekly, foreign} <= ids
