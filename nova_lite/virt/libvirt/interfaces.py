"""Hot-plugging network interfaces into a running guest (os-interface
attach and detach), keeping the guest's saved definition and its recorded
network info in step so a later hard reboot rebuilds the same NICs."""
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import spawn_inputs
from nova_lite.virt.libvirt import vif as vvif

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)

DETACH_TIMEOUT = 30
POLL_INTERVAL = 0.5


def _interface_macs(xml):
    root = ET.fromstring(xml)
    return {mac.get('address').lower()
            for mac in root.findall('devices/interface/mac')}


def _live_xml(dom):
    return dom.XMLDesc(0)


class GuestInterfaces(object):
    """get_domain(instance) -> virDomain; instance_dir(instance) -> path;
    save_definition(instance, xml) keeps the XML a redefinition uses."""

    def __init__(self, get_domain, instance_dir, save_definition):
        self._get_domain = get_domain
        self._instance_dir = instance_dir
        self._save_definition = save_definition

    def attach(self, instance, image_meta, vif):
        dom = self._get_domain(instance)
        xml = vconfig.interface_xml(
            vif, vconfig.vif_model_for(vconfig.image_properties(image_meta)))
        vvif.plug(vif)
        try:
            dom.attachDeviceFlags(xml, vguest.affect_flags(dom))
        except libvirt.libvirtError as exc:
            LOG.warning('Attaching interface %s to %s failed: %s',
                        vif.get('id'), instance.uuid, exc)
            vvif.unplug(vif)
            raise exception.InterfaceAttachFailed(instance_uuid=instance.uuid)
        self._record(instance, dom, add=vif)
        LOG.info('Interface %s (%s) attached to %s', vif.get('id'),
                 vif.get('address'), instance.uuid)

    def detach(self, instance, vif):
        dom = self._get_domain(instance)
        mac = (vif.get('address') or '').lower()
        if mac not in _interface_macs(dom.XMLDesc(
                libvirt.VIR_DOMAIN_XML_INACTIVE)) | _interface_macs(
                    _live_xml(dom)):
            LOG.warning('Instance %s has no interface %s to detach',
                        instance.uuid, mac)
        else:
            xml = vconfig.interface_xml(vif)
            try:
                dom.detachDeviceFlags(xml, vguest.affect_flags(dom))
            except libvirt.libvirtError as exc:
                LOG.warning('Detaching interface %s from %s failed: %s',
                            vif.get('id'), instance.uuid, exc)
                raise exception.InterfaceDetachFailed(
                    instance_uuid=instance.uuid)
            self._wait_until_gone(instance, dom, mac)
        vvif.unplug(vif)
        self._record(instance, dom, remove=vif)
        LOG.info('Interface %s (%s) detached from %s', vif.get('id'), mac,
                 instance.uuid)

    def _wait_until_gone(self, instance, dom, mac):
        """The guest acknowledges an unplug (ACPI eject) in its own time;
        libvirt drops the device from the live XML when it has."""
        if not dom.isActive():
            return
        deadline = time.monotonic() + DETACH_TIMEOUT
        while mac in _interface_macs(_live_xml(dom)):
            if time.monotonic() >= deadline:
                raise exception.InterfaceDetachFailed(
                    instance_uuid=instance.uuid)
            time.sleep(POLL_INTERVAL)

    def _record(self, instance, dom, add=None, remove=None):
        inst_dir = self._instance_dir(instance)
        recorded = spawn_inputs.load(inst_dir)
        vifs = [v for v in recorded.get('network_info') or ()
                if not remove or v.get('id') != remove.get('id')]
        if add and all(v.get('id') != add.get('id') for v in vifs):
            vifs.append(add)
        spawn_inputs.save(inst_dir, recorded.get('image_meta'), vifs)
        self._save_definition(instance,
                              dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
