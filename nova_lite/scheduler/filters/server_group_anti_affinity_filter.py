from nova_lite.scheduler import filters


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """Members of an 'anti-affinity' group go to different hosts: a host
    passes while it holds fewer members than the group's
    max_server_per_host rule (1 by default)."""

    policy_name = 'anti-affinity'

    def applies(self, spec):
        return (spec.get('instance_group') or {}).get('policy') == \
            self.policy_name

    def host_passes(self, host_state, spec):
        group = spec.get('instance_group') or {}
        if group.get('policy') != self.policy_name:
            return True
        limit = (group.get('rules') or {}).get('max_server_per_host') or 1
        on_host = (group.get('hosts') or []).count(host_state.host)
        return on_host < int(limit)
