from nova_lite.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    """Only hosts with enough free RAM (after the allocation ratio)."""

    def host_passes(self, host_state, spec):
        return host_state.free_ram_mb >= spec['flavor']['memory_mb']

    def filter_all(self, host_states, spec):
        wanted = spec['flavor']['memory_mb']
        return [h for h in host_states if h.free_ram_mb >= wanted]
