"""os-brick for this compute host: the host connector properties Cinder
exports volumes to, and the connector objects that attach them.

Privileged commands (mount, iscsiadm ...): os-brick runs some through
its root helper and others through oslo.privsep entrypoints
(os_brick.privileged.default). nova_lite runs as root on its compute
hosts (it drives libvirt's qemu:///system), so there is no sudo or
rootwrap: the root helper is empty (oslo.concurrency runs a command as
it is when the process is already root) and the privsep context runs
its entrypoints in this process instead of a privsep-helper daemon. A
compute not running as root keeps os-brick's defaults (sudo
privsep-helper).
"""
import os
import socket
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

ROOT_HELPER = ''
_setup_lock = threading.Lock()
_set_up = False


def _setup():
    global _set_up
    with _setup_lock:
        if _set_up:
            return
        if os.geteuid() == 0:
            from os_brick import privileged
            privileged.default.set_client_mode(False)
            LOG.debug('os-brick privsep entrypoints run in-process (root)')
        _set_up = True


def host_ip(conf):
    ip = getattr(conf, 'my_ip', None)
    if ip:
        return ip
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return '127.0.0.1'


def connector_properties(conf, host):
    """The host connector (os-brick's get_connector_properties) Cinder
    needs to export a volume to this host: ip, host, initiator,
    multipath, platform, os_type, do_local_attach ..."""
    _setup()
    from os_brick.initiator import connector as brick_connector
    props = brick_connector.get_connector_properties(
        ROOT_HELPER, host_ip(conf), conf.libvirt.volume_use_multipath,
        enforce_multipath=False, host=host)
    return props


def connector(protocol, conf):
    """An os-brick InitiatorConnector for `protocol` (NFS, ISCSI ...)."""
    _setup()
    from os_brick.initiator import connector as brick_connector
    kwargs = {}
    if protocol == 'NFS':
        kwargs['nfs_mount_point_base'] = conf.libvirt.nfs_mount_point_base
        if conf.libvirt.nfs_mount_options:
            kwargs['nfs_mount_options'] = conf.libvirt.nfs_mount_options
    elif protocol == 'ISCSI':
        kwargs['use_multipath'] = conf.libvirt.volume_use_multipath
    return brick_connector.InitiatorConnector.factory(
        protocol, ROOT_HELPER, device_scan_attempts=5, **kwargs)
