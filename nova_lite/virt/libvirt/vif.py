"""The host end of a guest's network interfaces.

A "tap" VIF (the binding the built-in network service gives, and Neutron's
tap binding) needs its tap device to exist before libvirt starts the guest:
the domain's interface is type='ethernet' with managed='no'. The network
agent of this host then finds the tap, puts it on the network's bridge,
applies its security groups and reports the port up; the network service
answers with network-vif-plugged, which spawn waits for. A "bridge" VIF
needs nothing here: libvirt makes its tap on the named bridge.
"""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.network.linux import tap
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import guest as vguest

LOG = logging.getLogger(__name__)

VIF_TYPE_TAP = 'tap'


def plug(vif):
    """Make the VIF's tap (persistent, up, no address, the network's MTU)
    if it is a tap VIF and the device is missing."""
    if vif.get('type') != VIF_TYPE_TAP:
        return
    tap.ensure_tap(vconfig.vif_devname(vif), mtu=vconfig.vif_mtu(vif))


def unplug(vif):
    """Remove the VIF's tap; a missing one is fine."""
    if vif.get('type') != VIF_TYPE_TAP:
        return
    tap.delete_tap(vconfig.vif_devname(vif))


def plug_all(network_info):
    for vif in network_info or ():
        plug(vif)


def unplug_all(network_info):
    for vif in network_info or ():
        try:
            unplug(vif)
        except Exception:
            LOG.exception('Unplugging VIF %s failed', vif.get('id'))


def start_guest(virtapi, instance, dom, network_info):
    """Start the defined guest; when it has VIFs the network service has
    not reported plugged yet, start it paused and let it run once every
    network-vif-plugged has come (the compute's virtapi applies Nova's
    vif_plugging_timeout and vif_plugging_is_fatal)."""
    if virtapi is None or not virtapi.vif_plugged_events(network_info):
        vguest.launch(dom)
        return
    try:
        with virtapi.wait_for_vif_plugging(instance, network_info):
            vguest.launch(dom, paused=True)
    except exception.VirtualInterfaceCreateException:
        LOG.warning('Instance %s: its ports were not plugged; the guest '
                    'is not started', instance.uuid)
        vguest.destroy(dom)
        raise
    vguest.resume_paused(dom)
