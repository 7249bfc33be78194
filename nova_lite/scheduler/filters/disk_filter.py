from nova_lite.scheduler import filters
from nova_lite.scheduler import host_state as host_state_mod


class DiskFilter(filters.BaseHostFilter):
    """Only hosts with enough free local disk (after the allocation ratio);
    a server booted from volume wants none for its root."""

    def host_passes(self, host_state, spec):
        return host_state.free_disk_gb >= host_state.wanted_disk_gb(spec)

    def filter_all(self, host_states, spec):
        wanted = host_state_mod.HostState.wanted_disk_gb(spec)
        return [h for h in host_states if h.free_disk_gb >= wanted]
