"""Cinder volumes of libvirt guests over fakelibvirt: the volume drivers'
<disk> XML, hot-plug and unplug (the device-removed event awaited,
retried, given up), extend, and volumes in the domain at spawn and hard
reboot."""
import os
import xml.etree.ElementTree as ET
from unittest import mock

import pytest

from nova_lite import exception
from nova_lite.virt.libvirt import volume as vvolume
from nova_lite.virt.libvirt import volumes as vvolumes
from nova_lite.virt.libvirt.volume import brick
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver as base
from tests.unit.virt.libvirt import test_driver_on_fakelibvirt as on_fakelibvirt

pytestmark = base.pytestmark

conf = base.conf
image = base.image
VOL = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9'


drv = on_fakelibvirt.drv


@pytest.fixture
def volume_file(tmp_path):
    path = tmp_path / 'volumes' / ('volume-' + VOL)
    path.parent.mkdir()
    with open(path, 'wb') as f:
        f.truncate(1024 ** 3)
    return str(path)


def _file_info(path, serial=VOL):
    return {'driver_volume_type': 'file', 'serial': serial,
            'data': {'device_path': path, 'format': 'raw'}}


def _disk(xml, dev):
    return vvolumes.disks_by_dev(xml).get(dev)


def _dom(inst):
    return libvirt.connections[-1].lookupByUUIDString(inst.uuid)


# -- volume drivers ----------------------------------------------------------

def test_nfs_disk_xml(conf):
    info = {'driver_volume_type': 'nfs', 'serial': VOL, 'data': {
        'export': '127.0.0.1:/srv/export', 'name': 'volume-' + VOL,
        'format': 'raw', 'device_path': '/mnt/abc/volume-' + VOL}}
    disk = ET.fromstring(vvolume.driver_for(info, conf).get_config(
        info, {'dev': '/dev/vdb', 'bus': 'virtio'}))
    assert disk.get('type') == 'file' and disk.get('device') == 'disk'
    assert disk.find('driver').attrib == {'name': 'qemu', 'type': 'raw',
                                          'cache': 'none'}
    assert disk.find('source').get('file') == '/mnt/abc/volume-' + VOL
    assert disk.find('target').attrib == {'dev': 'vdb', 'bus': 'virtio'}
    assert disk.findtext('serial') == VOL


def test_iscsi_disk_xml(conf):
    info = {'driver_volume_type': 'iscsi', 'serial': VOL, 'data': {
        'target_iqn': 'iqn.2010-10.org.openstack:volume-' + VOL,
        'target_portal': '192.0.2.1:3260', 'target_lun': 1,
        'device_path': '/dev/disk/by-path/ip-192.0.2.1:3260-lun-1'}}
    disk = ET.fromstring(vvolume.driver_for(info, conf).get_config(
        info, {'dev': 'vdc', 'bus': 'virtio'}))
    assert disk.get('type') == 'block'
    assert disk.find('source').get('dev') == info['data']['device_path']
    assert disk.find('target').get('dev') == 'vdc'


def test_rbd_disk_xml(conf):
    info = {'driver_volume_type': 'rbd', 'serial': VOL, 'data': {
        'name': 'volumes/volume-' + VOL, 'hosts': ['192.0.2.1', '192.0.2.2'],
        'ports': ['6789', '6789'], 'auth_enabled': True,
        'auth_username': 'cinder', 'secret_uuid': 'abc-123',
        'access_mode': 'ro'}}
    drv = vvolume.driver_for(info, conf)
    drv.connect_volume(info)        # nothing to connect on the host
    disk = ET.fromstring(drv.get_config(info, {'dev': 'vdb'}))
    assert disk.get('type') == 'network'
    source = disk.find('source')
    assert source.attrib == {'protocol': 'rbd',
                             'name': 'volumes/volume-' + VOL}
    assert [h.attrib for h in source.findall('host')] == [
        {'name': '192.0.2.1', 'port': '6789'},
        {'name': '192.0.2.2', 'port': '6789'}]
    assert source.find('auth').get('username') == 'cinder'
    assert source.find('auth/secret').attrib == {'type': 'ceph',
                                                 'uuid': 'abc-123'}
    assert disk.find('readonly') is not None


def test_unknown_driver_volume_type(conf):
    with pytest.raises(exception.VolumeDriverNotFound):
        vvolume.driver_for({'driver_volume_type': 'fibre_channel_xyz'}, conf)


def test_nfs_connect_goes_through_os_brick(conf):
    info = {'driver_volume_type': 'nfs', 'serial': VOL,
            'data': {'export': '127.0.0.1:/srv', 'name': 'volume-' + VOL}}
    connector = mock.Mock()
    connector.connect_volume.return_value = {'path': '/mnt/x/volume-' + VOL}
    with mock.patch.object(brick, 'connector',
                           return_value=connector) as factory:
        drv = vvolume.driver_for(info, conf)
        drv.connect_volume(info)
        drv.disconnect_volume(info)
    factory.assert_called_with('NFS', conf)
    connector.connect_volume.assert_called_once_with(info['data'])
    assert info['data']['device_path'] == '/mnt/x/volume-' + VOL
    connector.disconnect_volume.assert_called_once_with(info['data'], None)


def test_nfs_connector_options(conf, tmp_path):
    conf.set_override('nfs_mount_point_base', str(tmp_path / 'mnt'),
                      group='libvirt')
    try:
        with mock.patch('os_brick.initiator.connector.InitiatorConnector.'
                        'factory') as factory:
            brick.connector('NFS', conf)
        args, kwargs = factory.call_args
        assert args[:2] == ('NFS', brick.ROOT_HELPER)
        assert kwargs['nfs_mount_point_base'] == str(tmp_path / 'mnt')
    finally:
        conf.clear_override('nfs_mount_point_base', group='libvirt')


# -- hot-plug ----------------------------------------------------------------

def test_attach_and_detach_a_running_guest(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _dom(inst)
    info = _file_info(volume_file)
    drv.attach_volume(None, info, inst, '/dev/vdb')
    disk = _disk(dom.XMLDesc(0), 'vdb')
    assert disk.find('source').get('file') == volume_file
    assert disk.findtext('serial') == VOL
    saved = open(os.path.join(drv.instance_dir(inst), 'libvirt.xml')).read()
    assert _disk(saved, 'vdb') is not None      # a hard reboot keeps it
    with pytest.raises(exception.InvalidInput):
        drv.attach_volume(None, info, inst, '/dev/vdb')
    drv.detach_volume(None, info, inst, '/dev/vdb')
    assert _disk(dom.XMLDesc(0), 'vdb') is None
    saved = open(os.path.join(drv.instance_dir(inst), 'libvirt.xml')).read()
    assert _disk(saved, 'vdb') is None


def test_attach_failure_disconnects(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _dom(inst)
    info = _file_info(volume_file)
    with mock.patch.object(type(dom), 'attachDeviceFlags',
                           side_effect=libvirt.libvirtError('no slot')), \
            mock.patch.object(vvolume.fs.FileVolumeDriver,
                              'disconnect_volume') as disconnect:
        with pytest.raises(libvirt.libvirtError):
            drv.attach_volume(None, info, inst, '/dev/vdb')
    disconnect.assert_called_once()
    assert _disk(dom.XMLDesc(0), 'vdb') is None


def test_detach_retries_then_fails_when_the_guest_keeps_the_disk(
        drv, volume_file, conf):
    conf.set_override('device_detach_attempts', 2, group='libvirt')
    conf.set_override('device_detach_timeout', 1, group='libvirt')
    try:
        inst = fakes.instance()
        drv.spawn(None, inst, fakes.image_meta())
        dom = _dom(inst)
        info = _file_info(volume_file)
        drv.attach_volume(None, info, inst, '/dev/vdb')
        dom.releases_disks = False
        with mock.patch.object(vvolume.fs.FileVolumeDriver,
                               'disconnect_volume') as disconnect:
            with pytest.raises(exception.DeviceDetachFailed):
                drv.detach_volume(None, info, inst, '/dev/vdb')
        # persistent config once, then the live unplug twice
        assert dom.detach_requests == 3
        disconnect.assert_not_called()   # still in the guest: kept
    finally:
        conf.clear_override('device_detach_attempts', group='libvirt')
        conf.clear_override('device_detach_timeout', group='libvirt')


def test_device_removed_event_wakes_the_waiter(conf):
    from nova_lite.virt.libvirt import host as vhost
    h = vhost.Host('qemu:///system', 'h1')
    conn = h.get_connection()
    dom = mock.Mock(**{'UUIDString.return_value': 'u1'})
    waiter = h.expect_device_removal('u1', 'virtio-disk1')
    other = h.expect_device_removal('u2', None)
    conn.emit_device(dom, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                     'virtio-disk1')
    assert waiter.wait(5) == 'removed'
    assert other.wait(0.1) is None
    failed = h.expect_device_removal('u1', 'virtio-disk2')
    conn.emit_device(dom, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED,
                     'virtio-disk2')
    assert failed.wait(5) == 'failed'
    for w in (waiter, other, failed):
        h.forget_device_waiter(w)
    h.close()


def test_attach_and_detach_a_stopped_guest(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.power_off(inst)
    dom = _dom(inst)
    info = _file_info(volume_file)
    drv.attach_volume(None, info, inst, '/dev/vdb')
    assert _disk(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE), 'vdb') \
        is not None
    drv.detach_volume(None, info, inst, '/dev/vdb')
    assert _disk(dom.XMLDesc(0), 'vdb') is None


def test_extend_resizes_the_block_device(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    info = _file_info(volume_file)
    drv.attach_volume(None, info, inst, '/dev/vdb')
    with open(volume_file, 'r+b') as f:
        f.truncate(2 * 1024 ** 3)
    assert drv.extend_volume(None, info, inst, 2 * 1024 ** 3) == \
        2 * 1024 ** 3
    assert _dom(inst).resized == ('vdb', 2 * 1024 ** 3,
                                  libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)


def test_swap_volume_mirrors_and_pivots(drv, volume_file, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _dom(inst)
    old = _file_info(volume_file)
    drv.attach_volume(None, old, inst, '/dev/vdb')
    new_path = str(tmp_path / 'volumes' / 'volume-new')
    open(new_path, 'wb').close()
    new = _file_info(new_path, serial='new-volume')
    with mock.patch.object(vvolume.fs.FileVolumeDriver,
                           'disconnect_volume') as disconnect:
        drv.swap_volume(None, old, new, inst, '/dev/vdb', 2)
    disconnect.assert_called_once_with(old, inst)
    assert dom.isActive()
    rebased = dom.block_job
    assert rebased is None                      # pivoted
    live = _disk(dom.XMLDesc(0), 'vdb')
    assert live.find('source').get('file') == new_path
    assert dom.resized == ('vdb', 2 * 1024 ** 3,
                           libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)
    saved = open(os.path.join(drv.instance_dir(inst), 'libvirt.xml')).read()
    disk = _disk(saved, 'vdb')
    assert disk.find('source').get('file') == new_path
    assert disk.findtext('serial') == 'new-volume'
    # the domain is persistent again, with the new volume
    conn = libvirt.connections[-1]
    assert _disk(conn.domains[inst.uuid].XMLDesc(0), 'vdb').findtext(
        'serial') == 'new-volume'


def test_swap_to_a_network_disk_is_not_supported(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    old = _file_info(volume_file)
    drv.attach_volume(None, old, inst, '/dev/vdb')
    rbd = {'driver_volume_type': 'rbd', 'serial': 'r',
           'data': {'name': 'pool/r'}}
    with pytest.raises(NotImplementedError):
        drv.swap_volume(None, old, rbd, inst, '/dev/vdb', 0)
    assert _disk(_dom(inst).XMLDesc(0), 'vdb').find('source').get(
        'file') == volume_file


def test_connector_is_os_brick_properties(drv, conf):
    with mock.patch('os_brick.initiator.connector.'
                    'get_connector_properties',
                    return_value={'ip': '127.0.0.1', 'host': 'host1'}) as gcp:
        assert drv.get_volume_connector(fakes.instance()) == {
            'ip': '127.0.0.1', 'host': 'host1'}
    args, kwargs = gcp.call_args
    assert args[0] == brick.ROOT_HELPER and kwargs['host'] == 'host1'


# -- domain definition -------------------------------------------------------

def _bdi(path, boot_index=None, dev='/dev/vdb'):
    return {'root_device_name': '/dev/vda', 'ephemerals': [], 'swap': None,
            'block_device_mapping': [{
                'connection_info': _file_info(path), 'mount_device': dev,
                'boot_index': boot_index, 'disk_bus': 'virtio',
                'device_type': 'disk', 'delete_on_termination': False,
                'attachment_id': 'a1'}]}


def test_spawn_from_a_volume_has_no_image_disk(drv, volume_file):
    inst = fakes.instance()
    inst.image_ref = ''
    drv.spawn(None, inst, {}, block_device_info=_bdi(volume_file, 0,
                                                     '/dev/vda'))
    xml = _dom(inst).XMLDesc(0)
    disks = ET.fromstring(xml).findall('devices/disk')
    assert [d.find('source').get('file') for d in disks] == [volume_file]
    assert disks[0].find('target').get('dev') == 'vda'
    assert not os.path.exists(os.path.join(drv.instance_dir(inst), 'disk'))
    # a hard reboot without block_device_info keeps booting the volume
    drv.reboot(None, inst, 'HARD')
    disks = ET.fromstring(_dom(inst).XMLDesc(0)).findall('devices/disk')
    assert [d.find('source').get('file') for d in disks] == [volume_file]


def test_spawn_with_a_data_volume_and_hard_reboot(drv, volume_file):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(),
              block_device_info=_bdi(volume_file))
    devs = sorted(vvolumes.disks_by_dev(_dom(inst).XMLDesc(0)))
    assert devs == ['vda', 'vdb']
    drv.reboot(None, inst, 'HARD', block_device_info=_bdi(volume_file))
    assert sorted(vvolumes.disks_by_dev(_dom(inst).XMLDesc(0))) == devs
    with mock.patch.object(vvolume.fs.FileVolumeDriver,
                           'disconnect_volume') as disconnect:
        drv.destroy(None, inst, block_device_info=_bdi(volume_file))
    disconnect.assert_called_once()
