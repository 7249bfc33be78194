"""The configuration the API was built with (build_app sets it; default
is the global oslo.config CONF)."""
from oslo_config import cfg

_CONF = None


def get():
    return _CONF if _CONF is not None else cfg.CONF


def set_conf(conf):
    global _CONF
    _CONF = conf
