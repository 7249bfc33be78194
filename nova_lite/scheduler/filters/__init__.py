"""Host filters: each decides alone whether one host can take a request."""
import importlib

from nova_lite import exception

_FILTER_MODULES = {
    'AvailabilityZoneFilter': 'availability_zone_filter',
    'ComputeCapabilitiesFilter': 'compute_capabilities_filter',
    'ComputeFilter': 'compute_filter',
    'DiskFilter': 'disk_filter',
    'RamFilter': 'ram_filter',
    'RetryFilter': 'retry_filter',
    'ServerGroupAffinityFilter': 'server_group_affinity_filter',
    'ServerGroupAntiAffinityFilter': 'server_group_anti_affinity_filter',
    'VCPUFilter': 'vcpu_filter',
}


class BaseHostFilter(object):
    """Subclasses implement host_passes(host_state, spec)."""

    # Whether the result may be reused for every instance of one request.
    run_filter_once_per_request = False

    def host_passes(self, host_state, spec):
        raise NotImplementedError()

    def filter_all(self, host_states, spec):
        return [h for h in host_states if self.host_passes(h, spec)]


def load_filters(names):
    loaded = []
    for name in names:
        module = _FILTER_MODULES.get(name)
        if module is None:
            raise exception.InvalidInput(reason='Unknown filter %s' % name)
        mod = importlib.import_module('nova_lite.scheduler.filters.' + module)
        loaded.append(getattr(mod, name)())
    return loaded
