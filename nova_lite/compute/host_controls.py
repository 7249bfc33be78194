"""The compute side of os-hosts (before 2.43): this host's driver asked to
take new instances or not, to enter or leave maintenance, or to start up,
shut down or reboot the host.

A driver that cannot enter maintenance or act on the host's power raises
NotImplementedError (the API answers 501). One that cannot enable or
disable the host still answers what was asked, as Nova's compute does:
the RPC contract is 'enabled' or 'disabled'.
"""
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class HostControls(object):
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def set_host_enabled(self, context, enabled):
        try:
            return self.driver.set_host_enabled(enabled)
        except NotImplementedError:
            LOG.debug('The driver of %s cannot enable or disable the host',
                      self.host)
            return 'enabled' if enabled else 'disabled'

    def host_maintenance_mode(self, context, host, mode):
        LOG.info('Maintenance mode of %s: %s (request %s)', host, mode,
                 context.request_id)
        return self.driver.host_maintenance_mode(host, mode)

    def host_power_action(self, context, action):
        LOG.info('Power action %s on host %s (request %s)', action,
                 self.host, context.request_id)
        return self.driver.host_power_action(action)
