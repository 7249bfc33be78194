from nova_lite.scheduler import filters


class DiskFilter(filters.BaseHostFilter):
    """Only hosts with enough free local disk (after the allocation ratio);
    a server booted from volume wants none for its root."""

    def host_passes(self, host_state, spec):
        return host_state.free_disk_gb >= host_state.wanted_disk_gb(spec)
