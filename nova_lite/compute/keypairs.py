"""What the REST layer calls to manage keypairs: validate, generate or
fingerprint, store through the KeyPair object (in the conductor)."""
import string

from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import crypto
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import keypair as keypair_obj

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

KEYPAIR_TYPE_SSH = keypair_obj.KEYPAIR_TYPE_SSH
KEYPAIR_TYPE_X509 = keypair_obj.KEYPAIR_TYPE_X509
# Before 2.92 names are [A-Za-z0-9_- ]; 2.92 adds '@' and '.'.
SAFE_CHARS = '_- ' + string.digits + string.ascii_letters
SAFE_CHARS_292 = '@._- ' + string.digits + string.ascii_letters


def _key_pair_limit():
    try:
        return CONF.quota.key_pairs
    except (AttributeError, Exception):  # quota options not registered
        return 100


class KeypairAPI(object):

    def _validate_new_key_pair(self, context, user_id, key_name):
        if not 0 < len(key_name) < 256:
            raise exception.InvalidKeypair(
                reason='Keypair name must be string and between 1 and 255 '
                       'characters long')
        limit = _key_pair_limit()
        if limit is not None and limit >= 0:
            count = objects.KeyPairList.get_count_by_user(context, user_id)
            if count + 1 > limit:
                raise exception.KeypairLimitExceeded()

    @staticmethod
    def _fingerprint(public_key, key_type):
        if key_type == KEYPAIR_TYPE_X509:
            return crypto.generate_x509_fingerprint(public_key)
        return crypto.generate_fingerprint(public_key)

    def _store(self, context, user_id, name, key_type, public_key,
               fingerprint):
        keypair = objects.KeyPair(context, user_id=user_id, name=name,
                                  type=key_type, public_key=public_key,
                                  fingerprint=fingerprint)
        keypair.create()
        LOG.info('Keypair %s of user %s created (request %s)', name,
                 user_id, context.request_id)
        return keypair

    def import_key_pair(self, context, user_id, key_name, public_key,
                        key_type=KEYPAIR_TYPE_SSH):
        self._validate_new_key_pair(context, user_id, key_name)
        fingerprint = self._fingerprint(public_key, key_type)
        return self._store(context, user_id, key_name, key_type, public_key,
                           fingerprint)

    def create_key_pair(self, context, user_id, key_name,
                        key_type=KEYPAIR_TYPE_SSH):
        """Generate a key; returns (keypair, private key)."""
        self._validate_new_key_pair(context, user_id, key_name)
        if key_type == KEYPAIR_TYPE_X509:
            private_key, public_key, fingerprint = \
                crypto.generate_x509_cert(user_id)
        else:
            private_key, public_key, fingerprint = \
                crypto.generate_key_pair()
        keypair = self._store(context, user_id, key_name, key_type,
                              public_key, fingerprint)
        return keypair, private_key

    def delete_key_pair(self, context, user_id, key_name):
        objects.KeyPair.destroy_by_name(context, user_id, key_name)

    def get_key_pairs(self, context, user_id, limit=None, marker=None):
        return objects.KeyPairList.get_by_user(context, user_id, limit=limit,
                                               marker=marker)

    def get_key_pair(self, context, user_id, key_name):
        return objects.KeyPair.get_by_name(context, user_id, key_name)


def key_data_for(context, key_name):
    """The public key of the caller's keypair `key_name`, for a new server
    (400 "Invalid key_name provided." if the user has no such key)."""
    try:
        keypair = objects.KeyPair.get_by_name(context, context.user_id,
                                              key_name)
    except exception.KeypairNotFound:
        raise exception.Invalid('Invalid key_name provided.')
    return keypair.public_key
