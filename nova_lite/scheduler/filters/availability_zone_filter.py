from nova_lite.scheduler import filters


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """Only hosts in the availability zone the request asked for."""

    run_filter_once_per_request = True

    def applies(self, spec):
        return bool(spec.get('availability_zone'))

    def host_passes(self, host_state, spec):
        wanted = spec.get('availability_zone')
        if not wanted:
            return True
        return host_state.availability_zone == wanted
