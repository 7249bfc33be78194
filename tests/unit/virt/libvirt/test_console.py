"""Console log tail and VNC port parsing."""
from nova_lite.virt.libvirt import console

LIVE_XML = """<domain type='qemu'><devices>
  <serial type='pty'><log file='/i/console.log' append='on'/></serial>
  <graphics type='spice' port='5930'/>
  <graphics type='vnc' port='5903' autoport='yes' listen='127.0.0.1'/>
</devices></domain>"""


def test_vnc_port_from_live_xml():
    assert console.vnc_port(LIVE_XML) == 5903


def test_vnc_port_missing_or_not_allocated():
    assert console.vnc_port('<domain><devices/></domain>') is None
    assert console.vnc_port("<domain><devices><graphics type='vnc' "
                            "port='-1' autoport='yes'/></devices></domain>"
                            ) is None


def test_console_log_path():
    assert console.console_log_path(LIVE_XML) == '/i/console.log'
    assert console.console_log_path('<domain><devices/></domain>') is None


def test_read_log_tail_keeps_last_bytes(tmp_path):
    log = tmp_path / 'console.log'
    log.write_bytes(b'a' * 200 + b'\xff tail')
    out = console.read_log_tail(str(log), max_bytes=6)
    assert out == '\ufffd tail'
    assert console.read_log_tail(str(tmp_path / 'missing')) == ''
    assert console.MAX_CONSOLE_BYTES == 100 * 1024
