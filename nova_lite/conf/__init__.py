"""Configuration options, one module per group, registered on CONF."""
from oslo_config import cfg

from nova_lite.conf import api
from nova_lite.conf import compute
from nova_lite.conf import database
from nova_lite.conf import default
from nova_lite.conf import fake_driver
from nova_lite.conf import image_store
from nova_lite.conf import libvirt
from nova_lite.conf import messaging
from nova_lite.conf import scheduler
from nova_lite.conf import vnc

CONF = cfg.CONF

for _module in (default, api, compute, database, fake_driver, image_store,
                libvirt, messaging, scheduler, vnc):
    _module.register_opts(CONF)
