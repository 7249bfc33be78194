"""Host filters: each decides alone whether one host can take a request."""
import importlib

from nova_lite import conf as nl_conf
from nova_lite.scheduler import loadables

CONF = nl_conf.CONF

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

    # Whether the filter runs only for the first instance of a request:
    # the hosts the later instances choose from have passed it already,
    # and nothing the earlier instances consumed changes its answer.
    run_filter_once_per_request = False

    def run_filter_for_index(self, index):
        """Whether to run for the `index`-th (0-based) instance of a
        request."""
        return index == 0 or not self.run_filter_once_per_request

    def applies(self, spec):
        """False when every host passes for this request (the filter is
        then skipped: it would only cost a call per host)."""
        return True

    def host_passes(self, host_state, spec):
        raise NotImplementedError()

    def filter_all(self, host_states, spec):
        if not self.applies(spec):
            return host_states
        return [h for h in host_states if self.host_passes(h, spec)]


def all_filters():
    """Every filter class nova_lite has (the default of [filter_scheduler]
    available_filters)."""
    return [getattr(importlib.import_module(__name__ + '.' + module), name)
            for name, module in sorted(_FILTER_MODULES.items())]


def load_filters(names, available=None):
    """The filters named in `names`, in order, picked from the classes of
    `available` (default: [filter_scheduler] available_filters)."""
    if available is None:
        available = CONF.filter_scheduler.available_filters
    classes = loadables.classes_at(
        available, '[filter_scheduler] available_filters')
    return loadables.instances_by_name(
        names, classes, '[filter_scheduler] enabled_filters',
        'filter in available_filters')
