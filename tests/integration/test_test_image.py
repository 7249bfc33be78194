"""Boot nova_lite's tiny test guest through libvirt (qemu:///system, TCG).

Exercises the path every real-guest test relies on: tools/install-libvirt.sh,
tools/start-libvirt.sh and tools/build-test-image.sh, then a domain of
type='qemu' with a virtio disk on a qcow2 overlay, a serial console logged by
virtlogd (<log file=.../>) and <acpi/>. The guest's /init prints
NOVA_LITE_TEST_GUEST_BOOTED, then NOVA_LITE_TEST_GUEST_IP=<addr>|none (see
tools/test-image/init).

Without libvirt-python or /usr/sbin/libvirtd it fails (run
tools/install-libvirt.sh; skipped only with NOVA_LITE_SKIP_LIBVIRT=1, see
tests/host_deps.py). Needs root for the daemons.

Env: NOVA_LITE_TEST_IMAGE_DIR  where the image is built/cached
     (default tools/.cache/image).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from xml.sax.saxutils import escape

import pytest

from tests.host_deps import libvirt

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(REPO, "tools")
IMAGE_NAME = "nova-lite-tiny"
URI = "qemu:///system"

BOOT_MARKER = "NOVA_LITE_TEST_GUEST_BOOTED"
IP_MARKER = "NOVA_LITE_TEST_GUEST_IP="
POWEROFF_MARKER = "NOVA_LITE_TEST_GUEST_POWEROFF"
BOOT_TIMEOUT = 90
SHUTDOWN_TIMEOUT = 60
# No DHCP lease within ~20 s -> the guest prints "none"; slirp answers at once.
IP_TIMEOUT = 60

pytestmark = [pytest.mark.libvirt]

BUILD_TOOLS = ("cpio", "mkfs.vfat", "mcopy", "syslinux", "qemu-img", "dpkg-deb")


def _run(cmd, **kw):
    """Run a tool script; fail the test with its output if it fails."""
    proc = subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw
    )
    if proc.returncode != 0:
        pytest.fail("%s failed (rc=%s):\n%s" % (" ".join(cmd), proc.returncode, proc.stdout))
    return proc.stdout


@pytest.fixture(scope="module")
def test_image():
    """Install (if needed), start the daemons, build the image (cached)."""
    if any(shutil.which(t) is None for t in BUILD_TOOLS):
        _run(
            [os.path.join(TOOLS, "install-libvirt.sh")],
            env=dict(os.environ, PYTHON=sys.executable),
        )
    _run([os.path.join(TOOLS, "start-libvirt.sh")])
    outdir = os.environ.get("NOVA_LITE_TEST_IMAGE_DIR") or os.path.join(
        TOOLS, ".cache", "image"
    )
    t0 = time.monotonic()
    _run([os.path.join(TOOLS, "build-test-image.sh"), outdir])
    print("build-test-image.sh: %.1f s" % (time.monotonic() - t0))
    path = os.path.join(outdir, IMAGE_NAME + ".qcow2")
    assert os.path.getsize(path) > 1024 * 1024
    assert os.path.exists(os.path.join(outdir, IMAGE_NAME + ".json"))
    return path


@pytest.fixture
def conn():
    # libvirt prints every error to stderr by default; the test reports them.
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    c = libvirt.open(URI)
    try:
        yield c
    finally:
        c.close()


def _domain_xml(name, disk, console_log, nic):
    interface = ""
    if nic:
        # qemu's built-in user network: DHCP inside the qemu process, no
        # bridge and no host traffic needed.
        interface = "<interface type='user'><model type='virtio'/></interface>"
    return """
<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    {interface}
    <serial type='pty'>
      <log file='{log}' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <memballoon model='none'/>
  </devices>
</domain>
""".format(
        name=escape(name), disk=escape(disk), log=escape(console_log), interface=interface
    )


class Guest:
    def __init__(self, conn, image, nic=False):
        self.conn = conn
        self.name = "nova-lite-test-image-%s" % uuid.uuid4().hex[:8]
        # A directory libvirt may chown (DAC dynamic ownership) and that the
        # qemu user (libvirt-qemu) can traverse.
        self.dir = tempfile.mkdtemp(prefix="nova-lite-test-image-")
        os.chmod(self.dir, 0o755)
        # Private copy of the base: libvirt relabels backing files and does
        # not restore them, so the shared cached image stays untouched.
        self.base = os.path.join(self.dir, "base.qcow2")
        shutil.copyfile(image, self.base)
        self.disk = os.path.join(self.dir, "disk.qcow2")
        self.console_log = os.path.join(self.dir, "console.log")
        subprocess.run(
            ["qemu-img", "create", "-q", "-f", "qcow2", "-b", self.base,
             "-F", "qcow2", self.disk, "1G"],
            check=True,
        )
        self.xml = _domain_xml(self.name, self.disk, self.console_log, nic)
        self.dom = None

    def start(self):
        t0 = time.monotonic()
        self.dom = self.conn.defineXML(self.xml)
        t1 = time.monotonic()
        self.dom.create()
        t2 = time.monotonic()
        print("%s: define %.3f s, create %.2f s" % (self.name, t1 - t0, t2 - t1))
        return t0

    def console(self):
        try:
            with open(self.console_log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate(self.console())
            if result:
                return result
            if self.dom is not None and not self.dom.isActive():
                break
            time.sleep(0.1)
        tail = "\n".join(self.console().splitlines()[-40:])
        active = self.dom is not None and self.dom.isActive()
        pytest.fail(
            "%s not seen within %s s (domain active: %s); console log tail:\n%s"
            % (what, timeout, active, tail)
        )

    def cleanup(self):
        if self.dom is not None:
            try:
                if self.dom.isActive():
                    self.dom.destroy()
            except libvirt.libvirtError:
                pass
            try:
                self.dom.undefine()
            except libvirt.libvirtError:
                pass
        else:
            # defineXML may have succeeded without returning (unlikely).
            try:
                self.conn.lookupByName(self.name).undefine()
            except libvirt.libvirtError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def guest_factory(conn, test_image):
    guests = []

    def make(**kw):
        g = Guest(conn, test_image, **kw)
        guests.append(g)
        return g

    try:
        yield make
    finally:
        for g in guests:
            g.cleanup()


def _lines(text):
    return [line.strip("\r") for line in text.splitlines()]


def _ip_line(text):
    for line in _lines(text):
        idx = line.find(IP_MARKER)
        if idx >= 0:
            return line[idx + len(IP_MARKER):].strip() or None
    return None


def test_guest_boots_and_gets_dhcp_address(guest_factory):
    guest = guest_factory(nic=True)
    t0 = guest.start()
    guest.wait_for(
        lambda text: BOOT_MARKER in _lines(text), BOOT_TIMEOUT, BOOT_MARKER
    )
    boot_s = time.monotonic() - t0
    ip = guest.wait_for(_ip_line, IP_TIMEOUT, IP_MARKER + "<addr>")
    ip_s = time.monotonic() - t0
    print("%s: marker %.1f s after define, %s%s after %.1f s"
          % (guest.name, boot_s, IP_MARKER, ip, ip_s))
    # qemu's user network hands out 10.0.2.15 to the first guest.
    assert ip == "10.0.2.15", guest.console()[-2000:]
    # The disks line follows the address line; under load it may lag.
    guest.wait_for(
        lambda text: "NOVA_LITE_TEST_GUEST_DISKS=vda" in _lines(text),
        BOOT_TIMEOUT, "NOVA_LITE_TEST_GUEST_DISKS=vda")


def test_guest_without_nic_reports_no_ip_and_powers_off_on_acpi(guest_factory):
    guest = guest_factory(nic=False)
    t0 = guest.start()
    guest.wait_for(
        lambda text: BOOT_MARKER in _lines(text), BOOT_TIMEOUT, BOOT_MARKER
    )
    ip = guest.wait_for(_ip_line, IP_TIMEOUT, IP_MARKER + "none")
    assert ip == "none"
    print("%s: marker + IP line %.1f s after define" % (guest.name, time.monotonic() - t0))

    # Soft shutdown: an ACPI power-button request the guest honours.
    t1 = time.monotonic()
    guest.dom.shutdown()
    deadline = t1 + SHUTDOWN_TIMEOUT
    while guest.dom.isActive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not guest.dom.isActive(), (
        "guest ignored ACPI shutdown; console tail:\n" + guest.console()[-2000:]
    )
    print("%s: ACPI shutdown took %.1f s" % (guest.name, time.monotonic() - t1))
    assert POWEROFF_MARKER in _lines(guest.console())
    state, _reason = guest.dom.state()
    assert state == libvirt.VIR_DOMAIN_SHUTOFF
