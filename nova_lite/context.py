"""RequestContext: who is asking, carried through every RPC hop."""
from oslo_context import context as oslo_context
from oslo_utils import timeutils


# Identity of the caller that oslo.context's to_dict leaves out: names,
# and the service (user, project, roles) of an X-Service-Token that
# keystonemiddleware validated. The service token itself never travels.
_NAME_KEYS = ('user_name', 'project_name', 'user_domain_name',
              'project_domain_name', 'domain_name')
_SERVICE_IDENTITY_KEYS = (
    'service_user_id', 'service_user_name', 'service_user_domain_id',
    'service_user_domain_name', 'service_project_id', 'service_project_name',
    'service_project_domain_id', 'service_project_domain_name',
    'service_roles')


class RequestContext(oslo_context.RequestContext):
    """The identity and request id of one API request.

    It crosses process boundaries as a dict (to_dict/from_dict) on every
    RPC message, so the request id reaches the conductor, scheduler and
    compute logs.
    """

    # (oslo.context's from_dict reads the names itself)
    FROM_DICT_EXTRA_KEYS = list(_SERVICE_IDENTITY_KEYS)

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted='no', remote_address=None, timestamp=None,
                 quota_class=None, service_catalog=None, **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(is_admin=is_admin, **kwargs)
        self.read_deleted = read_deleted
        self.remote_address = remote_address
        if timestamp is None:
            timestamp = timeutils.utcnow()
        elif isinstance(timestamp, str):
            timestamp = timeutils.normalize_time(
                timeutils.parse_isotime(timestamp))
        self.timestamp = timestamp
        self.quota_class = quota_class
        self.service_catalog = service_catalog or []
        if self.is_admin is None:
            self.is_admin = 'admin' in [r.lower() for r in self.roles]

    def to_dict(self):
        values = super().to_dict()
        values.update({
            'user_id': self.user_id,
            'project_id': self.project_id,
            'is_admin': self.is_admin,
            'read_deleted': self.read_deleted,
            'remote_address': self.remote_address,
            'timestamp': self.timestamp.isoformat(),
            'quota_class': self.quota_class,
            'service_catalog': self.service_catalog,
        })
        for key in _NAME_KEYS + _SERVICE_IDENTITY_KEYS:
            values[key] = getattr(self, key)
        return values

    @classmethod
    def from_dict(cls, values):
        return super().from_dict(
            values,
            user_id=values.get('user_id'),
            project_id=values.get('project_id'),
            is_admin=values.get('is_admin'),
            read_deleted=values.get('read_deleted', 'no'),
            remote_address=values.get('remote_address'),
            timestamp=values.get('timestamp'),
            quota_class=values.get('quota_class'),
            service_catalog=values.get('service_catalog'),
        )

    def elevated(self):
        """A copy of this context with admin rights (same request id)."""
        ctx = self.__class__.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        return ctx

    def can(self, action, target=None, fatal=True):
        from nova_lite import policy
        if target is None:
            target = {'project_id': self.project_id, 'user_id': self.user_id}
        return policy.authorize(self, action, target, fatal=fatal)


def get_admin_context(read_deleted='no'):
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)


def get_context():
    """A context for internal work with no user (periodic tasks)."""
    return RequestContext(user_id=None, project_id=None, is_admin=False,
                          overwrite=False)
