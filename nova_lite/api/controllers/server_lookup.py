"""instance_for: the one lookup of a server by its sub-resource and action
handlers. The server is looked up first (404, also for another project's
server, as Nova hides them) and the policy rule checked against Nova's
target for the rule; a few of Nova's rules are checked against the
caller's own project before the lookup (CALLER, CALLER_PROJECT).

    instance = instance_for(ctx, server_id, SERVERS % 'reboot', OWNER)
"""
from nova_lite.api.controllers import base


class Target(object):
    """How a rule's policy target is built: from the server (after the
    lookup) or from the caller (before it)."""

    def __init__(self, build, before_lookup=False):
        self.build = build
        self.before_lookup = before_lookup


PROJECT = Target(lambda ctx, instance: {'project_id': instance.project_id})
OWNER = Target(lambda ctx, instance: {'user_id': instance.user_id,
                                      'project_id': instance.project_id})
CALLER = Target(lambda ctx, instance: {'project_id': ctx.project_id,
                                       'user_id': ctx.user_id},
                before_lookup=True)
CALLER_PROJECT = Target(lambda ctx, instance: {'project_id': ctx.project_id},
                        before_lookup=True)


def instance_for(ctx, server_id, rule, target=PROJECT, expected_attrs=None,
                 maybe_deleted=False):
    """The server `server_id` once `rule` allows the caller on it.

    maybe_deleted also finds a deleted server (os-instance-actions 2.21);
    expected_attrs are the extra fields to load with it."""
    if target.before_lookup:
        ctx.can(rule, target.build(ctx, None))
    api = base.compute_api()
    if maybe_deleted:
        instance = api.get_maybe_deleted(ctx, server_id)
    elif expected_attrs:
        instance = api.get(ctx, server_id, expected_attrs=expected_attrs)
    else:
        instance = api.get(ctx, server_id)
    if not target.before_lookup:
        ctx.can(rule, target.build(ctx, instance))
    return instance
