"""Assisted volume snapshots of libvirt guests over fakelibvirt: the
external disk-only snapshot onto Cinder's new file, and the pull or
commit that deletes one."""
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from nova_lite import exception
from nova_lite.virt.libvirt import volume_snapshots as vsnapshots
from nova_lite.virt.libvirt import volumes as vvolumes
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_volumes as base

pytestmark = base.pytestmark

conf = base.conf
image = base.image
drv = base.drv
volume_file = base.volume_file
VOL = base.VOL
SNAP = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d'


def _guest_with_volume(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.attach_volume(None, base._file_info(volume_file), inst, '/dev/vdb')
    return inst, base._dom(inst)


def _new_file(volume_file):
    """What Cinder makes before it asks: a qcow2 on the current file."""
    new = volume_file + '.' + SNAP
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b',
                    os.path.basename(volume_file), '-F', 'raw', new],
                   check=True, cwd=os.path.dirname(volume_file))
    return new


def _create_info(new_file):
    return {'snapshot_id': SNAP, 'type': 'qcow2',
            'new_file': os.path.basename(new_file)}


def test_snapshot_xml_takes_only_the_volume_disk():
    xml = ('<domain><devices>'
           '<disk type="file" device="disk"><source file="/i/disk"/>'
           '<target dev="vda"/></disk>'
           '<disk type="file" device="disk"><source file="/m/volume-1"/>'
           '<target dev="vdb"/><serial>v1</serial></disk>'
           '</devices></domain>')
    snap = ET.fromstring(vsnapshots.snapshot_xml(xml, 'v1', 'volume-1.s'))
    disks = {d.get('name'): d for d in snap.findall('disks/disk')}
    assert disks['vda'].attrib == {'name': 'vda', 'snapshot': 'no'}
    assert disks['vdb'].get('snapshot') == 'external'
    assert disks['vdb'].find('driver').get('type') == 'qcow2'
    assert disks['vdb'].find('source').get('file') == '/m/volume-1.s'


def test_snapshot_xml_without_the_volume_is_an_internal_error():
    xml = ('<domain><devices><disk type="file" device="disk">'
           '<source file="/i/disk"/><target dev="vda"/></disk>'
           '</devices></domain>')
    with pytest.raises(exception.InternalError) as err:
        vsnapshots.snapshot_xml(xml, 'v1', 'new')
    assert "'v1' not found" in err.value.format_message()


def test_snapshot_of_a_network_disk_is_not_supported():
    xml = ('<domain><devices><disk type="network" device="disk">'
           '<source protocol="rbd" name="pool/v1"/><target dev="vdb"/>'
           '<serial>v1</serial></disk></devices></domain>')
    with pytest.raises(NotImplementedError):
        vsnapshots.snapshot_xml(xml, 'v1', 'new')


def test_create_moves_the_disk_onto_the_new_file(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    new = _new_file(volume_file)
    drv.volume_snapshot_create(None, inst, VOL, _create_info(new))
    (xml, flags), = dom.snapshots
    assert flags == (libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                     libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA |
                     libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT)
    names = {d.get('name'): d.get('snapshot')
             for d in ET.fromstring(xml).findall('disks/disk')}
    assert names == {'vda': 'no', 'vdb': 'external'}
    live = base._disk(dom.XMLDesc(0), 'vdb')
    assert live.find('source').get('file') == new
    assert live.find('driver').get('type') == 'qcow2'
    # the root disk is untouched
    assert base._disk(dom.XMLDesc(0), 'vda').find('source').get(
        'file') == os.path.join(drv.instance_dir(inst), 'disk')
    # the saved definition (a redefinition after a restart) has it too
    saved = open(os.path.join(drv.instance_dir(inst), 'libvirt.xml')).read()
    assert base._disk(saved, 'vdb').find('source').get('file') == new


def test_create_needs_cinders_file(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    with pytest.raises(libvirt.libvirtError):
        drv.volume_snapshot_create(None, inst, VOL, _create_info(
            volume_file + '.missing'))
    assert base._disk(dom.XMLDesc(0), 'vdb').find('source').get(
        'file') == volume_file


@pytest.mark.parametrize('info, message', [
    ({'snapshot_id': SNAP, 'type': 'raw', 'new_file': 'f'}, 'Unknown type'),
    ({'type': 'qcow2', 'new_file': 'f'}, 'snapshot_id required'),
])
def test_create_refuses_bad_create_info(drv, volume_file, info, message):
    inst, dom = _guest_with_volume(drv, volume_file)
    with pytest.raises(exception.InternalError) as err:
        drv.volume_snapshot_create(None, inst, VOL, info)
    assert message in err.value.format_message()
    assert dom.snapshots == []


def test_create_without_a_guest_is_not_running(drv):
    inst = fakes.instance()
    with pytest.raises(exception.InstanceNotRunning):
        drv.volume_snapshot_create(None, inst, VOL, _create_info('f'))


def test_create_of_a_volume_not_attached(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    with pytest.raises(exception.InternalError):
        drv.volume_snapshot_create(None, inst, 'other-volume',
                                   _create_info(_new_file(volume_file)))


def test_delete_of_the_only_snapshot_pulls_the_chain(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    drv.volume_snapshot_create(None, inst, VOL,
                               _create_info(_new_file(volume_file)))
    drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
        'type': 'qcow2', 'file_to_merge': None, 'merge_target_file': None,
        'volume_id': VOL})
    assert dom.block_jobs_done == [('pull', 'vdb', None, 0)]


def test_delete_onto_an_older_file_pulls_relative(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
        'type': 'qcow2', 'file_to_merge': 'volume-x.a',
        'merge_target_file': None, 'volume_id': VOL})
    assert dom.block_jobs_done == [('pull', 'vdb', 'volume-x.a',
                                    libvirt.VIR_DOMAIN_BLOCK_REBASE_RELATIVE)]


def test_delete_of_an_older_snapshot_commits(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
        'type': 'qcow2', 'file_to_merge': 'volume-x.a',
        'merge_target_file': 'volume-x', 'volume_id': VOL})
    assert dom.block_jobs_done == [
        ('commit', 'vdb', 'volume-x', 'volume-x.a',
         libvirt.VIR_DOMAIN_BLOCK_COMMIT_RELATIVE)]


def test_delete_waits_for_the_block_job(drv, volume_file, monkeypatch):
    inst, dom = _guest_with_volume(drv, volume_file)
    answers = [{'cur': 1, 'end': 2}, {'cur': 2, 'end': 2}, {}]
    monkeypatch.setattr(dom, 'blockJobInfo',
                        lambda disk, flags=0: answers.pop(0))
    monkeypatch.setattr(vsnapshots, 'POLL', 0)
    drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
        'type': 'qcow2', 'file_to_merge': None, 'merge_target_file': None,
        'volume_id': VOL})
    assert answers == []


def test_delete_of_a_stopped_guest_rebases_with_qemu_img(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    new = _new_file(volume_file)
    drv.volume_snapshot_create(None, inst, VOL, _create_info(new))
    dom.destroy()
    drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
        'type': 'qcow2', 'file_to_merge': None, 'merge_target_file': None,
        'volume_id': VOL})
    assert dom.block_jobs_done == []
    info = subprocess.run(['qemu-img', 'info', '-U', new],
                          capture_output=True, text=True, check=True).stdout
    assert 'backing file' not in info


def test_delete_refuses_an_unknown_type(drv, volume_file):
    inst, dom = _guest_with_volume(drv, volume_file)
    with pytest.raises(exception.InternalError):
        drv.volume_snapshot_delete(None, inst, VOL, SNAP, {
            'type': 'raw', 'file_to_merge': None,
            'merge_target_file': None, 'volume_id': VOL})
    assert dom.block_jobs_done == []


def test_volume_disk_finds_the_serial():
    xml = ('<domain><devices><disk type="file" device="cdrom">'
           '<target dev="sda"/><serial>v1</serial></disk>'
           '<disk type="file" device="disk"><source file="/m/f"/>'
           '<target dev="vdc"/><serial>v1</serial></disk>'
           '</devices></domain>')
    dev, disk = vsnapshots.volume_disk(xml, 'v1')
    assert dev == 'vdc'
    assert vvolumes.disks_by_dev(xml)['vdc'].findtext('serial') == 'v1'
