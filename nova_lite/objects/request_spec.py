"""RequestSpec: what the scheduler is asked to place, built in one place
for builds (from the create request's components) and for moves and
unshelves (from the instance), as Nova's RequestSpec is.

Services of the previous release (compute 1.0, scheduler 1.0) take the
request spec as a dict; `to_legacy_dict()` gives exactly that dict and
`from_legacy_dict()` reads it back:

    {'flavor': {'vcpus', 'memory_mb', 'root_gb', 'ephemeral_gb', 'swap',
                'extra_specs'},
     'image': {'id', 'properties'},
     'availability_zone', 'num_instances', 'project_id', 'scheduler_hints',
     # builds only:
     'force_hosts', 'force_nodes', 'instance_group': {'uuid', 'policy',
        'rules', 'members', 'hosts'} or None,
     # moves and unshelves, when asked for:
     'ignore_hosts', 'requested_destination': {'host', 'node'},
     # a server booted from volume (no local root disk):
     'is_bfv': True}

A key is in the legacy dict when its field is set on the object, so each
request keeps the shape it has always had. The retry record travels in
the legacy filter_properties ({'scheduler_hints', 'retry'}).
"""
from oslo_serialization import jsonutils

from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance_group as instance_group_obj

# The flavor values a request spec carries to the scheduler.
LEGACY_FLAVOR_KEYS = ('vcpus', 'memory_mb', 'root_gb', 'ephemeral_gb',
                      'swap')
# instance system_metadata keys holding the image's properties.
IMAGE_SYSMETA_PREFIX = 'image_'


@base.NovaLiteObjectRegistry.register
class ImageMeta(base.NovaLiteObject):
    """The image a request is for: its id and custom properties."""
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.StringField(nullable=True),
        'properties': fields.JSONDictField(default={}),
    }

    def to_legacy_dict(self):
        return {'id': self.id if self.obj_attr_is_set('id') else None,
                'properties': dict(self.properties
                                   if self.obj_attr_is_set('properties')
                                   else {})}

    @classmethod
    def from_legacy_dict(cls, image):
        return cls(id=image.get('id'),
                   properties=dict(image.get('properties') or {}))


@base.NovaLiteObjectRegistry.register
class Destination(base.NovaLiteObject):
    """A host (and node) the request must land on (a move or unshelve to
    a requested host)."""
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'node': fields.StringField(nullable=True),
    }


@base.NovaLiteObjectRegistry.register
class SchedulerRetries(base.NovaLiteObject):
    """The attempts a build has had: [host, node] of each."""
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'num_attempts': fields.IntegerField(),
        'hosts': fields.ListOfListsOfStringsField(),
    }


def _legacy_flavor(flavor):
    values = {key: getattr(flavor, key) for key in LEGACY_FLAVOR_KEYS}
    values['extra_specs'] = dict(flavor.extra_specs
                                 if flavor.obj_attr_is_set('extra_specs')
                                 else {})
    return values


def _legacy_group(group):
    return {'uuid': group.uuid, 'policy': group.policy,
            'rules': dict(group.rules or {}),
            'members': list(group.members or []),
            'hosts': list(group.hosts or [])
            if group.obj_attr_is_set('hosts') else []}


def _group_from_legacy(group):
    return instance_group_obj.InstanceGroup(
        uuid=group['uuid'], policy=group['policy'],
        rules=dict(group.get('rules') or {}),
        members=list(group.get('members') or []),
        hosts=list(group.get('hosts') or []))


# system_metadata keys of build_request_system_metadata.
BUILD_NETWORKS_KEY = 'build_requested_networks'
BUILD_SECURITY_GROUPS_KEY = 'build_security_groups'


def build_request_system_metadata(requested_networks, security_groups):
    """The parts of a create request the instance does not record
    otherwise (its networks and security groups, None when not asked), as
    system_metadata entries: a build scheduled again asks for the same
    (RequestSpec.restore_build_request)."""
    values = {}
    if requested_networks is not None:
        values[BUILD_NETWORKS_KEY] = jsonutils.dumps(list(requested_networks))
    if security_groups is not None:
        values[BUILD_SECURITY_GROUPS_KEY] = jsonutils.dumps(
            list(security_groups))
    return values


@base.NovaLiteObjectRegistry.register
class RequestSpec(base.NovaLiteObject):
    # 1.0: initial
    # 1.1: requested_networks, security_groups
    # 1.2: is_bfv
    VERSION = '1.2'

    fields = {
        'flavor': fields.ObjectField('Flavor'),
        'image': fields.ObjectField('ImageMeta'),
        'availability_zone': fields.StringField(nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'project_id': fields.StringField(nullable=True),
        # As the create request gave them: a value is a string or a list.
        'scheduler_hints': fields.JSONDictField(default={}),
        'force_hosts': fields.ListOfStringsField(nullable=True),
        'force_nodes': fields.ListOfStringsField(nullable=True),
        'ignore_hosts': fields.ListOfStringsField(nullable=True),
        'requested_destination': fields.ObjectField('Destination',
                                                    nullable=True),
        'instance_group': fields.ObjectField('InstanceGroup',
                                             nullable=True),
        'retry': fields.ObjectField('SchedulerRetries', nullable=True),
        # The create request's networks as Nova's NetworkRequest values:
        # [{'network_id', 'port_id', 'address', 'tag'}], or one entry
        # whose network_id is 'auto' or 'none'; None: not asked (before
        # 2.37: every network available to the project).
        'requested_networks': fields.JSONListField(nullable=True),
        # The names of the security groups the create request gave.
        'security_groups': fields.ListOfStringsField(nullable=True),
        # Booted from volume: its root disk takes no local disk (Nova's
        # is_bfv: the flavor's root_gb is not wanted on the host).
        'is_bfv': fields.BooleanField(default=False),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        from oslo_utils import versionutils
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('requested_networks', None)
            primitive.pop('security_groups', None)
        if versionutils.convert_version_to_tuple(target_version) < (1, 2):
            primitive.pop('is_bfv', None)

    def networks(self):
        """The requested networks (None when the request named none)."""
        if not self.obj_attr_is_set('requested_networks'):
            return None
        return self.requested_networks

    def boots_from_volume(self):
        """Whether the server's root disk is a volume (is_bfv)."""
        return self.obj_attr_is_set('is_bfv') and self.is_bfv

    def security_group_names(self):
        if not self.obj_attr_is_set('security_groups') or \
                not self.security_groups:
            return ['default']
        return list(self.security_groups)

    # -- building -----------------------------------------------------------

    @classmethod
    def from_components(cls, context, flavor, image_id, image_properties,
                        availability_zone=None, forced_host=None,
                        forced_node=None, num_instances=1,
                        scheduler_hints=None, instance_group=None,
                        requested_networks=None, security_groups=None,
                        is_bfv=False):
        """The spec of a create request (compute API): `flavor` a Flavor,
        `image_properties` the image's custom properties
        (compute.utils.image_properties), `instance_group` the
        InstanceGroup the `group` hint names, or None."""
        group = None
        if instance_group is not None:
            group = instance_group.obj_clone()
            group.hosts = []
        spec = cls(
            context, flavor=flavor,
            image=ImageMeta(id=image_id,
                            properties=dict(image_properties or {})),
            availability_zone=availability_zone,
            force_hosts=[forced_host] if forced_host else [],
            force_nodes=[forced_node] if forced_node else [],
            num_instances=num_instances, project_id=context.project_id,
            scheduler_hints=dict(scheduler_hints or {}),
            instance_group=group,
            requested_networks=(list(requested_networks)
                                if requested_networks is not None
                                else None))
        if security_groups is not None:
            spec.security_groups = list(security_groups)
        if is_bfv:
            spec.is_bfv = True
        return spec

    @classmethod
    def from_instance(cls, context, instance, flavor=None,
                      availability_zone=None, ignore_hosts=None,
                      destination=None):
        """The spec of a move or unshelve of `instance` (with `flavor`,
        its own by default): its image and zone, one instance, its
        hints. `availability_zone` replaces the instance's zone (an
        unshelve); `ignore_hosts` and `destination` (a ComputeNode) are
        set only when given, as the move requests have them."""
        flavor = flavor or instance.flavor
        sysmeta = instance.system_metadata or {}
        spec = cls(
            context, flavor=flavor,
            image=ImageMeta(
                id=instance.image_ref,
                properties={key[len(IMAGE_SYSMETA_PREFIX):]: value
                            for key, value in sysmeta.items()
                            if key.startswith(IMAGE_SYSMETA_PREFIX)}),
            availability_zone=(availability_zone
                               if availability_zone is not None
                               else instance.availability_zone),
            num_instances=1, project_id=instance.project_id,
            scheduler_hints=dict(instance.scheduler_hints or {}))
        if ignore_hosts is not None:
            spec.ignore_hosts = list(ignore_hosts)
        if destination is not None:
            spec.requested_destination = Destination(
                host=destination.host, node=destination.hypervisor_hostname)
        return spec

    # -- what a build that must be scheduled again needs of its request --

    def restore_build_request(self, instance):
        """Set the networks and security groups the instance's create
        asked for (build_request_system_metadata): a build that must be
        scheduled again."""
        sysmeta = instance.system_metadata or {}
        if sysmeta.get(BUILD_NETWORKS_KEY) is not None:
            self.requested_networks = jsonutils.loads(
                sysmeta[BUILD_NETWORKS_KEY])
        if sysmeta.get(BUILD_SECURITY_GROUPS_KEY) is not None:
            self.security_groups = jsonutils.loads(
                sysmeta[BUILD_SECURITY_GROUPS_KEY])

    def group(self):
        """The server group the request is placed under, or None."""
        if not self.obj_attr_is_set('instance_group'):
            return None
        return self.instance_group

    # -- the previous release's dicts -----------------------------------------

    def to_legacy_dict(self):
        """The request_spec dict of the 1.0 RPC APIs (compute
        build_and_run_instance and prep_resize, scheduler
        select_destinations, conductor build_instances/migrate_server/
        unshelve_instance)."""
        spec = {
            'flavor': _legacy_flavor(self.flavor),
            'image': self.image.to_legacy_dict(),
            'availability_zone': self.availability_zone,
            'num_instances': self.num_instances,
            'project_id': self.project_id,
            'scheduler_hints': dict(self.scheduler_hints),
        }
        for name in ('force_hosts', 'force_nodes', 'ignore_hosts'):
            if self.obj_attr_is_set(name):
                spec[name] = list(getattr(self, name) or [])
        if self.obj_attr_is_set('instance_group'):
            group = self.instance_group
            spec['instance_group'] = (_legacy_group(group)
                                      if group is not None else None)
        if self.obj_attr_is_set('requested_networks') and \
                self.requested_networks is not None:
            spec['requested_networks'] = list(self.requested_networks)
        if self.obj_attr_is_set('security_groups') and \
                self.security_groups is not None:
            spec['security_groups'] = list(self.security_groups)
        if self.obj_attr_is_set('is_bfv') and self.is_bfv:
            spec['is_bfv'] = True
        if self.obj_attr_is_set('requested_destination') and \
                self.requested_destination is not None:
            destination = self.requested_destination
            spec['requested_destination'] = {'host': destination.host,
                                             'node': destination.node}
        return spec

    def to_legacy_filter_properties(self):
        """The filter_properties dict sent beside the legacy spec."""
        props = {'scheduler_hints': dict(self.scheduler_hints)}
        if self.obj_attr_is_set('retry') and self.retry is not None:
            props['retry'] = {'num_attempts': self.retry.num_attempts,
                              'hosts': [list(h) for h in self.retry.hosts]}
        return props

    @classmethod
    def coerce(cls, context, spec, filter_properties=None):
        """`spec` as a RequestSpec: a receiver's entry point, for callers
        of either form (an object from this release, the dict from the
        previous one)."""
        if isinstance(spec, cls):
            return spec
        return cls.from_legacy_dict(context, spec, filter_properties)

    @classmethod
    def from_legacy_dict(cls, context, spec, filter_properties=None):
        """A RequestSpec from the dicts a 1.0 service sends."""
        flavor_values = {key: spec['flavor'][key]
                         for key in LEGACY_FLAVOR_KEYS
                         if key in spec['flavor']}
        flavor = flavor_obj.Flavor(
            extra_specs=dict(spec['flavor'].get('extra_specs') or {}),
            **flavor_values)
        obj = cls(context, flavor=flavor,
                  image=ImageMeta.from_legacy_dict(spec.get('image') or {}),
                  availability_zone=spec.get('availability_zone'),
                  num_instances=spec.get('num_instances', 1),
                  project_id=spec.get('project_id'),
                  scheduler_hints=dict(spec.get('scheduler_hints') or {}))
        for name in ('force_hosts', 'force_nodes', 'ignore_hosts'):
            if name in spec:
                setattr(obj, name, list(spec[name] or []))
        if 'instance_group' in spec:
            group = spec['instance_group']
            obj.instance_group = (_group_from_legacy(group)
                                  if group else None)
        if spec.get('requested_networks') is not None:
            obj.requested_networks = list(spec['requested_networks'])
        if spec.get('security_groups') is not None:
            obj.security_groups = list(spec['security_groups'])
        if spec.get('is_bfv'):
            obj.is_bfv = True
        destination = spec.get('requested_destination')
        if destination:
            obj.requested_destination = Destination(
                host=destination['host'], node=destination.get('node'))
        retry = (filter_properties or {}).get('retry')
        if retry is not None:
            obj.retry = SchedulerRetries(
                num_attempts=retry.get('num_attempts', 0),
                hosts=[list(h) for h in retry.get('hosts') or []])
        return obj
