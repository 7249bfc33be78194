"""Quota limits and usage counts, read and written in the conductor.

The arithmetic (defaults, merging, checks) lives in nova_lite.compute.quotas;
these methods only carry rows and counts across the indirection API.
"""
from nova_lite.objects import base


@base.NovaLiteObjectRegistry.register
class Quotas(base.NovaLiteObject):
    # 1.0: initial
    # 1.1: get_limits_and_usage
    VERSION = '1.1'

    fields = {}

    @classmethod
    @base.remotable
    def get_all(cls, context, project_id, user_id=None):
        """Stored limits: {'project': {...}, 'user': {...}, 'class':
        {...}} (the "default" quota class in 'class')."""
        db = base.db()
        limits = db.quota_get_all(context, project_id, user_id=user_id)
        limits['class'] = db.quota_class_get(context, 'default')
        return limits

    @classmethod
    @base.remotable
    def get_all_user_limits(cls, context, project_id):
        return base.db().quota_get_all_user_limits(context, project_id)

    @classmethod
    @base.remotable
    def get_class(cls, context, class_name):
        return base.db().quota_class_get(context, class_name)

    @classmethod
    @base.remotable
    def set_limit(cls, context, project_id, resource, limit, user_id=None):
        base.db().quota_set(context, project_id, resource, limit,
                            user_id=user_id)

    @classmethod
    @base.remotable
    def set_class_limit(cls, context, class_name, resource, limit):
        base.db().quota_class_set(context, class_name, resource, limit)

    @classmethod
    @base.remotable
    def destroy_all_by_project(cls, context, project_id):
        base.db().quota_destroy_all_by_project(context, project_id)

    @classmethod
    @base.remotable
    def destroy_all_by_project_and_user(cls, context, project_id, user_id):
        base.db().quota_destroy_all_by_project_and_user(context, project_id,
                                                         user_id)

    @classmethod
    @base.remotable
    def count_usage(cls, context, project_id, user_id=None):
        """{'project': {resource: n}, 'user': {resource: n}}."""
        return base.db().quota_usage_count(context, project_id,
                                           user_id=user_id)

    @classmethod
    @base.remotable
    def get_limits_and_usage(cls, context, project_id, user_id=None):
        """Stored limits and usage counts in one round trip (the quota
        check at every server create needs both)."""
        return base.db().quota_limits_and_usage(context, project_id,
                                                 user_id=user_id)

    @classmethod
    @base.remotable
    def count_group_members(cls, context, group_uuid):
        return base.db().quota_count_group_members(context, group_uuid)
