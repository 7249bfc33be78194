"""Host weighers: each scores hosts; scores are normalised to 0..1 and
summed with their multipliers, best first."""
import importlib

from nova_lite import exception

_WEIGHER_MODULES = {
    'RAMWeigher': 'ram',
    'CPUWeigher': 'cpu',
    'DiskWeigher': 'disk',
    'ServerGroupSoftAffinityWeigher': 'soft_affinity',
    'ServerGroupSoftAntiAffinityWeigher': 'soft_anti_affinity',
}


class BaseHostWeigher(object):
    def weight_multiplier(self, host_state):
        return 1.0

    def _weigh_object(self, host_state, spec):
        raise NotImplementedError()


def _normalize(values):
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def weigh_hosts(weighers, host_states, spec):
    """Return host states sorted best first."""
    totals = [0.0] * len(host_states)
    for weigher in weighers:
        raw = [weigher._weigh_object(h, spec) for h in host_states]
        for i, value in enumerate(_normalize(raw) if raw else []):
            totals[i] += weigher.weight_multiplier(host_states[i]) * value
    ranked = sorted(zip(totals, range(len(host_states))),
                    key=lambda pair: (-pair[0], pair[1]))
    return [host_states[i] for _, i in ranked]


def load_weighers(names):
    loaded = []
    for name in names:
        module = _WEIGHER_MODULES.get(name)
        if module is None:
            raise exception.InvalidInput(reason='Unknown weigher %s' % name)
        mod = importlib.import_module('nova_lite.scheduler.weighers.' +
                                      module)
        loaded.append(getattr(mod, name)())
    return loaded
