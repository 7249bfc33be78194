"""Server tags (os-server-tags, 2.26): one Tag per (instance, name)."""
from nova_lite.objects import base
from nova_lite.objects import fields

MAX_TAG_COUNT = 50


@base.NovaLiteObjectRegistry.register
class Tag(base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'tag': fields.StringField(),
    }

    @classmethod
    @base.remotable
    def exists(cls, context, instance_uuid, tag):
        return base.db().instance_tag_exists(context, instance_uuid, tag)

    @classmethod
    @base.remotable
    def add(cls, context, instance_uuid, tag):
        """Add a tag; True when it was new (TooManyInstanceTags at 50)."""
        created, _tags = base.db().instance_tag_add(context, instance_uuid,
                                                    tag)
        return created

    @classmethod
    @base.remotable
    def destroy(cls, context, instance_uuid, tag):
        base.db().instance_tag_delete(context, instance_uuid, tag)


@base.NovaLiteObjectRegistry.register
class TagList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Tag')}

    @classmethod
    def _make(cls, context, instance_uuid, names):
        return cls(context, objects=[
            Tag(context, instance_uuid=instance_uuid, tag=name)
            for name in names])

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        return cls._make(context, instance_uuid,
                         base.db().instance_tag_get_by_instance_uuid(
                             context, instance_uuid))

    @classmethod
    @base.remotable
    def create(cls, context, instance_uuid, tags):
        """Replace all tags of an instance."""
        return cls._make(context, instance_uuid,
                         base.db().instance_tag_set(context, instance_uuid,
                                                    tags))

    @classmethod
    @base.remotable
    def destroy(cls, context, instance_uuid):
        base.db().instance_tag_delete_all(context, instance_uuid)

    def names(self):
        return [t.tag for t in self.objects]
