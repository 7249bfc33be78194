"""/servers/{server_id}/tags (2.26): list, replace, delete all; and
/tags/{tag}: check (204/404), add (201/204), delete."""
import jsonschema
import pecan

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.api import microversion
from nova_lite.api.schemas import types
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import server_tags as policy

TAG_VM_STATES = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                 vm_states.STOPPED)

update_all_schema = {
    'type': 'object',
    'properties': {
        'tags': {'type': 'array', 'items': types.TAG,
                 'maxItems': objects.tag.MAX_TAG_COUNT},
    },
    'required': ['tags'],
    'additionalProperties': False,
}


def _instance(ctx, server_id, action, change=None):
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % action)
    if change and instance.vm_state not in TAG_VM_STATES:
        raise exception.InstanceInvalidState(
            action=change, instance_uuid=server_id, attr='vm_state',
            state=instance.vm_state)
    return instance


def index(server_id):
    ctx = base.context()
    _instance(ctx, server_id, 'index')
    tags = objects.TagList.get_by_instance_uuid(ctx, server_id)
    return base.reply({'tags': tags.names()})


def update_all(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, update_all_schema)
    _instance(ctx, server_id, 'update_all', change='update tags')
    tags = objects.TagList.create(ctx, server_id, body['tags'])
    return base.reply({'tags': tags.names()})


def delete_all(server_id):
    ctx = base.context()
    _instance(ctx, server_id, 'delete_all', change='delete tags')
    objects.TagList.destroy(ctx, server_id)
    return base.reply(status=204)


def show(server_id, tag):
    ctx = base.context()
    _instance(ctx, server_id, 'show')
    if not objects.Tag.exists(ctx, server_id, tag):
        raise exception.NotFound("Server %s has no tag '%s'" %
                                 (server_id, tag))
    return base.reply(status=204)


def update(server_id, tag):
    ctx = base.context()
    _instance(ctx, server_id, 'update', change='update tag')
    try:
        jsonschema.validate(tag, types.TAG)
    except jsonschema.ValidationError as exc:
        raise exception.ValidationError(
            detail="Tag '%s' is invalid. It must be a non empty string "
                   "without characters '/' and ','. Validation error "
                   "message: %s" % (tag, exc.message))
    if not objects.Tag.add(ctx, server_id, tag):
        return base.reply(status=204)
    location = '%s/tags/%s' % (
        links.self_href(pecan.request, 'servers', server_id), tag)
    return base.reply(status=201, headers={'Location': location})


def delete(server_id, tag):
    ctx = base.context()
    _instance(ctx, server_id, 'delete', change='delete tag')
    objects.Tag.destroy(ctx, server_id, tag)
    return base.reply(status=204)


server_subresources.register('tags', routing.Resource(
    collection={'GET': index, 'PUT': update_all, 'DELETE': delete_all},
    item={'GET': show, 'PUT': update, 'DELETE': delete},
    versions=microversion.Range('2.26')))
