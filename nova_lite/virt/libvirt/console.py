"""Guest consoles: serial console log (written by virtlogd) and VNC."""
import os
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

# What Nova returns at most for os-getConsoleOutput.
MAX_CONSOLE_BYTES = 100 * 1024


def read_log_tail(path, max_bytes=MAX_CONSOLE_BYTES):
    """The last `max_bytes` of a console log as text. The log belongs to
    virtlogd (root); reading needs the same privileges."""
    try:
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - max_bytes))
            data = f.read(max_bytes)
    except FileNotFoundError:
        return ''
    except PermissionError:
        LOG.warning('Console log %s is not readable by this process', path)
        raise exception.ConsoleNotAvailable()
    return data.decode('utf-8', 'replace')


def console_log_path(domain_xml):
    """The <serial><log file=.../> path of a domain, or None."""
    root = ET.fromstring(domain_xml)
    for serial in root.findall('./devices/serial'):
        log = serial.find('log')
        if log is not None and log.get('file'):
            return log.get('file')
    return None


def vnc_port(domain_xml):
    """The VNC port of a running domain's live XML, or None."""
    root = ET.fromstring(domain_xml)
    for graphics in root.findall('./devices/graphics'):
        if graphics.get('type') != 'vnc':
            continue
        port = graphics.get('port')
        if port and int(port) > 0:
            return int(port)
    return None
