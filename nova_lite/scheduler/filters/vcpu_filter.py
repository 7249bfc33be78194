from nova_lite.scheduler import filters


class VCPUFilter(filters.BaseHostFilter):
    """Only hosts with enough free vCPUs (after the allocation ratio)."""

    def host_passes(self, host_state, spec):
        return host_state.free_vcpus >= spec['flavor']['vcpus']

    def filter_all(self, host_states, spec):
        wanted = spec['flavor']['vcpus']
        return [h for h in host_states if h.free_vcpus >= wanted]
