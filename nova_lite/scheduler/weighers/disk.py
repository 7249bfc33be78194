from nova_lite import conf as nl_conf
from nova_lite.scheduler import weighers

CONF = nl_conf.CONF


class DiskWeigher(weighers.BaseHostWeigher):
    """More free disk ranks higher (spread); a negative multiplier stacks."""

    uniform_multiplier = True

    def weight_multiplier(self, host_state):
        return CONF.filter_scheduler.disk_weight_multiplier

    def _weigh_object(self, host_state, spec):
        return host_state.free_disk_gb

    def weigh_objects(self, host_states, spec):
        return [h.free_disk_gb for h in host_states]
