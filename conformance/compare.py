"""What is compared of one call answered by both the real Nova and
nova_lite, and how: `differences(nova, lite)` lists, as one line each, how
the two responses differ in behaviour; an empty list is a MATCH.

Compared: the status code; the microversion headers and Vary (as a set
of names: Nova sends Vary as two header lines); Content-Type; whether a
request id (x-openstack-request-id, x-compute-request-id) and a Location
are present; the JSON key paths with the type of their value; for an
error, the fault name and its message, uuids normalised.

Not compared (data, not behaviour): values other than error messages,
list lengths, dictionary keys that are data (`DATA_KEYS`), and the
subtrees a virt driver fills (`DRIVER_SUBTREES`).
"""
import re

VERSION_HEADERS = ('OpenStack-API-Version', 'X-OpenStack-Nova-API-Version')
PRESENCE_HEADERS = ('x-openstack-request-id', 'x-compute-request-id',
                    'Location')

# Key paths (as flattened below) whose content depends on the virt driver
# or the image, not on the API: only their presence and type is compared.
DRIVER_SUBTREES = (
    re.compile(r'\.cpu_info$'),
    re.compile(r'^\$\.diagnostics?\b'),
    re.compile(r'\.image\.metadata$'),
    re.compile(r'\.properties$'),
)
# Dictionaries whose keys are user data or ids (metadata, extra specs,
# addresses by network name, usage by project): keys become "<key>".
DATA_KEYS = re.compile(
    r'(\.metadata|\.extra_specs|\.addresses|\.addresses\.<key>|'
    r'\.hypervisor_servers|\.os-extended-volumes:volumes_attached)$')

_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}', re.I)
_REQ_ID = re.compile(r'req-<uuid>')


def type_name(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'bool'
    if isinstance(value, int):
        return 'int'
    if isinstance(value, float):
        return 'float'
    if isinstance(value, str):
        return 'str'
    if isinstance(value, list):
        return 'list'
    return 'dict'


def _driver_subtree(path):
    return any(p.search(path) for p in DRIVER_SUBTREES)


def key_paths(body, path='$', out=None):
    """{path: {type names}} of every value in a JSON document."""
    if out is None:
        out = {}
    out.setdefault(path, set()).add(type_name(body))
    if _driver_subtree(path):
        return out
    if isinstance(body, dict):
        data_keys = DATA_KEYS.search(path) is not None
        for key, value in body.items():
            name = '<key>' if data_keys else key
            key_paths(value, '%s.%s' % (path, name), out)
    elif isinstance(body, list):
        for item in body:
            key_paths(item, path + '[*]', out)
    return out


def normalise_message(message, variables=()):
    text = _UUID.sub('<uuid>', str(message))
    text = _REQ_ID.sub('<request-id>', text)
    for name, value in variables:
        if value and isinstance(value, str) and len(value) > 2:
            text = text.replace(value, '<%s>' % name)
    return text


def _vary(value):
    if not value:
        return None
    return ', '.join(sorted({v.strip().lower() for v in value.split(',')
                             if v.strip()}))


def _fault(body):
    if isinstance(body, dict) and len(body) == 1:
        (name, value), = body.items()
        if isinstance(value, dict) and 'message' in value:
            return name, value['message']
    return None


class Response(object):
    """One side's answer: status, headers (case-insensitive), body."""

    def __init__(self, status, headers, body, variables=()):
        self.status = status
        self.headers = headers
        self.body = body
        self.variables = variables


def differences(nova, lite):
    diffs = []
    if nova.status != lite.status:
        diffs.append('status: nova %s, nova_lite %s' % (nova.status,
                                                        lite.status))
    for name in VERSION_HEADERS:
        a, b = nova.headers.get(name), lite.headers.get(name)
        if a != b:
            diffs.append('header %s: nova %r, nova_lite %r' % (name, a, b))
    a, b = _vary(nova.headers.get('Vary')), _vary(lite.headers.get('Vary'))
    if a != b:
        diffs.append('header Vary: nova %r, nova_lite %r' % (a, b))
    a = nova.headers.get('Content-Type') if nova.body is not None else None
    b = lite.headers.get('Content-Type') if lite.body is not None else None
    if a != b:
        diffs.append('header Content-Type: nova %r, nova_lite %r' % (a, b))
    for name in PRESENCE_HEADERS:
        a, b = name in nova.headers, name in lite.headers
        if a != b:
            diffs.append('header %s: %s' % (
                name, 'only nova sends it' if a else 'only nova_lite sends it'))
    if isinstance(nova.body, (dict, list)) or isinstance(lite.body,
                                                         (dict, list)):
        diffs.extend(_body_differences(nova, lite))
    elif (nova.body or '') != (lite.body or '') and nova.status >= 400:
        diffs.append('body: nova %r, nova_lite %r' % (
            (nova.body or '')[:200], (lite.body or '')[:200]))
    return diffs


def _body_differences(nova, lite):
    diffs = []
    fault_a, fault_b = _fault(nova.body), _fault(lite.body)
    if fault_a and fault_b:
        if fault_a[0] != fault_b[0]:
            diffs.append('fault: nova %s, nova_lite %s' % (fault_a[0],
                                                           fault_b[0]))
        msg_a = normalise_message(fault_a[1], nova.variables)
        msg_b = normalise_message(fault_b[1], lite.variables)
        if msg_a != msg_b:
            diffs.append('message: nova %r, nova_lite %r' % (msg_a, msg_b))
        return diffs
    paths_a, paths_b = key_paths(nova.body), key_paths(lite.body)
    for path in _topmost(set(paths_a) - set(paths_b)):
        diffs.append('key only in nova: %s (%s)' % (
            path, '|'.join(sorted(paths_a[path]))))
    for path in _topmost(set(paths_b) - set(paths_a)):
        diffs.append('key only in nova_lite: %s (%s)' % (
            path, '|'.join(sorted(paths_b[path]))))
    for path in sorted(set(paths_a) & set(paths_b)):
        if paths_a[path] != paths_b[path]:
            diffs.append('type of %s: nova %s, nova_lite %s' % (
                path, '|'.join(sorted(paths_a[path])),
                '|'.join(sorted(paths_b[path]))))
    return diffs


def _topmost(paths):
    """The paths not under another path of the set (a missing object is
    one difference, not one per key inside it)."""
    out = []
    for path in sorted(paths):
        if not any(path.startswith(p + '.') or path.startswith(p + '[')
                   for p in out):
            out.append(path)
    return out
