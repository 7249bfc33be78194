"""What the REST layer calls to manage host aggregates, with Nova's
availability zone rules: a host may not be in two aggregates with
different zones, a zone can't be renamed while its hosts run instances,
and only compute hosts can join."""
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import aggregate as aggregate_obj

LOG = logging.getLogger(__name__)

AZ_KEY = aggregate_obj.AZ_KEY
ACTION_ADD = 'add'
ACTION_UPDATE = 'update'
ACTION_UPDATE_META = 'update_meta'

_INVALID = {
    ACTION_ADD: exception.InvalidAggregateActionAdd,
    ACTION_UPDATE: exception.InvalidAggregateActionUpdate,
    ACTION_UPDATE_META: exception.InvalidAggregateActionUpdateMeta,
}


def compute_service(context, host):
    """The compute service of `host`, or ComputeHostNotFound (404)."""
    for service in objects.ServiceList.get_all(context, {'host': host}):
        if availability_zones.is_compute(service.binary):
            return service
    raise exception.ComputeHostNotFound(host=host)


class AggregateAPI(object):

    def create_aggregate(self, context, name, availability_zone=None):
        aggregate = objects.Aggregate(context, name=name)
        if availability_zone:
            aggregate.metadata = {AZ_KEY: availability_zone}
        aggregate.create()
        LOG.info('Aggregate %s (%s) created (request %s)', aggregate.id,
                 name, context.request_id)
        return aggregate

    def get_aggregate(self, context, aggregate_id):
        return objects.Aggregate.get_by_id(context, aggregate_id)

    def get_aggregate_list(self, context):
        return objects.AggregateList.get_all(context)

    def get_aggregates_by_host(self, context, host):
        return objects.AggregateList.get_by_host(context, host)

    def update_aggregate(self, context, aggregate_id, values):
        values = dict(values)
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        if 'name' in values:
            aggregate.name = values.pop('name')
        self.is_safe_to_update_az(context, values, aggregate,
                                  action=ACTION_UPDATE,
                                  check_no_instances=True)
        if aggregate.obj_what_changed():
            aggregate.save()
        if values:
            aggregate.update_metadata(values)
        return aggregate

    def update_aggregate_metadata(self, context, aggregate_id, metadata):
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        self.is_safe_to_update_az(context, metadata, aggregate,
                                  action=ACTION_UPDATE_META,
                                  check_no_instances=True)
        aggregate.update_metadata(metadata)
        return aggregate

    def delete_aggregate(self, context, aggregate_id):
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        if aggregate.hosts:
            raise exception.InvalidAggregateActionDelete(
                aggregate_id=aggregate_id,
                reason='Host aggregate is not empty')
        aggregate.destroy()

    def _refuse_moving_instances_out_of_zone(self, context, aggregate,
                                             host):
        """Removing `host` from a zoned aggregate must not change the zone
        its instances are in (Nova checks this before it looks whether the
        host is a member at all)."""
        zone = (aggregate.metadata or {}).get(AZ_KEY)
        if not zone:
            return
        instances = objects.InstanceList.get_by_host(context.elevated(), host)
        if not len(instances):
            return
        remaining = {other.availability_zone
                     for other in objects.AggregateList.get_by_host(
                         context, host, key=AZ_KEY)
                     if other.id != aggregate.id}
        new_zone = sorted(remaining)[0] if remaining else None
        if new_zone != zone:
            raise exception.InvalidAggregateActionDelete(
                aggregate_id=aggregate.id,
                reason="The host cannot be removed from the aggregate as the "
                       "availability zone of the host would change from "
                       "'%s' to '%s' but the host already has %d "
                       "instance(s). Changing the AZ of an existing instance "
                       "is not supported by this action. Move the instances "
                       "away from this host then try again. If you need to "
                       "move the instances between AZs then you can use "
                       "shelve_offload and unshelve to achieve this."
                       % (zone, new_zone, len(instances)))

    def is_safe_to_update_az(self, context, metadata, aggregate, hosts=None,
                             action=ACTION_ADD, check_no_instances=False):
        """Refuse a zone change that would put a host in two zones, or
        move instances to another zone behind their back."""
        if AZ_KEY not in metadata:
            return
        new_zone = metadata[AZ_KEY]
        invalid = _INVALID[action]
        if not new_zone:
            # Nova refuses an empty zone, and so removing the key too.
            raise invalid(aggregate_id=aggregate.id,
                          reason='Aggregate %s does not support empty '
                                 'named availability zone' % aggregate.name)
        hosts = hosts or aggregate.hosts or []
        conflicting = []
        for host in hosts:
            for other in objects.AggregateList.get_by_host(context, host,
                                                           key=AZ_KEY):
                zone = other.availability_zone
                if other.id != aggregate.id and zone != new_zone and \
                        zone not in conflicting:
                    conflicting.append(zone)
        if conflicting:
            raise invalid(aggregate_id=aggregate.id,
                          reason='One or more hosts already in availability '
                                 'zone(s) %s' % conflicting)
        if check_no_instances and aggregate.availability_zone != new_zone:
            for host in hosts:
                if len(objects.InstanceList.get_by_host(
                        context.elevated(), host)):
                    raise invalid(aggregate_id=aggregate.id,
                                  reason='One or more hosts contain '
                                         'instances in this zone')

    def add_host_to_aggregate(self, context, aggregate_id, host):
        compute_service(context, host)
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        self.is_safe_to_update_az(context, aggregate.metadata or {},
                                  aggregate, hosts=[host])
        aggregate.add_host(host)
        LOG.info('Host %s added to aggregate %s (request %s)', host,
                 aggregate_id, context.request_id)
        return aggregate

    def remove_host_from_aggregate(self, context, aggregate_id, host):
        compute_service(context, host)
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        self._refuse_moving_instances_out_of_zone(context, aggregate, host)
        aggregate.delete_host(host)
        LOG.info('Host %s removed from aggregate %s (request %s)', host,
                 aggregate_id, context.request_id)
        return aggregate
