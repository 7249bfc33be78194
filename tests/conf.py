"""Tests share the process-wide CONF: parse it once, never twice (a second
parse drops the overrides a running in-process deployment relies on)."""
from oslo_log import log as logging

from nova_lite import conf as nl_conf

CONF = nl_conf.CONF
_parsed = False


def parse_once():
    global _parsed
    if not _parsed:
        try:
            logging.register_options(CONF)
        except Exception:
            pass
        CONF([], project='nova-lite', default_config_files=[],
             default_config_dirs=[])
        _parsed = True
    return CONF
