"""Small helpers shared by the compute API, manager and the conductor."""
import traceback

from oslo_log import log as logging

from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import base as obj_base
from nova_lite import servicegroup

LOG = logging.getLogger(__name__)


# Image data a server keeps in its system_metadata (as Nova does): every
# custom property and these attributes, each under "image_<key>".
SM_IMAGE_PREFIX = 'image_'
SM_INHERITABLE_KEYS = ('min_ram', 'min_disk', 'disk_format',
                       'container_format')
SM_SKIP_KEYS = frozenset(('img_signature_hash_method', 'img_signature',
                          'img_signature_key_type',
                          'img_signature_certificate_uuid',
                          # An image's block device mappings (Nova's
                          # legacy and modern names).
                          'mappings', 'block_device_mapping',
                          'img_mappings', 'img_block_device_mapping'))


def image_properties(image):
    """The custom properties of an image dict, whether it keeps them
    flat (Glance v2's shape) or under "properties"."""
    from nova_lite.image import api as image_api
    from nova_lite.image import glance
    props = {key: value for key, value in image.items()
             if key not in image_api.BASE_KEYS and
             key not in glance.CORE_KEYS and key != 'properties' and
             not glance.glance_owned(key)}
    props.update(image.get('properties') or {})
    return props


def system_metadata_from_image(image, flavor, image_ref=None):
    """image_* system_metadata for a server built from `image` with
    `flavor` (values as strings of at most 255 characters; min_disk at
    least the flavor's root disk). The base image is the image's id; a
    volume's image metadata has none: then `image_ref` (as Nova, '' for
    a server booted from a volume)."""
    meta = {}
    for key, value in image_properties(image).items():
        if key in SM_SKIP_KEYS or value is None:
            continue
        meta[SM_IMAGE_PREFIX + key] = str(value)[:255]
    for key in SM_INHERITABLE_KEYS:
        value = image.get(key)
        if key == 'min_disk':
            value = max(int(value or 0), int(flavor.root_gb or 0))
        if value is not None:
            meta[SM_IMAGE_PREFIX + key] = str(value)
    meta[SM_IMAGE_PREFIX + 'base_image_ref'] = image.get('id', image_ref)
    return meta


def replace_image_system_metadata(system_metadata, image, flavor):
    """`system_metadata` with its image_* keys those of `image` (a
    rebuild onto another image)."""
    kept = {key: value for key, value in (system_metadata or {}).items()
            if not key.startswith(SM_IMAGE_PREFIX)}
    kept.update(system_metadata_from_image(image, flavor))
    return kept


def add_instance_fault_from_exc(context, instance, exc, host=None):
    """Record why an instance failed (shown as `fault` in the API)."""
    fault = objects.InstanceFault.from_exception(context, instance.uuid, exc,
                                                 host=host)
    try:
        fault.create()
    except exception.NovaLiteException:
        LOG.exception('Could not record a fault for %s', instance.uuid)


def put_in_error(context, instance, exc, host=None):
    """Record `exc` as the instance's fault and put it in ERROR with no
    task_state; False when the instance is gone meanwhile."""
    add_instance_fault_from_exc(context, instance, exc, host=host)
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except exception.InstanceNotFound:
        return False
    return True


def start_action(context, instance, action):
    return objects.InstanceAction.action_start(context, instance.uuid,
                                               action)


def _conductor_for_casts():
    """The conductor RPC API where object calls go over RPC anyway (the
    separate daemons); None in-process (all-in-one), where the objects
    write directly."""
    global _CONDUCTOR
    if obj_base.NovaLiteObject.indirection_api is None:
        return None
    if _CONDUCTOR is None:
        from nova_lite.conductor import rpcapi as conductor_rpcapi
        _CONDUCTOR = conductor_rpcapi.ConductorAPI()
    return _CONDUCTOR


_CONDUCTOR = None


def start_action_event(context, instance, event, host=None):
    conductor = _conductor_for_casts()
    if conductor is not None:
        conductor.record_action_event(context, instance.uuid, event, 'start',
                                      host=host)
        return
    objects.InstanceActionEvent.event_start(context, instance.uuid, event,
                                            host=host)


def finish_action_event(context, instance, event, exc=None):
    result = 'Success' if exc is None else 'Error'
    tb = None
    if exc is not None:
        tb = ''.join(traceback.format_exception(type(exc), exc,
                                                exc.__traceback__))
    conductor = _conductor_for_casts()
    if conductor is not None:
        conductor.record_action_event(context, instance.uuid, event,
                                      'finish', result=result, traceback=tb)
        return
    objects.InstanceActionEvent.event_finish(context, instance.uuid, event,
                                             result, traceback=tb)


class ActionEvent(object):
    """Records one step of an instance action with its start/finish."""

    def __init__(self, context, instance, event, host=None):
        self.context = context
        self.instance = instance
        self.event = event
        self.host = host

    def __enter__(self):
        start_action_event(self.context, self.instance, self.event,
                           self.host)
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            finish_action_event(self.context, self.instance, self.event, exc)
        except Exception:
            LOG.exception('Could not finish action event %s for %s',
                          self.event, self.instance.uuid)
        return False


COMPUTE_BINARY = 'nova-compute'


def compute_is_up(context, host):
    """Whether the nova-compute service of `host` reports in."""
    try:
        service = objects.Service.get_by_host_and_binary(
            context, host, COMPUTE_BINARY)
    except exception.NotFound:
        return False
    return servicegroup.service_is_up(service)


def cast_with_task_state(context, instance, action, task_state, cast):
    """The API's half of most server actions: record `action`, move the
    instance from the task_state it has to `task_state`, then
    cast(context, instance) to its host."""
    start_action(context, instance, action)
    expected = instance.task_state
    instance.task_state = task_state
    instance.save(expected_task_state=[expected])
    LOG.info('Instance %s %s (request %s)', instance.uuid, task_state,
             context.request_id)
    cast(context, instance)


def node_of_host(context, host):
    """The compute node of `host` a request for that host lands on (its
    first); ComputeHostNotFound when it has none."""
    nodes = objects.ComputeNodeList.get_by_host(context.elevated(), host)
    if not nodes:
        raise exception.ComputeHostNotFound(host=host)
    return sorted(nodes, key=lambda n: n.id)[0]


def place(context, instance, host, node, compute_id=None):
    """Record where `instance` lives now: its host, node and (Nova's
    compute_id) the id of that node's record, looked up when not given;
    all None when it is on no host."""
    if compute_id is None and host is not None:
        try:
            compute_id = objects.ComputeNode.get_by_host_and_nodename(
                context.elevated(), host, node).id
        except exception.ComputeHostNotFound:
            compute_id = None
    instance.host = host
    instance.node = node
    instance.compute_id = compute_id
