"""compute_driver = auto (nova-lite-all's default): real guests when this
host can run them, else the fake driver, and a sentence saying which and
why."""
import os
import uuid

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

AUTO = 'auto'
LIBVIRT = 'libvirt.LibvirtDriver'
FAKE = 'fake.FakeDriver'
ROOT_INSTANCES_PATH = '/var/lib/nova-lite/instances'


def _kvm_guest_starts(conn, cpu_mode):
    """Whether a throwaway KVM guest with the CPU mode a real one would
    get keeps running: a host whose /dev/kvm exists may still refuse KVM
    guests (nested virtualization missing CPU features)."""
    import libvirt
    cpu = "<cpu mode='%s'/>" % cpu_mode if cpu_mode in (
        'host-model', 'host-passthrough') else ''
    xml = ("<domain type='kvm'><name>nova-lite-kvm-probe-%s</name>"
           "<memory unit='MiB'>16</memory><vcpu>1</vcpu>"
           "<os><type>hvm</type></os>%s<devices/></domain>"
           % (uuid.uuid4().hex[:8], cpu))
    try:
        dom = conn.createXML(xml, 0)
    except libvirt.libvirtError as exc:
        LOG.info('KVM guests do not start here (%s); using virt_type qemu',
                 exc.get_error_message().splitlines()[0])
        return False
    try:
        dom.destroy()
    except libvirt.libvirtError:
        pass
    return True


def _probe_libvirt(uri, cpu_mode):
    """(problem or None, whether KVM guests start here)."""
    try:
        import libvirt
    except ImportError:
        return ('libvirt-python is not installed (tools/install-libvirt.sh)',
                False)
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    try:
        conn = libvirt.open(uri)
    except libvirt.libvirtError as exc:
        return ('no libvirtd answers at %s (%s; tools/start-libvirt.sh)' % (
            uri, exc.get_error_message()), False)
    try:
        kvm = (cpu_mode is not None and
               "<domain type='kvm'" in conn.getCapabilities() and
               _kvm_guest_starts(conn, cpu_mode))
    finally:
        conn.close()
    return None, kvm


def choose(conf):
    """Resolve compute_driver = auto in `conf`; returns the start-up
    sentence ("" when the driver was configured explicitly)."""
    if conf.compute_driver != AUTO:
        return ''
    from nova_lite.image import default_image
    from nova_lite.virt.libvirt import access
    from nova_lite.virt.libvirt import driver as libvirt_driver
    uri = conf.libvirt.connection_uri or 'qemu:///system'
    from nova_lite.virt.libvirt import config as vconfig
    # An explicit virt_type = qemu needs no KVM probe.
    problem, kvm = _probe_libvirt(uri, vconfig.cpu_mode_for(
        'kvm', conf.libvirt.cpu_mode) if conf.libvirt.virt_type == 'kvm'
        else None)
    if problem is None and default_image.built_test_image() is None:
        problem = ('the test image is not built '
                   '(tools/build-test-image.sh)')
    if problem is None and access.instances_path_problem(
            libvirt_driver.instances_path(), uri):
        if not conf.instances_path and os.geteuid() == 0:
            conf.set_default('instances_path', ROOT_INSTANCES_PATH)
        problem = access.instances_path_problem(
            libvirt_driver.instances_path(), uri)
    if problem is not None:
        conf.set_override('compute_driver', FAKE)
        return 'fake driver: %s' % problem
    conf.set_override('compute_driver', LIBVIRT)
    if not kvm:
        conf.set_default('virt_type', 'qemu', group='libvirt')
    return 'libvirt driver: real guests on %s, virt_type %s, instances in %s' % (
        uri, conf.libvirt.virt_type, libvirt_driver.instances_path())
