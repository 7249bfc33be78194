"""Host weighers: each scores hosts; scores are normalised to 0..1 and
summed with their multipliers, best first."""
import heapq
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
    # Whether weight_multiplier is the same for every host (a config
    # value): then it is asked once per request, not once per host.
    uniform_multiplier = False

    def weight_multiplier(self, host_state):
        return 1.0

    def applies(self, spec):
        """False when every host would score alike for this request (the
        weigher is then skipped)."""
        return True

    def weigh_objects(self, host_states, spec):
        """The raw score of each host (subclasses may compute them in one
        pass)."""
        return [self._weigh_object(h, spec) for h in host_states]

    def _weigh_object(self, host_state, spec):
        raise NotImplementedError()


def _add_normalized(totals, weigher, host_states, spec):
    """Add each host's score, normalised to 0..1 and multiplied, to
    totals."""
    raw = weigher.weigh_objects(host_states, spec)
    low, high = min(raw), max(raw)
    if high == low:
        return
    if weigher.uniform_multiplier:
        scale = weigher.weight_multiplier(host_states[0]) / (high - low)
        if scale:
            totals[:] = [t + (v - low) * scale for t, v in zip(totals, raw)]
        return
    span = high - low
    for i, value in enumerate(raw):
        totals[i] += (weigher.weight_multiplier(host_states[i]) *
                      (value - low) / span)


def weigh_hosts(weighers, host_states, spec, limit=None):
    """Host states sorted best first (the best `limit` of them, if
    given); hosts that weigh the same keep their order."""
    if not host_states:
        return []
    totals = [0.0] * len(host_states)
    for weigher in weighers:
        if weigher.applies(spec):
            _add_normalized(totals, weigher, host_states, spec)
    if limit is None or limit >= len(host_states):
        order = sorted(range(len(host_states)), key=totals.__getitem__,
                       reverse=True)
    else:
        # The same as sorted(..., reverse=True)[:limit], without sorting
        # thousands of hosts to use three.
        order = heapq.nlargest(limit, range(len(host_states)),
                               key=totals.__getitem__)
    return [host_states[i] for i in order]


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
