"""[glance]: how nova_lite reaches a Glance v2 image service.

The keystoneauth1 adapter, session and auth options are registered the
way Nova registers them, so ``endpoint_override``, ``valid_interfaces``,
``region_name`` and ``service_type`` (default "image") behave as in Nova.
"""
from oslo_config import cfg

from nova_lite.conf import ks_client

DEFAULT_SERVICE_TYPE = 'image'
DEFAULT_VALID_INTERFACES = ['internal', 'public']


def _group():
    return cfg.OptGroup(
        'glance', title='Glance Options',
        help='Configuration options for the Glance v2 image service '
             'client.')


glance_group = _group()

glance_opts = [
    cfg.StrOpt('image_backend', default='auto',
               choices=[
                   ('auto', 'Use the embedded store when [image_store] path '
                            'is set, Glance with Keystone or a configured '
                            'Glance endpoint, the embedded store '
                            'otherwise.'),
                   ('local', 'Always use the embedded [image_store].'),
                   ('glance', 'Always use Glance (endpoint from '
                              'endpoint_override or the service catalog).'),
               ],
               help='''
Where nova_lite gets images from (nova_lite specific).

With "auto" (the default) the rule is:

* ``[image_store] path`` is set -> embedded local store;
* otherwise, ``[glance] endpoint_override`` or ``[glance] auth_type`` is
  set, or ``[api] auth_strategy`` is keystone -> Glance (the endpoint is
  endpoint_override, or looked up in the service catalog by
  service_type/valid_interfaces/region_name);
* otherwise (noauth and nothing about Glance configured) -> embedded
  local store under ``$state_path/images``.

nova-lite-all defaults to "local": its embedded store is the all-in-one
default.

Set "glance" to use Glance with only the requesting user's token and
service catalog (no [glance] credentials), "local" to never use Glance.
'''),
    cfg.IntOpt('num_retries', default=0, min=0,
               help='Number of retries when uploading / downloading an '
                    'image to / from glance (connection errors and 5xx '
                    'responses are retried).'),
    cfg.BoolOpt('verify_glance_signatures', default=False,
                help='Require Nova to perform signature verification on '
                     'each image downloaded from Glance. Accepted for '
                     'compatibility but IGNORED by nova_lite: signatures '
                     'are never verified (the os_hash_value / checksum of '
                     'downloaded data still is).'),
]


def register_opts(conf):
    ks_client.register(conf, _group(), glance_opts, DEFAULT_SERVICE_TYPE,
                       DEFAULT_VALID_INTERFACES)


def list_opts():
    return {
        glance_group: ks_client.list_opts(
            glance_opts, DEFAULT_SERVICE_TYPE, DEFAULT_VALID_INTERFACES),
    }
