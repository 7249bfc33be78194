from nova_lite import conf as nl_conf
from nova_lite.scheduler import weighers

CONF = nl_conf.CONF


def of_policy(spec, policy):
    """Whether the request is placed under a group of `policy`."""
    return (spec.get('instance_group') or {}).get('policy') == policy


def members_on_host(host_state, spec, policy):
    """How many members of a `policy` group the host already holds."""
    group = spec.get('instance_group') or {}
    if group.get('policy') != policy:
        return 0
    return (group.get('hosts') or []).count(host_state.host)


class ServerGroupSoftAffinityWeigher(weighers.BaseHostWeigher):
    """soft-affinity: the more members a host holds, the better."""

    uniform_multiplier = True

    def weight_multiplier(self, host_state):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def applies(self, spec):
        return of_policy(spec, 'soft-affinity')

    def _weigh_object(self, host_state, spec):
        return members_on_host(host_state, spec, 'soft-affinity')
