"""The scheduler's view of a server (the request spec), built for a
create and for a server that exists (moves, unshelve)."""
from nova_lite.compute import server_groups
from nova_lite.compute import utils as compute_utils


def _flavor(flavor, extra_specs):
    return {'vcpus': flavor.vcpus, 'memory_mb': flavor.memory_mb,
            'root_gb': flavor.root_gb, 'ephemeral_gb': flavor.ephemeral_gb,
            'swap': flavor.swap, 'extra_specs': dict(extra_specs)}


def for_create(context, flavor, image, availability_zone, forced_host,
               forced_node, num_instances, scheduler_hints, group):
    return {
        'flavor': _flavor(flavor, flavor.extra_specs),
        'image': {'id': image['id'],
                  'properties': compute_utils.image_properties(image)},
        'availability_zone': availability_zone,
        'force_hosts': [forced_host] if forced_host else [],
        'force_nodes': [forced_node] if forced_node else [],
        'num_instances': num_instances,
        'project_id': context.project_id,
        'scheduler_hints': scheduler_hints or {},
        'instance_group': server_groups.spec_for(group),
    }


def for_instance(instance, flavor):
    """`instance` with `flavor` (its image properties from the image_*
    system_metadata)."""
    sysmeta = instance.system_metadata or {}
    prefix = compute_utils.SM_IMAGE_PREFIX
    return {
        # The flavor of a move may come without its extra specs loaded.
        'flavor': _flavor(flavor, flavor.extra_specs
                          if flavor.obj_attr_is_set('extra_specs') else {}),
        'image': {'id': instance.image_ref,
                  'properties': {k[len(prefix):]: v
                                 for k, v in sysmeta.items()
                                 if k.startswith(prefix)}},
        'availability_zone': instance.availability_zone,
        'num_instances': 1,
        'project_id': instance.project_id,
        'scheduler_hints': dict(instance.scheduler_hints or {}),
    }
