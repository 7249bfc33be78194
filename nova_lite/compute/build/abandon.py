"""The conductor's part of undoing a create that failed half-way.

The API answers an error to a create whose conductor calls failed (the
conductor died, the broker or the database went away) and casts
abandon_builds with the instances it was making. A call it gave up on may
still be executed later: durable queues keep the message, and a restarted
conductor may take it after the API's timeout. So the abandon must hold in
either order: an instance that exists and was never placed is deleted; one
that does not exist yet is recorded as created and deleted at once (the
same uuid, soft-deleted), so a late create of it fails on the unique uuid
instead of leaving a server nobody was told about; one the stale-build
reaper already sent to a host (the API's calls outlasted
unstarted_build_timeout) is deleted as a user's delete would.
"""
from oslo_db import exception as db_exc
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


def abandon(context, instance, delete_placed):
    """Make sure `instance` (as the API built it) ends deleted; returns
    what was found: 'created' (deleted now), 'never created' (recorded
    deleted), 'gone' (already deleted) or 'placed' (on a host already:
    delete_placed(context, instance) deletes it there)."""
    seen = context.elevated()
    seen.read_deleted = 'yes'
    for _attempt in range(3):
        try:
            current = objects.Instance.get_by_uuid(seen, instance.uuid)
        except exception.InstanceNotFound:
            try:
                _record_deleted(instance)
            except db_exc.DBDuplicateEntry:
                continue  # the late create won the race: delete it
            return 'never created'
        if current.deleted:
            return 'gone'
        if current.host:
            LOG.warning('Instance %s of a failed create was already placed '
                        'on %s; deleting it there', instance.uuid,
                        current.host)
            delete_placed(context, current)
            return 'placed'
        try:
            current.destroy()
        except exception.InstanceNotFound:
            return 'gone'
        return 'created'
    return 'gone'


def _record_deleted(instance):
    tombstone = objects.Instance(instance._context)
    for name in instance.obj_what_changed() | {'uuid'}:
        if name != 'id' and instance.obj_attr_is_set(name):
            setattr(tombstone, name, getattr(instance, name))
    tombstone.create(block_device_mappings=objects.BlockDeviceMappingList(
        objects=[]))
    tombstone.destroy()
