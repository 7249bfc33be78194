"""Server groups on the build path: the group a create request names
(scheduler hint `group`), its members, and what the request spec tells the
scheduler about it.

The request spec (objects.RequestSpec) carries the group as an
InstanceGroup: the API fills everything but its hosts (the host of each
placed member, one entry per member); the conductor refreshes the hosts
just before each scheduling attempt, and the scheduler appends the hosts
it picks for the instances of the same request.
"""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


def requested_group(context, scheduler_hints):
    """The InstanceGroup named by the `group` hint, or None.

    An unknown group is a bad request (400), as in Nova."""
    group_uuid = (scheduler_hints or {}).get('group')
    if isinstance(group_uuid, list):
        group_uuid = group_uuid[0] if group_uuid else None
    if not group_uuid:
        return None
    try:
        return objects.InstanceGroup.get_by_uuid(context, group_uuid)
    except exception.InstanceGroupNotFound as exc:
        raise exception.Invalid(exc.format_message())


def check_members_quota(context, group, count):
    """403 "Quota exceeded, too many servers in group" when `count` more
    members would exceed server_group_members (-1: unlimited)."""
    from nova_lite.compute import quotas
    if quotas._noop():
        return
    limits = quotas.get_user_quotas(context, context.project_id,
                                    context.user_id)
    allowed = limits.get('server_group_members', -1)
    if allowed is not None and allowed >= 0 and \
            len(group.members or []) + count > allowed:
        raise exception.OverQuota(
            'Quota exceeded, too many servers in group')


def check_groups_quota(context):
    """403 "Quota exceeded, too many server groups." for one more group."""
    from nova_lite.compute import quotas
    try:
        quotas.check_deltas(context, context.project_id, context.user_id,
                            {'server_groups': 1})
    except (exception.OverQuota, exception.QuotaError):
        raise exception.OverQuota('Quota exceeded, too many server groups.')


def add_members(context, group, instances):
    if group is None:
        return
    members = objects.InstanceGroup.add_members(
        context, group.uuid, [i.uuid for i in instances])
    group.members = members
    LOG.info('Instances %s joined server group %s',
             ', '.join(i.uuid for i in instances), group.uuid)


def group_of_instance(context, instance):
    """The group `instance` belongs to (None without one): a resize or
    migration is scheduled under the group's policy, as Nova's persisted
    RequestSpec keeps the group."""
    try:
        return objects.InstanceGroup.get_by_instance_uuid(context,
                                                          instance.uuid)
    except exception.InstanceGroupNotFound:
        return None


def refresh_hosts(context, request_spec, instance_uuids):
    """Fill the hosts of the request spec's group from the database,
    leaving out the instances about to be (re)scheduled."""
    group = request_spec.group()
    if group is None:
        return
    try:
        current = objects.InstanceGroup.get_by_uuid(context, group.uuid)
    except exception.InstanceGroupNotFound:
        # The group was deleted meanwhile: schedule without it.
        request_spec.instance_group = None
        return
    group.members = list(current.members)
    group.hosts = current.get_member_hosts(exclude=list(instance_uuids))


def group_names_for(context, instance):
    """[group uuid] of the server's group, [] when it has none (2.71)."""
    try:
        group = objects.InstanceGroup.get_by_instance_uuid(context,
                                                           instance.uuid)
    except exception.InstanceGroupNotFound:
        return []
    return [group.uuid]


def validate_late(context, instance, host):
    """The compute's late check (Nova's _validate_instance_group_policy):
    two concurrent requests may both have picked this host for a hard
    (anti-)affinity group. Raises RescheduledByPolicyException."""
    try:
        group = objects.InstanceGroup.get_by_instance_uuid(context,
                                                           instance.uuid)
    except exception.InstanceGroupNotFound:
        return
    if group.policy not in ('affinity', 'anti-affinity'):
        return
    others = group.get_member_hosts(exclude=[instance.uuid])
    if group.policy == 'anti-affinity':
        limit = int((group.rules or {}).get('max_server_per_host') or 1)
        if others.count(host) >= limit:
            raise exception.RescheduledByPolicyException(
                instance_uuid=instance.uuid,
                reason='Anti-affinity instance group policy was violated.')
    elif others and host not in others:
        raise exception.RescheduledByPolicyException(
            instance_uuid=instance.uuid,
            reason='Affinity instance group policy was violated.')
