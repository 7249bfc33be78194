from nova_lite import conf as nl_conf
from nova_lite.scheduler import weighers
from nova_lite.scheduler.weighers import soft_affinity

CONF = nl_conf.CONF


class ServerGroupSoftAntiAffinityWeigher(weighers.BaseHostWeigher):
    """soft-anti-affinity: the fewer members a host holds, the better."""

    uniform_multiplier = True

    def weight_multiplier(self, host_state):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def applies(self, spec):
        return soft_affinity.of_policy(spec, 'soft-anti-affinity')

    def _weigh_object(self, host_state, spec):
        return -soft_affinity.members_on_host(host_state, spec,
                                              'soft-anti-affinity')
