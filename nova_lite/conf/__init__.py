"""Configuration options, one module per group, registered on CONF."""
from oslo_config import cfg

from nova_lite.conf import api
from nova_lite.conf import cinder
from nova_lite.conf import compute
from nova_lite.conf import conductor
from nova_lite.conf import consoleauth
from nova_lite.conf import database
from nova_lite.conf import default
from nova_lite.conf import fake_driver
from nova_lite.conf import glance
from nova_lite.conf import image_store
from nova_lite.conf import libvirt
from nova_lite.conf import migration
from nova_lite.conf import network
from nova_lite.conf import network_agent
from nova_lite.conf import neutron
from nova_lite.conf import messaging
from nova_lite.conf import notifications
from nova_lite.conf import novnc
from nova_lite.conf import quota
from nova_lite.conf import scheduler
from nova_lite.conf import service_user
from nova_lite.conf import upgrade_levels
from nova_lite.conf import vnc

CONF = cfg.CONF

for _module in (default, api, cinder, compute, conductor, consoleauth,
                database, fake_driver, glance, image_store, libvirt,
                migration, messaging, network,
                network_agent, neutron, notifications, novnc, quota,
                scheduler, service_user, upgrade_levels, vnc):
    _module.register_opts(CONF)
