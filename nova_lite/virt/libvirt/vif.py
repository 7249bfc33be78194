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
PLUGGED_EVENT = 'network-vif-plugged'


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


def plugged_events(network_info):
    """The (name, tag) events to wait for before a guest may run: one
    network-vif-plugged per VIF the network service has not reported
    active yet, as Nova waits."""
    return [(PLUGGED_EVENT, vif['id']) for vif in network_info or ()
            if vif.get('active', True) is False]


def _vif_failed(event_name, instance):
    """Nova's error callback: a VIF the network service could not plug."""
    from nova_lite import conf as nl_conf
    if nl_conf.CONF.vif_plugging_is_fatal:
        raise exception.VirtualInterfaceCreateException()


def start_guest(virtapi, instance, dom, network_info):
    """Start the defined guest; when it has VIFs the network service has
    not plugged yet, start it paused and let it run once every
    network-vif-plugged event has come (Nova's vif_plugging_timeout and
    vif_plugging_is_fatal decide what a missing event means)."""
    from nova_lite import conf as nl_conf
    conf = nl_conf.CONF
    events = (plugged_events(network_info)
              if virtapi is not None and conf.vif_plugging_timeout else [])
    if not events:
        vguest.launch(dom)
        return
    try:
        with virtapi.wait_for_instance_event(
                instance, events, deadline=conf.vif_plugging_timeout,
                error_callback=_vif_failed):
            vguest.launch(dom, paused=True)
    except exception.InstanceEventTimeout:
        if conf.vif_plugging_is_fatal:
            LOG.warning('Instance %s: no network-vif-plugged for %s within '
                        '%s s; failing the build', instance.uuid,
                        ', '.join(tag for _name, tag in events),
                        conf.vif_plugging_timeout)
            vguest.destroy(dom)
            raise exception.VirtualInterfaceCreateException()
        LOG.warning('Instance %s: no network-vif-plugged within %s s; '
                    'starting it anyway (vif_plugging_is_fatal = False)',
                    instance.uuid, conf.vif_plugging_timeout)
    vguest.resume_paused(dom)
