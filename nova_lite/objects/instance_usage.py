"""Instances that ran during a time window (os-simple-tenant-usage)."""
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import instance as instance_obj


@base.NovaLiteObjectRegistry.register
class InstanceUsageList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial (Instance 1.4)
    # 1.1: Instance 1.5
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    @base.remotable
    def get_active_by_window(cls, context, begin, end=None, project_id=None,
                             limit=None, marker=None):
        """Instances (deleted ones too) launched before `end` and not
        terminated before `begin`, ordered by project and uuid."""
        rows = base.db().instance_get_active_by_window(
            context, begin, end=end, project_id=project_id, limit=limit,
            marker=marker)
        return cls(context, objects=[
            instance_obj.Instance._from_db_object(
                context, instance_obj.Instance(), r) for r in rows])
