"""The conductor's RPC endpoint: the only daemon with a database
connection.

It executes remotable object methods for the other services (object
indirection) and runs the tasks of builds, moves and unshelves, each the
conductor's part of its feature (nova_lite.compute.<feature>.conductor):
schedule, claim atomically (nova_lite.conductor.claims), hand over to a
compute host.
"""
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

from nova_lite.compute import api as compute_api
from nova_lite.compute.build import abandon as build_abandon
from nova_lite.compute.build import conductor as build_conductor
from nova_lite.compute.resize import conductor as resize_conductor
from nova_lite.compute import periodic
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute.shelve import conductor as shelve_conductor
from nova_lite.conductor import db_outage
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite import objects
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class ConductorManager(object):
    # 1.4: request specs arrive as RequestSpec objects (dicts before).
    # 1.5: reschedule_build.
    # 1.6: abandon_builds.
    target = messaging.Target(version='1.6')

    def __init__(self):
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.scheduler_rpcapi = scheduler_rpcapi.SchedulerAPI()
        self.builds = build_conductor.BuildTask(self.compute_rpcapi,
                                                self.scheduler_rpcapi)
        self.migrations = resize_conductor.MigrationTask(
            self.compute_rpcapi, self.scheduler_rpcapi)
        self.image_api = image_api.API()
        # The server deletes of abandon_builds (its features are made on
        # first use).
        self.compute_api = compute_api.API(
            compute_rpcapi=self.compute_rpcapi, image_api=self.image_api)
        self.unshelves = shelve_conductor.UnshelveTask(
            self.compute_rpcapi, self.scheduler_rpcapi, self.image_api)
        self.periodic = periodic.PeriodicTasks(
            default_spacing=lambda: CONF.periodic_interval)
        self.periodic.add('_reschedule_unplaced_builds', 0,
                          self._reschedule_unplaced_builds)

    def init_host(self, service_id=None):
        pass

    def cleanup_host(self):
        pass

    def ping(self, context):
        return 'pong'

    def periodic_tasks(self, context):
        return self.periodic.run(context)

    def _reschedule_unplaced_builds(self, context):
        if CONF.unstarted_build_timeout:
            self.builds.reschedule_unplaced(context, self.image_api,
                                            CONF.unstarted_build_timeout)

    def record_action_event(self, context, instance_uuid, event, phase,
                            host=None, result=None, traceback=None):
        if phase == 'start':
            objects.InstanceActionEvent.event_start(context, instance_uuid,
                                                    event, host=host)
        else:
            objects.InstanceActionEvent.event_finish(
                context, instance_uuid, event, result, traceback=traceback)

    # -- object indirection -------------------------------------------------

    @messaging.expected_exceptions(exception.NovaLiteException)
    @db_outage.retried
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        LOG.debug('Object call %s.%s', objname, objmethod)
        objclass = ovo_base.VersionedObjectRegistry.obj_classes()[
            objname][0]
        # The newest class we know; the answer is backported to what the
        # caller understands.
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, ovo_base.VersionedObject):
            wanted = object_versions.get(objname, result.VERSION)
            return result.obj_to_primitive(target_version=wanted,
                                           version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaLiteException)
    @db_outage.retried
    def object_action(self, context, objinst, objmethod, args, kwargs):
        LOG.debug('Object call %s.%s', objinst.obj_name(), objmethod)
        before = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            value = getattr(objinst, name)
            if (not before.obj_attr_is_set(name) or
                    getattr(before, name) != value):
                updates[name] = field.to_primitive(objinst, name, value)
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)

    # -- 1.0 builds, 1.2 resize and cold migration, 1.3 unshelve; ----------
    # -- 1.4 each takes a RequestSpec (a dict from older callers) -----------

    def build_instances(self, context, instances, image, request_spec,
                        filter_properties):
        request_spec = objects.RequestSpec.coerce(context, request_spec)
        return self.builds.build_instances(context, instances, image,
                                           request_spec, filter_properties)

    def migrate_server(self, context, instance, flavor, request_spec):
        request_spec = objects.RequestSpec.coerce(context, request_spec)
        return self.migrations.migrate_server(context, instance, flavor,
                                              request_spec)

    def unshelve_instance(self, context, instance, request_spec):
        request_spec = objects.RequestSpec.coerce(context, request_spec)
        return self.unshelves.unshelve_instance(context, instance,
                                                request_spec)

    # -- 1.5 ------------------------------------------------------------------

    def reschedule_build(self, context, instance):
        """A compute host gives back a build claimed for it that it never
        started (it restarted, or the build waited too long)."""
        return self.builds.reschedule(context, instance, self.image_api)

    # -- 1.6 ------------------------------------------------------------------

    def abandon_builds(self, context, instances):
        """The API answered an error to the create of these instances."""
        for instance in instances:
            outcome = build_abandon.abandon(context, instance,
                                            self.compute_api.delete)
            LOG.info('Instance %s of a failed create: %s', instance.uuid,
                     outcome)
