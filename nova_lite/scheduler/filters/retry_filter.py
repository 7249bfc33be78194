from nova_lite.scheduler import filters


class RetryFilter(filters.BaseHostFilter):
    """Skip hosts a rescheduled build already failed on."""

    def applies(self, spec):
        return bool(spec.get('retry', {}).get('hosts'))

    def host_passes(self, host_state, spec):
        tried = spec.get('retry', {}).get('hosts', [])
        return [host_state.host, host_state.nodename] not in [
            list(h) for h in tried]
