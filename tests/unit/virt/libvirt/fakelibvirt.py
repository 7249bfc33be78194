"""A stand-in for libvirt-python, so the libvirt driver's unit tests run
on machines without it.

Only what nova_lite.virt.libvirt uses: open() and a connection that keeps
domains in memory (define, lookup, list, capabilities, close callbacks and
lifecycle event registration), domains with libvirt's state machine
(create, destroy, ACPI shutdown, pause/resume, managed save, undefine with
its flags, metadata), libvirtError with error codes, and the VIR_*
constants the driver reads, with libvirt's values. Lifecycle events are
delivered as the state changes, from the thread that changed it (real
libvirt delivers them from its event loop thread; the driver queues them
either way).

conftest.py installs it in place of the real module for every test here,
and resets it (no connection, no domain) before each.
"""
import os
import threading
import uuid as uuid_mod
import xml.etree.ElementTree as ET

# virDomainState, in libvirt's order
(VIR_DOMAIN_NOSTATE, VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED,
 VIR_DOMAIN_PAUSED, VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF,
 VIR_DOMAIN_CRASHED, VIR_DOMAIN_PMSUSPENDED) = range(8)

# virDomainEventType, in libvirt's order, and the lifecycle event id
(VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_UNDEFINED,
 VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_SUSPENDED,
 VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_STOPPED,
 VIR_DOMAIN_EVENT_SHUTDOWN, VIR_DOMAIN_EVENT_PMSUSPENDED,
 VIR_DOMAIN_EVENT_CRASHED) = range(9)
VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0
VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED = 15
VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED = 22
_EVENT_IDS = (VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
              VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED)
VIR_DOMAIN_EVENT_STARTED_BOOTED = 0
VIR_DOMAIN_EVENT_STARTED_RESTORED = 2
VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN = 0
VIR_DOMAIN_EVENT_STOPPED_DESTROYED = 1
VIR_DOMAIN_EVENT_STOPPED_SAVED = 4

# flags
VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1
VIR_DOMAIN_UNDEFINE_NVRAM = 4
VIR_DOMAIN_METADATA_ELEMENT = 2
VIR_DOMAIN_XML_SECURE = 1
VIR_DOMAIN_XML_INACTIVE = 2
VIR_DOMAIN_START_PAUSED = 1
VIR_DOMAIN_AFFECT_LIVE = 1
VIR_DOMAIN_AFFECT_CONFIG = 2
VIR_DOMAIN_BLOCK_RESIZE_BYTES = 1
VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT = 2
VIR_DOMAIN_BLOCK_REBASE_COPY = 8
VIR_DOMAIN_BLOCK_REBASE_COPY_RAW = 4
VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT = 2
VIR_DOMAIN_BLOCK_REBASE_RELATIVE = 16
VIR_DOMAIN_BLOCK_COMMIT_RELATIVE = 8
VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA = 4
VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY = 16
VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT = 32
VIR_CONNECT_CLOSE_REASON_ERROR = 0
VIR_CONNECT_CLOSE_REASON_EOF = 1
VIR_CONNECT_CLOSE_REASON_KEEPALIVE = 2
VIR_CONNECT_CLOSE_REASON_CLIENT = 3

# virErrorNumber and virErrorDomain
VIR_ERR_ERROR = 2
VIR_ERR_INTERNAL_ERROR = 1
VIR_ERR_NO_SUPPORT = 3
VIR_ERR_NO_CONNECT = 5
VIR_ERR_INVALID_CONN = 6
VIR_ERR_OPERATION_FAILED = 9
VIR_ERR_SYSTEM_ERROR = 38
VIR_ERR_NO_DOMAIN = 42
VIR_ERR_OPERATION_INVALID = 55
VIR_ERR_NO_DOMAIN_METADATA = 80
VIR_FROM_RPC = 7
VIR_FROM_QEMU = 10
VIR_FROM_REMOTE = 13
VIR_FROM_DOMAIN = 20

LIB_VERSION = 9000000
HYPERVISOR_VERSION = 7002000
NODE_INFO = ['x86_64', 7800, 2, 2596, 1, 1, 2, 1]
CAPABILITIES = """<capabilities><host><cpu><arch>x86_64</arch>
  <model>kvm64</model><vendor>AMD</vendor>
  <topology sockets='1' dies='1' cores='2' threads='1'/>
  <feature name='vme'/><feature name='avx'/></cpu></host></capabilities>"""


class libvirtError(Exception):
    """As libvirt's: `err` is the 9-tuple of virGetLastError(), or None."""

    def __init__(self, defmsg, error_code=None, error_domain=VIR_FROM_QEMU):
        super().__init__(defmsg)
        self.err = None if error_code is None else (
            error_code, error_domain, defmsg, VIR_ERR_ERROR, None, None,
            None, 0, 0)

    def get_error_code(self):
        return None if self.err is None else self.err[0]

    def get_error_domain(self):
        return None if self.err is None else self.err[1]

    def get_error_message(self):
        return None if self.err is None else self.err[2]


# -- module functions ------------------------------------------------------

#: The connections open() returned, oldest first (tests inspect them).
connections = []
#: libvirtd's domains by uuid: every connection sees the same ones.
domains = {}
#: While set, open() fails as with libvirtd down.
refuse_connections = threading.Event()
_never = threading.Event()


def open(uri=None):  # noqa: A001 - libvirt's name
    if refuse_connections.is_set():
        raise libvirtError('Failed to connect socket to '
                           "'/run/libvirt/libvirt-sock'",
                           VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC)
    conn = virConnect(uri)
    connections.append(conn)
    return conn


def registerErrorHandler(handler, ctx):
    pass


def virEventRegisterDefaultImpl():
    pass


def virEventRunDefaultImpl():
    # Events are delivered as they happen; the loop thread only waits.
    _never.wait()


def reset():
    """Forget every connection and domain (a fresh libvirtd)."""
    del connections[:]
    domains.clear()
    refuse_connections.clear()


# -- connection ------------------------------------------------------------

class virConnect(object):
    def __init__(self, uri):
        self.uri = uri
        self.alive = True
        self.domains = domains
        self.close_callback = None
        self.event_callbacks = {}  # id -> (event id, callback, opaque)
        self._next_callback = 0
        self.keepalive = None

    def isAlive(self):
        return self.alive

    def close(self):
        self.alive = False
        return 0

    def lose(self, reason=VIR_CONNECT_CLOSE_REASON_EOF):
        """libvirtd went away: the close callback runs, calls fail."""
        self.alive = False
        if self.close_callback is not None:
            callback, opaque = self.close_callback
            callback(self, reason, opaque)

    def registerCloseCallback(self, callback, opaque):
        self.close_callback = (callback, opaque)
        return 0

    def unregisterCloseCallback(self):
        self.close_callback = None
        return 0

    def setKeepAlive(self, interval, count):
        self.keepalive = (interval, count)
        return 0

    def domainEventRegisterAny(self, dom, event_id, callback, opaque):
        if event_id not in _EVENT_IDS:
            raise libvirtError('unsupported event %s' % event_id,
                               VIR_ERR_NO_SUPPORT)
        self._next_callback += 1
        self.event_callbacks[self._next_callback] = (event_id, callback,
                                                     opaque)
        return self._next_callback

    def domainEventDeregisterAny(self, callback_id):
        del self.event_callbacks[callback_id]
        return 0

    def emit(self, dom, event, detail=0):
        for conn in connections:
            if conn.alive:
                for event_id, callback, opaque in list(
                        conn.event_callbacks.values()):
                    if event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE:
                        callback(conn, dom, event, detail, opaque)

    def emit_device(self, dom, event_id, alias):
        for conn in connections:
            if conn.alive:
                for registered, callback, opaque in list(
                        conn.event_callbacks.values()):
                    if registered == event_id:
                        callback(conn, dom, alias, opaque)

    def getLibVersion(self):
        return LIB_VERSION

    def getVersion(self):
        return HYPERVISOR_VERSION

    def getInfo(self):
        return list(NODE_INFO)

    def getCapabilities(self):
        return CAPABILITIES

    def _check(self):
        if not self.alive:
            raise libvirtError('internal error: client socket is closed',
                               VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC)

    def defineXML(self, xml):
        self._check()
        root = ET.fromstring(xml)
        uuid = root.findtext('uuid') or str(uuid_mod.uuid4())
        name = root.findtext('name')
        for other in self.domains.values():
            if other.name() == name and other.UUIDString() != uuid:
                raise libvirtError(
                    "operation failed: domain '%s' already exists with "
                    'uuid %s' % (name, other.UUIDString()),
                    VIR_ERR_OPERATION_FAILED)
        dom = self.domains.get(uuid)
        if dom is None:
            dom = self.domains[uuid] = virDomain(self, uuid, xml)
        else:
            dom.xml = xml
        self.emit(dom, VIR_DOMAIN_EVENT_DEFINED)
        return dom

    def lookupByUUIDString(self, uuid):
        self._check()
        try:
            return self.domains[uuid]
        except KeyError:
            raise libvirtError("Domain not found: no domain with matching "
                               "uuid '%s'" % uuid, VIR_ERR_NO_DOMAIN)

    def lookupByName(self, name):
        self._check()
        for dom in self.domains.values():
            if dom.name() == name:
                return dom
        raise libvirtError("Domain not found: no domain with matching name "
                           "'%s'" % name, VIR_ERR_NO_DOMAIN)

    def listAllDomains(self, flags=0):
        self._check()
        return list(self.domains.values())


# -- domain ----------------------------------------------------------------

class virDomain(object):
    #: Whether the guest powers off on an ACPI shutdown request.
    acpi_powers_off = True

    def __init__(self, conn, uuid, xml):
        self._conn = conn
        self._uuid = uuid
        self.xml = xml
        self._state = VIR_DOMAIN_SHUTOFF
        self._id = -1
        self.managed_save = False
        self.nmi_count = 0
        self.block_jobs_done = []
        self.snapshots = []

    def _invalid(self, what):
        return libvirtError('Requested operation is not valid: %s' % what,
                            VIR_ERR_OPERATION_INVALID)

    def _set(self, state, event, detail=0):
        self._state = state
        self._conn.emit(self, event, detail)

    def UUIDString(self):
        return self._uuid

    def name(self):
        return ET.fromstring(self.xml).findtext('name')

    def ID(self):
        return self._id

    def XMLDesc(self, flags=0):
        return self.xml

    def metadata(self, kind, uri, flags=0):
        if kind == VIR_DOMAIN_METADATA_ELEMENT:
            found = ET.fromstring(self.xml).find('metadata/{%s}*' % uri)
            if found is not None:
                return ET.tostring(found, encoding='unicode')
        raise libvirtError('metadata not found: Requested metadata element '
                           'is not present', VIR_ERR_NO_DOMAIN_METADATA)

    def state(self, flags=0):
        return [self._state, 1]

    def info(self):
        memory_kib = self.maxMemory()
        vcpus = int(ET.fromstring(self.xml).findtext('vcpu') or 1)
        return [self._state, memory_kib, memory_kib, vcpus, 0]

    def maxMemory(self):
        memory = ET.fromstring(self.xml).find('memory')
        if memory is None:
            return 0
        scale = {'KiB': 1, 'MiB': 1024, 'GiB': 1024 ** 2}
        return int(memory.text) * scale.get(memory.get('unit', 'KiB'), 1)

    def isActive(self):
        return self._state not in (VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED)

    def create(self):
        return self.createWithFlags(0)

    def createWithFlags(self, flags=0):
        if self.isActive():
            raise self._invalid('domain is already running')
        restored = self.managed_save
        self.managed_save = False
        self._id = max([d._id for d in self._conn.domains.values()] +
                       [0]) + 1
        self._set(VIR_DOMAIN_RUNNING, VIR_DOMAIN_EVENT_STARTED,
                  VIR_DOMAIN_EVENT_STARTED_RESTORED if restored
                  else VIR_DOMAIN_EVENT_STARTED_BOOTED)
        if flags & VIR_DOMAIN_START_PAUSED:
            self._set(VIR_DOMAIN_PAUSED, VIR_DOMAIN_EVENT_SUSPENDED)
        return 0

    def attachDeviceFlags(self, xml, flags=0):
        """Devices are appended to the one definition this fake keeps."""
        root = ET.fromstring(self.xml)
        root.find('devices').append(ET.fromstring(xml))
        self.xml = ET.tostring(root, encoding='unicode')
        return 0

    #: Whether a running guest releases an unplugged disk (the fake then
    #: reports DEVICE_REMOVED at once; otherwise nothing happens, as with
    #: a guest ignoring the ACPI eject).
    releases_disks = True
    detach_requests = 0

    def detachDeviceFlags(self, xml, flags=0):
        """Removes the interface with the same MAC (the guest acks at
        once), or the disk with the same target dev."""
        elem = ET.fromstring(xml)
        if elem.tag == 'disk':
            return self._detach_disk(elem, flags)
        mac = elem.find('mac').get('address')
        root = ET.fromstring(self.xml)
        devices = root.find('devices')
        for iface in devices.findall('interface'):
            if iface.find('mac').get('address') == mac:
                devices.remove(iface)
                self.xml = ET.tostring(root, encoding='unicode')
                return 0
        raise libvirtError('no interface with MAC %s' % mac,
                           error_code=VIR_ERR_OPERATION_FAILED)

    def _detach_disk(self, elem, flags):
        dev = elem.find('target').get('dev')
        root = ET.fromstring(self.xml)
        devices = root.find('devices')
        for disk in devices.findall('disk'):
            if disk.find('target').get('dev') != dev:
                continue
            self.detach_requests += 1
            live = flags & VIR_DOMAIN_AFFECT_LIVE and self.isActive()
            if self.isActive() and not live:
                return 0    # the next boot's definition (not kept apart)
            if live and not self.releases_disks:
                return 0
            devices.remove(disk)
            self.xml = ET.tostring(root, encoding='unicode')
            if live:
                alias = disk.find('alias')
                self._conn.emit_device(
                    self, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                    alias.get('name') if alias is not None else dev)
            return 0
        raise libvirtError('no disk %s' % dev,
                           error_code=VIR_ERR_OPERATION_FAILED)

    transient = False
    block_job = None

    def blockRebase(self, disk, base, bandwidth=0, flags=0):
        if not flags & VIR_DOMAIN_BLOCK_REBASE_COPY:
            # A pull: done at once, the job gone.
            self._disk_of(disk)
            self.block_jobs_done.append(('pull', disk, base, flags))
            return 0
        if not self.transient:
            raise self._invalid('copy of a persistent domain')
        self.block_job = (disk, base, flags)
        return 0

    def blockCommit(self, disk, base, top, bandwidth=0, flags=0):
        self._disk_of(disk)
        self.block_jobs_done.append(('commit', disk, base, top, flags))
        return 0

    def _disk_of(self, dev):
        for elem in ET.fromstring(self.xml).findall('devices/disk'):
            if elem.find('target').get('dev') == dev:
                return elem
        raise libvirtError("invalid argument: disk '%s' not found" % dev,
                           error_code=VIR_ERR_OPERATION_FAILED)

    def snapshotCreateXML(self, xml, flags=0):
        """External disk-only snapshots: each disk named with
        snapshot='external' moves onto its new source file (qcow2)."""
        if not flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY:
            raise self._invalid('only disk snapshots are modelled')
        root = ET.fromstring(self.xml)
        for item in ET.fromstring(xml).findall('disks/disk'):
            if item.get('snapshot') != 'external':
                continue
            new_file = item.find('source').get('file')
            if flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT and \
                    not os.path.exists(new_file):
                raise libvirtError("cannot open '%s'" % new_file,
                                   error_code=VIR_ERR_OPERATION_FAILED)
            for elem in root.findall('devices/disk'):
                if elem.find('target').get('dev') == item.get('name'):
                    elem.find('source').set('file', new_file)
                    elem.find('driver').set('type', 'qcow2')
        self.xml = ET.tostring(root, encoding='unicode')
        self.snapshots.append((xml, flags))
        return None

    def blockJobInfo(self, disk, flags=0):
        if self.block_job is None or self.block_job[0] != disk:
            return {}
        return {'type': 2, 'bandwidth': 0, 'cur': 100, 'end': 100}

    def blockJobAbort(self, disk, flags=0):
        job, self.block_job = self.block_job, None
        if job and flags & VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT:
            root = ET.fromstring(self.xml)
            for elem in root.findall('devices/disk'):
                if elem.find('target').get('dev') == disk:
                    elem.find('source').set('file', job[1])
            self.xml = ET.tostring(root, encoding='unicode')
        return 0

    def blockResize(self, disk, size, flags=0):
        self.resized = (disk, size, flags)
        return 0

    def _stop(self, detail):
        self._id = -1
        self._set(VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_EVENT_STOPPED, detail)

    def destroy(self):
        if not self.isActive():
            raise self._invalid('domain is not running')
        self._stop(VIR_DOMAIN_EVENT_STOPPED_DESTROYED)
        return 0

    def shutdown(self):
        if not self.isActive():
            raise self._invalid('domain is not running')
        if self.acpi_powers_off and self._state == VIR_DOMAIN_RUNNING:
            self._stop(VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN)
        return 0

    def suspend(self):
        if self._state != VIR_DOMAIN_RUNNING:
            raise self._invalid('domain is not running')
        self._set(VIR_DOMAIN_PAUSED, VIR_DOMAIN_EVENT_SUSPENDED)
        return 0

    def resume(self):
        if self._state != VIR_DOMAIN_PAUSED:
            raise self._invalid('domain is not paused')
        self._set(VIR_DOMAIN_RUNNING, VIR_DOMAIN_EVENT_RESUMED)
        return 0

    def managedSave(self, flags=0):
        if not self.isActive():
            raise self._invalid('domain is not running')
        self.managed_save = True
        self._stop(VIR_DOMAIN_EVENT_STOPPED_SAVED)
        return 0

    def hasManagedSaveImage(self, flags=0):
        return int(self.managed_save)

    def managedSaveRemove(self, flags=0):
        self.managed_save = False
        return 0

    def injectNMI(self, flags=0):
        if not self.isActive():
            raise self._invalid('domain is not running')
        self.nmi_count += 1
        return 0

    def undefineFlags(self, flags=0):
        if self.managed_save and not flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE:
            raise self._invalid('Refusing to undefine while domain managed '
                                'save image exists')
        self.managed_save = False
        if self.isActive() and self._uuid in self._conn.domains:
            self.transient = True       # runs on without a definition
            self._conn.emit(self, VIR_DOMAIN_EVENT_UNDEFINED)
            return 0
        if self._conn.domains.pop(self._uuid, None) is None:
            raise libvirtError('Domain not found', VIR_ERR_NO_DOMAIN)
        self._conn.emit(self, VIR_DOMAIN_EVENT_UNDEFINED)
        return 0

    def undefine(self):
        return self.undefineFlags(0)
