"""Flavor access lists and extra spec edits (one transaction each)."""
from nova_lite.objects import base


@base.NovaLiteObjectRegistry.register
class FlavorExtras(base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {}

    @classmethod
    @base.remotable
    def get_access(cls, context, flavorid):
        """Project ids that may use the (private) flavor."""
        return base.db().flavor_access_get_by_flavor_id(context, flavorid)

    @classmethod
    @base.remotable
    def add_access(cls, context, flavorid, project_id):
        base.db().flavor_access_add(context, flavorid, project_id)

    @classmethod
    @base.remotable
    def remove_access(cls, context, flavorid, project_id):
        base.db().flavor_access_remove(context, flavorid, project_id)

    @classmethod
    @base.remotable
    def update_extra_specs(cls, context, flavorid, specs):
        """Merge `specs` in; returns all extra specs."""
        return base.db().flavor_extra_specs_update(context, flavorid, specs)

    @classmethod
    @base.remotable
    def delete_extra_spec(cls, context, flavorid, key):
        return base.db().flavor_extra_specs_update(context, flavorid, {},
                                                   delete_key=key)
