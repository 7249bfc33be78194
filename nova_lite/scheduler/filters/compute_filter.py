from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):
    """Only hosts whose compute service is enabled and up."""

    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        if host_state.service_disabled:
            LOG.debug('%s is disabled', host_state.host)
            return False
        if not host_state.service_up:
            LOG.debug('%s has not reported recently', host_state.host)
            return False
        return True

    def filter_all(self, host_states, spec):
        passed = [h for h in host_states
                  if h.service_up and not h.service_disabled]
        if len(passed) < len(host_states) and LOG.isEnabledFor(
                logging.DEBUG):
            for h in host_states:
                self.host_passes(h, spec)
        return passed
