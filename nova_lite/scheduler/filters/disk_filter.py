from nova_lite.scheduler import filters


class DiskFilter(filters.BaseHostFilter):
    """Only hosts with enough free local disk (after the allocation ratio)."""

    def host_passes(self, host_state, spec):
        flavor = spec['flavor']
        wanted = flavor['root_gb'] + flavor['ephemeral_gb']
        return host_state.free_disk_gb >= wanted
