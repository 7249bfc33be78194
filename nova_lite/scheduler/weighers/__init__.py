"""Host weighers: each scores hosts; scores are normalised to 0..1 and
summed with their multipliers, best first."""
import importlib

from nova_lite.scheduler import loadables

_WEIGHER_MODULES = {
    'RAMWeigher': 'ram',
    'CPUWeigher': 'cpu',
    'DiskWeigher': 'disk',
    'ServerGroupSoftAffinityWeigher': 'soft_affinity',
    'ServerGroupSoftAntiAffinityWeigher': 'soft_anti_affinity',
}
_OPTION = '[filter_scheduler] weight_classes'


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


def all_weighers():
    """Every weigher class nova_lite has."""
    return [getattr(importlib.import_module(__name__ + '.' + module), name)
            for name, module in sorted(_WEIGHER_MODULES.items())]


def load_weighers(entries):
    """The weighers of [filter_scheduler] weight_classes: each entry the
    name of one of nova_lite's weighers, or (as in Nova) a dotted path to
    a weigher class or to a function returning classes, such as
    nova_lite.scheduler.weighers.all_weighers."""
    loaded = []
    for entry in entries:
        if '.' in entry:
            loaded.extend(cls() for cls in loadables.classes_at([entry],
                                                                _OPTION))
        else:
            loaded.extend(loadables.instances_by_name(
                [entry], all_weighers(), _OPTION, 'weigher'))
    return loaded
