"""Small helpers shared by the compute API, manager and the conductor."""
import traceback

from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import base as obj_base

LOG = logging.getLogger(__name__)


def add_instance_fault_from_exc(context, instance, exc, host=None):
    """Record why an instance failed (shown as `fault` in the API)."""
    fault = objects.InstanceFault.from_exception(context, instance.uuid, exc,
                                                 host=host)
    try:
        fault.create()
    except exception.NovaLiteException:
        LOG.exception('Could not record a fault for %s', instance.uuid)


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
