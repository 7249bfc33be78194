from nova_lite import conf as nl_conf
from nova_lite.scheduler import weighers

CONF = nl_conf.CONF


class CPUWeigher(weighers.BaseHostWeigher):
    """More free vCPUs ranks higher (spread); a negative multiplier stacks."""

    uniform_multiplier = True

    def weight_multiplier(self, host_state):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def _weigh_object(self, host_state, spec):
        return host_state.free_vcpus

    def weigh_objects(self, host_states, spec):
        return [h.free_vcpus for h in host_states]
