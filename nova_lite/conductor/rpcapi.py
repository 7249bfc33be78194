"""Client side of the conductor RPC API (topic 'conductor').

Version history:

1.0 - object indirection (object_class_action_versions, object_action,
      object_backport_versions), build_instances, ping
1.1 - record_action_event (cast)
1.2 - migrate_server (cast: resize and cold migration)
1.3 - unshelve_instance (cast)
1.4 - build_instances, migrate_server and unshelve_instance take
      request_spec as a RequestSpec object (its legacy dict before)
1.5 - reschedule_build (cast: a compute gives back a build it never
      started)
1.6 - abandon_builds (cast: the API undoes a create that failed half-way)

Each method names the version it needs; [upgrade_levels] conductor caps
what is sent (nova_lite.upgrade_levels).
"""
import time

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import rpc

LOG = logging.getLogger(__name__)

TOPIC = 'conductor'
RPC_VERSION = '1.6'


class ConductorAPI(object):
    """Casts builds to the conductor; calls it for object indirection."""

    def __init__(self):
        target = messaging.Target(topic=TOPIC, version=RPC_VERSION)
        self.client = rpc.get_versioned_client(target, 'conductor')

    # -- object indirection (oslo.versionedobjects' indirection API) --------

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        cctxt = self.client.prepare_baseline(version='1.0')
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions,
                          args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        cctxt = self.client.prepare_baseline(version='1.0')
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        cctxt = self.client.prepare_baseline(version='1.0')
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)

    # -- orchestration ------------------------------------------------------

    def _with_spec(self, older, request_spec):
        """(prepared client, request_spec): the object at 1.4, else the
        legacy dict at `older` (what that method was before 1.4)."""
        if self.client.can_send_version('1.4'):
            return self.client.prepare(version='1.4'), request_spec
        return (self.client.prepare(version=older),
                request_spec.to_legacy_dict())

    def build_instances(self, context, instances, image, request_spec,
                        filter_properties):
        cctxt, request_spec = self._with_spec('1.0', request_spec)
        cctxt.cast(context, 'build_instances', instances=instances,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties)

    def record_action_event(self, context, instance_uuid, event, phase,
                            host=None, result=None, traceback=None):
        """Record the start or finish of an instance action event without
        waiting for it (the action log is not on the critical path)."""
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'record_action_event',
                   instance_uuid=instance_uuid, event=event, phase=phase,
                   host=host, result=result, traceback=traceback)

    def migrate_server(self, context, instance, flavor, request_spec):
        """Resize (or cold migrate, with the same flavor) an instance:
        the conductor records the migration, schedules and claims."""
        cctxt, request_spec = self._with_spec('1.2', request_spec)
        cctxt.cast(context, 'migrate_server', instance=instance,
                   flavor=flavor, request_spec=request_spec)

    def unshelve_instance(self, context, instance, request_spec):
        """Unshelve a shelved (or shelved offloaded: schedule it again
        with `request_spec`) instance."""
        cctxt, request_spec = self._with_spec('1.3', request_spec)
        cctxt.cast(context, 'unshelve_instance', instance=instance,
                   request_spec=request_spec)

    def can_reschedule_build(self):
        return self.client.can_send_version('1.5')

    def reschedule_build(self, context, instance):
        """Give back a build claimed for this compute host that it never
        started: the conductor schedules it again (the instance has no
        host and no claim any more)."""
        cctxt = self.client.prepare(version='1.5')
        cctxt.cast(context, 'reschedule_build', instance=instance)

    def can_abandon_builds(self):
        return self.client.can_send_version('1.6')

    def abandon_builds(self, context, instances):
        """The instances of a create the API answered with an error: each
        ends deleted, whether its create reached the database or not (a
        cast: it waits in the durable queue for a conductor)."""
        cctxt = self.client.prepare(version='1.6')
        cctxt.cast(context, 'abandon_builds', instances=instances)

    def ping(self, context, timeout=None):
        cctxt = self.client.prepare_baseline(version='1.0', timeout=timeout)
        return cctxt.call(context, 'ping')

    def wait_until_ready(self, context, timeout=None, poll=2):
        """Block until a conductor answers (services start in any order)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                self.ping(context, timeout=poll)
                return
            except messaging.MessagingTimeout:
                if deadline is not None and time.monotonic() > deadline:
                    raise
                LOG.warning('Waiting for a conductor to answer on topic %s',
                            TOPIC)
