"""LibvirtDriver.snapshot with a fake connection and real qemu-img: a
running guest is paused only for the copy, the upload is a standalone
qcow2 holding the guest's data, the task_state steps are Nova's, and the
work directory is gone afterwards."""
import json
import os
import subprocess

import pytest

from nova_lite.compute import task_states
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import snapshot as vsnapshot
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver

conf = test_driver.conf
image = test_driver.image
drv = test_driver.drv
pytestmark = test_driver.pytestmark


class PausableDom(test_driver.FakeDom):
    def suspend(self):
        self.calls.append('suspend')
        self._state = vguest.VIR_DOMAIN_PAUSED

    def resume(self):
        self.calls.append('resume')
        self._state = vguest.VIR_DOMAIN_RUNNING


@pytest.fixture
def uploads(monkeypatch):
    made = []

    def upload(context, image_id, path, image_meta):
        info = json.loads(subprocess.check_output(
            ['qemu-img', 'info', '--output=json', path]))
        with open(path, 'rb') as f:
            made.append({'image_id': image_id, 'info': info,
                         'data': f.read(), 'meta': image_meta,
                         'path': path})
    monkeypatch.setattr(vsnapshot, 'upload', upload)
    return made


def _spawned(drv, state):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]
    paused_dom = PausableDom(dom.xml, state=state)
    drv._host.domains[inst.uuid] = paused_dom
    # Data the guest wrote into its overlay: the snapshot must carry it.
    root = os.path.join(drv.instance_dir(inst), 'disk')
    subprocess.run(['qemu-io', '-c', 'write -P 0x5a 0 64k', root],
                   check=True, stdout=subprocess.DEVNULL)
    return inst, paused_dom


def _recorder(inst):
    steps = []

    def update_task_state(task_state, expected_state=None):
        steps.append((task_state, expected_state))
    return steps, update_task_state


def test_running_guest_paused_for_the_copy(drv, uploads):
    inst, dom = _spawned(drv, vguest.VIR_DOMAIN_RUNNING)
    steps, update = _recorder(inst)
    drv.snapshot(None, inst, 'img-1', update)
    assert dom.calls == ['suspend', 'resume']
    assert dom._state == vguest.VIR_DOMAIN_RUNNING
    assert steps == [
        (task_states.IMAGE_PENDING_UPLOAD, None),
        (task_states.IMAGE_UPLOADING, task_states.IMAGE_PENDING_UPLOAD)]
    (made,) = uploads
    assert made['image_id'] == 'img-1'
    assert made['meta'] == {'disk_format': 'qcow2',
                            'container_format': 'bare'}
    assert made['info']['format'] == 'qcow2'
    assert 'backing-filename' not in made['info']
    assert made['info']['virtual-size'] == 1024 ** 3
    assert not os.path.exists(made['path'])  # work directory cleaned up
    snapshots = os.path.join(os.path.dirname(drv.instance_dir(inst)),
                             'snapshots')
    assert os.listdir(snapshots) == []


def test_guest_data_is_in_the_snapshot(drv, uploads, tmp_path):
    inst, _ = _spawned(drv, vguest.VIR_DOMAIN_RUNNING)
    drv.snapshot(None, inst, 'img-2', _recorder(inst)[1])
    (made,) = uploads
    qcow = tmp_path / 'snap.qcow2'
    qcow.write_bytes(made['data'])
    out = subprocess.run(['qemu-io', '-c', 'read -P 0x5a 0 64k', str(qcow)],
                         capture_output=True, text=True, check=True)
    assert 'Pattern verification failed' not in out.stdout + out.stderr


@pytest.mark.parametrize('state', [vguest.VIR_DOMAIN_PAUSED,
                                   vguest.VIR_DOMAIN_SHUTOFF])
def test_paused_or_stopped_guest_left_as_it_is(drv, uploads, state):
    inst, dom = _spawned(drv, state)
    drv.snapshot(None, inst, 'img-3', _recorder(inst)[1])
    assert dom.calls == []
    assert dom._state == state
    assert len(uploads) == 1


def test_failed_copy_resumes_and_cleans_up(drv, uploads, monkeypatch):
    inst, dom = _spawned(drv, vguest.VIR_DOMAIN_RUNNING)

    def broken(root, dest):
        raise RuntimeError('no space left')
    monkeypatch.setattr(vsnapshot, 'extract_root_disk', broken)
    steps, update = _recorder(inst)
    with pytest.raises(RuntimeError):
        drv.snapshot(None, inst, 'img-4', update)
    assert dom.calls == ['suspend', 'resume']
    assert steps == [(task_states.IMAGE_PENDING_UPLOAD, None)]
    assert uploads == []
    snapshots = os.path.join(os.path.dirname(drv.instance_dir(inst)),
                             'snapshots')
    assert os.listdir(snapshots) == []
