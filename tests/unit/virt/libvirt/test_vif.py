"""Guest NICs on tap VIFs: the tap made before the guest, the guest held
paused until network-vif-plugged, vif_plugging_timeout and
vif_plugging_is_fatal as in Nova, hot-plug and unplug, and the taps removed
with the guest. Runs the driver over fakelibvirt; the taps are recorded."""
import contextlib
import xml.etree.ElementTree as ET

import pytest

from nova_lite.compute import instance_events
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import spawn_inputs
from nova_lite.virt.libvirt import vif as vvif
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver as base
from tests.unit.virt.libvirt import test_driver_on_fakelibvirt as onfake

pytestmark = base.pytestmark

conf = base.conf
image = base.image
drv = onfake.drv

PORT = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c'
PORT2 = '7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7'


def tap_vif(port=PORT, mac='fa:16:3e:12:34:56', active=False):
    return {'id': port, 'address': mac, 'type': 'tap', 'active': active,
            'details': {'port_filter': True}, 'devname': 'tap' + port[:11],
            'network': {'id': 'net-1', 'label': 'private', 'bridge': None,
                        'meta': {'mtu': 1450}, 'subnets': []}}


class Taps(object):
    """Stands in for nova_lite.network.linux.tap (tested with the host
    networking code): the taps the driver makes and removes."""

    def __init__(self):
        self.calls = []
        self.links = set()

    def ensure_tap(self, name, mtu=None):
        self.calls.append(('ensure', name, mtu))
        self.links.add(name)

    def delete_tap(self, name):
        self.calls.append(('delete', name))
        self.links.discard(name)


@pytest.fixture
def links(monkeypatch):
    recorder = Taps()
    monkeypatch.setattr(vvif, 'tap', recorder)
    return recorder


class VirtAPI(instance_events.ComputeVirtAPI):
    """The compute's virtapi with the wait itself replaced: records what
    is awaited; `arrives` says whether the events come in time, `failed`
    whether the network service reports them failed."""

    def __init__(self, arrives=True, failed=False):
        super().__init__(instance_events.InstanceEvents(), nl_conf.CONF)
        self.arrives = arrives
        self.failed = failed
        self.waited = []
        self.state_inside = None

    @contextlib.contextmanager
    def wait_for_instance_event(self, instance, events, deadline=300,
                                error_callback=None):
        self.waited.append((list(events), deadline))
        yield
        self.state_inside = libvirt.connections[-1].lookupByUUIDString(
            instance.uuid).state(0)[0]
        if self.failed:
            error_callback(events[0][0], instance)
        if not self.arrives:
            raise exception.InstanceEventTimeout(
                event=events[0], instance_uuid=instance.uuid,
                timeout=deadline)


def _dom(inst):
    return libvirt.connections[-1].lookupByUUIDString(inst.uuid)


def test_tap_vif_is_an_ethernet_interface_on_an_existing_tap():
    iface = ET.fromstring(vconfig.interface_xml(tap_vif()))
    assert iface.get('type') == 'ethernet'
    assert iface.find('target').get('dev') == 'tap3f2a1b0c-9d'
    assert iface.find('target').get('managed') == 'no'
    assert iface.find('mac').get('address') == 'fa:16:3e:12:34:56'
    assert iface.find('model').get('type') == 'virtio'
    assert iface.find('mtu').get('size') == '1450'
    assert iface.find('source') is None


def test_spawn_makes_the_tap_and_runs_the_guest_once_plugged(drv, links):
    drv.virtapi = VirtAPI()
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    assert ('ensure', 'tap3f2a1b0c-9d', 1450) in links.calls
    assert drv.virtapi.waited == [([('network-vif-plugged', PORT)],
                                   300)]
    assert drv.virtapi.state_inside == libvirt.VIR_DOMAIN_PAUSED
    assert _dom(inst).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING
    iface = ET.fromstring(_dom(inst).XMLDesc(0)).find('devices/interface')
    assert iface.get('type') == 'ethernet'


def test_no_event_no_guest_when_plugging_is_fatal(drv, links):
    drv.virtapi = VirtAPI(arrives=False)
    inst = fakes.instance()
    with pytest.raises(exception.VirtualInterfaceCreateException):
        drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    assert not _dom(inst).isActive()


def test_a_failed_plug_event_fails_the_build(drv, links):
    drv.virtapi = VirtAPI(failed=True)
    inst = fakes.instance()
    with pytest.raises(exception.VirtualInterfaceCreateException):
        drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])


def test_not_fatal_starts_the_guest_anyway(drv, links, conf):
    conf.set_override('vif_plugging_is_fatal', False)
    drv.virtapi = VirtAPI(arrives=False)
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    assert _dom(inst).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_timeout_zero_does_not_wait(drv, links, conf):
    conf.set_override('vif_plugging_timeout', 0)
    drv.virtapi = VirtAPI(arrives=False)
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    assert drv.virtapi.waited == []
    assert _dom(inst).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_hot_plug_and_unplug_keep_the_recorded_nics(drv, links, tmp_path):
    drv.virtapi = VirtAPI()
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    second = tap_vif(PORT2, mac='fa:16:3e:65:43:21', active=True)
    drv.attach_interface(None, inst, fakes.image_meta(), second)
    macs = [m.get('address') for m in ET.fromstring(
        _dom(inst).XMLDesc(0)).findall('devices/interface/mac')]
    assert macs == ['fa:16:3e:12:34:56', 'fa:16:3e:65:43:21']
    assert 'tap7c6b5a49-38' in links.links
    recorded = spawn_inputs.load(drv.instance_dir(inst))['network_info']
    assert [v['id'] for v in recorded] == [PORT, PORT2]

    drv.detach_interface(None, inst, second)
    macs = [m.get('address') for m in ET.fromstring(
        _dom(inst).XMLDesc(0)).findall('devices/interface/mac')]
    assert macs == ['fa:16:3e:12:34:56']
    assert 'tap7c6b5a49-38' not in links.links
    recorded = spawn_inputs.load(drv.instance_dir(inst))['network_info']
    assert [v['id'] for v in recorded] == [PORT]


def test_destroy_removes_the_taps(drv, links):
    drv.virtapi = VirtAPI()
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[tap_vif()])
    assert links.links == {'tap3f2a1b0c-9d'}
    drv.destroy(None, inst)
    assert links.links == set()
