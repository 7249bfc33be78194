"""ConsoleAuthToken: a short-lived authorization to reach one guest's
console through a console proxy (Nova's object of the same name).

The token itself is returned once, by authorize(); the database keeps
only its sha256. validate() is what a console proxy calls for every
connection; it runs in the conductor like every remotable method.
"""
import hashlib
import time
import urllib.parse

from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields


def token_hash(token):
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


@base.NovaLiteObjectRegistry.register
class ConsoleAuthToken(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'console_type': fields.StringField(nullable=False),
        'host': fields.StringField(nullable=False),
        'port': fields.IntegerField(nullable=False),
        'internal_access_path': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=False),
        'access_url_base': fields.StringField(nullable=True),
        # Only set on the object authorize() returned or validate() found.
        'token': fields.StringField(nullable=True),
        'expires': fields.IntegerField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @property
    def access_url(self):
        """The URL a user opens: noVNC takes the websocket path (with the
        token) in its "path" parameter, as Nova builds it."""
        if not self.obj_attr_is_set('token') or not self.token or \
                not self.access_url_base:
            return None
        quoted = urllib.parse.quote(self.token, safe='')
        if self.console_type == 'novnc':
            return '%s?path=%%3Ftoken%%3D%s' % (self.access_url_base,
                                                quoted)
        return '%s?token=%s' % (self.access_url_base, quoted)

    @base.remotable
    def authorize(self, ttl):
        """Create the record; returns the (unhashed) token, valid for
        `ttl` seconds."""
        if self.obj_attr_is_set('id'):
            raise exception.NovaLiteException(
                'Console auth token already authorized')
        token = uuidutils.generate_uuid()
        values = self.obj_get_changes()
        values.pop('token', None)
        values['token_hash'] = token_hash(token)
        values['expires'] = int(time.time()) + int(ttl)
        row = base.db().console_auth_token_create(self._context, values)
        self._from_db_object(self._context, self, row)
        self.token = token
        self.obj_reset_changes(['token'])
        return token

    @classmethod
    @base.remotable
    def validate(cls, context, token, instance_uuid=None):
        """The record of an unexpired token, or InvalidToken."""
        row = base.db().console_auth_token_get_valid(
            context, token_hash(token or ''), instance_uuid)
        if row is None:
            raise exception.InvalidToken(token='***')
        obj = cls._from_db_object(context, cls(), row)
        obj.token = token
        obj.obj_reset_changes(['token'])
        return obj

    @classmethod
    @base.remotable
    def clean_console_auths_for_instance(cls, context, instance_uuid):
        return base.db().console_auth_token_destroy_all_by_instance(
            context, instance_uuid)

    @classmethod
    @base.remotable
    def clean_expired_console_auths(cls, context, host=None):
        return base.db().console_auth_token_destroy_expired(context, host)
