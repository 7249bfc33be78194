"""The version cap of each service's RPC client, from [upgrade_levels].

    empty       no cap: the newest version this release knows
    "1.0"       that version
    "aspen"     a release name (objects.service.RELEASES): what it serves
    "auto"      what the oldest running service of that binary serves
                (objects.Service.get_minimum_version through the
                SERVICE_VERSION_HISTORY), re-read at most every
                report_interval seconds

One VersionCap per service binary is shared by every client of a
process, so the minimum is read once per interval, and the choice is
logged once per change. reset() (on SIGHUP) forgets every choice: the
next message re-reads the option and the service records.
"""
import threading
import time

from oslo_log import log as logging

from nova_lite import conf as nl_conf

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

AUTO = 'auto'
# The service binary whose clients each [upgrade_levels] option caps.
BINARIES = {'compute': 'nova-compute', 'conductor': 'nova-conductor',
            'scheduler': 'nova-scheduler'}


def _service_objects():
    from nova_lite.objects import service as service_obj
    return service_obj


class VersionCap(object):
    """The cap [upgrade_levels] `option` puts on the client of `binary`."""

    def __init__(self, option, binary=None, clock=time.monotonic):
        self.option = option
        self.binary = binary or BINARIES[option]
        self._clock = clock
        self._lock = threading.Lock()
        self._resolved = False
        self._cap = None
        self._read_at = None
        self._logged = object()  # what was last logged (nothing yet)

    def reset(self):
        with self._lock:
            self._resolved = False
            self._read_at = None
            self._logged = object()

    def get(self):
        """The cap (a version string, or None for none), resolved anew
        when the option is auto and report_interval has passed."""
        level = getattr(CONF.upgrade_levels, self.option) or None
        if level != AUTO and self._resolved:
            return self._cap
        with self._lock:
            if level == AUTO and self._resolved and \
                    self._clock() - self._read_at < CONF.report_interval:
                return self._cap
            if level == AUTO:
                self._cap = self._automatic_cap()
            else:
                self._cap = self._configured_cap(level)
            self._resolved = True
            return self._cap

    def _configured_cap(self, level):
        if level is None:
            return None
        service_obj = _service_objects()
        cap = level
        if level in service_obj.RELEASES:
            cap = service_obj.rpc_versions_of(
                service_obj.RELEASES[level])[service_obj.RPC_KEYS[
                    self.binary]]
        self._log_once(cap, '%s RPC version cap %s ([upgrade_levels] '
                       '%s = %s)', self.option, cap, self.option, level)
        return cap

    def _automatic_cap(self):
        from nova_lite import context as nl_context
        service_obj = _service_objects()
        now = self._clock()
        try:
            minimum = service_obj.Service.get_minimum_version(
                nl_context.get_admin_context(), self.binary)
        except Exception:
            if not self._resolved:
                raise
            LOG.warning('Could not read the minimum %s service version; '
                        'keeping the %s RPC version cap %s', self.binary,
                        self.option, self._cap, exc_info=True)
            self._read_at = now
            return self._cap
        self._read_at = now
        if minimum is None:
            # No such service yet: nothing to talk to, nothing to cap;
            # read again next interval.
            self._log_once(None, 'No %s service record yet: no %s RPC '
                           'version cap until one exists', self.binary,
                           self.option)
            return None
        cap = service_obj.rpc_versions_of(minimum)[
            service_obj.RPC_KEYS[self.binary]]
        self._log_once(cap, 'Automatically selected %s RPC version %s from '
                       'minimum service version %s', self.option, cap,
                       minimum)
        return cap

    def _log_once(self, key, msg, *args):
        if key != self._logged:
            self._logged = key
            LOG.info(msg, *args)


_CAPS = {}
_CAPS_LOCK = threading.Lock()


def cap_for(option):
    """The process-wide VersionCap of [upgrade_levels] `option`."""
    with _CAPS_LOCK:
        if option not in _CAPS:
            _CAPS[option] = VersionCap(option)
        return _CAPS[option]


def reset():
    """Forget every chosen cap (SIGHUP): re-read on the next message."""
    with _CAPS_LOCK:
        caps = list(_CAPS.values())
    for cap in caps:
        cap.reset()
