from nova_lite.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    """Only hosts with enough free RAM (after the allocation ratio)."""

    def host_passes(self, host_state, spec):
        return host_state.free_ram_mb >= spec['flavor']['memory_mb']
