from nova_lite.scheduler import filters


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """Members of an 'affinity' group go where the group already runs.

    The first member may go anywhere; spec['instance_group']['hosts']
    lists the host of every member placed so far (this request included).
    """

    policy_name = 'affinity'

    def applies(self, spec):
        return (spec.get('instance_group') or {}).get('policy') == \
            self.policy_name

    def host_passes(self, host_state, spec):
        group = spec.get('instance_group') or {}
        if group.get('policy') != self.policy_name:
            return True
        hosts = group.get('hosts') or []
        return not hosts or host_state.host in hosts
