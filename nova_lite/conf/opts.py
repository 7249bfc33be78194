"""Entry point for oslo-config-generator and oslo.config defaults."""
import collections

from nova_lite.conf import api
from nova_lite.conf import cinder
from nova_lite.conf import compute
from nova_lite.conf import consoleauth
from nova_lite.conf import database
from nova_lite.conf import default
from nova_lite.conf import fake_driver
from nova_lite.conf import glance
from nova_lite.conf import image_store
from nova_lite.conf import libvirt
from nova_lite.conf import messaging
from nova_lite.conf import migration
from nova_lite.conf import network
from nova_lite.conf import network_agent
from nova_lite.conf import neutron
from nova_lite.conf import notifications
from nova_lite.conf import novnc
from nova_lite.conf import quota
from nova_lite.conf import scheduler
from nova_lite.conf import service_user
from nova_lite.conf import upgrade_levels
from nova_lite.conf import vnc

_MODULES = (default, api, cinder, compute, consoleauth, database,
            fake_driver, glance, image_store, libvirt, messaging, migration,
            network, network_agent, neutron, notifications, novnc, quota,
            scheduler, service_user, upgrade_levels, vnc)


def list_opts():
    merged = collections.OrderedDict()
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            key = getattr(group, 'name', group)
            entry = merged.setdefault(key, [group, []])
            if not isinstance(group, str):
                entry[0] = group
            entry[1].extend(opts)
    return [(group, opts) for group, opts in merged.values()]


def set_defaults():
    """nova_lite's defaults of library options (the sample shows them)."""
    messaging.set_defaults()
