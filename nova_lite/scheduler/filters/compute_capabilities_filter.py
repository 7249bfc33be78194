import operator

from nova_lite.scheduler import filters

_OPS = {
    '=': lambda have, want: float(have) >= float(want),
    '==': lambda have, want: float(have) == float(want),
    '!=': lambda have, want: float(have) != float(want),
    '>=': lambda have, want: float(have) >= float(want),
    '<=': lambda have, want: float(have) <= float(want),
    's==': operator.eq,
    's!=': operator.ne,
}


class ComputeCapabilitiesFilter(filters.BaseHostFilter):
    """Match flavor extra specs `capabilities:<attr>` against the host."""

    run_filter_once_per_request = True

    def applies(self, spec):
        return any(key.startswith('capabilities:') for key in
                   spec['flavor'].get('extra_specs') or {})

    def host_passes(self, host_state, spec):
        extra_specs = spec['flavor'].get('extra_specs') or {}
        for key, requirement in extra_specs.items():
            if not key.startswith('capabilities:'):
                continue
            have = getattr(host_state, key.split(':', 1)[1], None)
            if have is None:
                return False
            parts = str(requirement).split(None, 1)
            if len(parts) == 2 and parts[0] in _OPS:
                try:
                    if not _OPS[parts[0]](have, parts[1]):
                        return False
                except ValueError:
                    return False
            elif str(have) != str(requirement):
                return False
        return True
