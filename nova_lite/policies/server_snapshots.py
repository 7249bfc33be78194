"""Policies of createImage and createBackup (Nova keeps createImage with
the servers rules and createBackup in its own file; the names and
defaults are Nova's)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule
from nova_lite.policies import servers

CREATE_IMAGE = servers.SERVERS % 'create_image'
CREATE_IMAGE_VOLUME_BACKED = servers.SERVERS % \
    'create_image:allow_volume_backed'
CREATE_BACKUP = 'os_compute_api:os-create-backup'

rules = [
    rule(CREATE_IMAGE, base.PROJECT_MEMBER_OR_ADMIN,
         'Create an image from a server', 'POST',
         '/servers/{server_id}/action (createImage)'),
    rule(CREATE_IMAGE_VOLUME_BACKED, base.PROJECT_MEMBER_OR_ADMIN,
         'Create an image from a volume backed server', 'POST',
         '/servers/{server_id}/action (createImage)'),
    rule(CREATE_BACKUP, base.PROJECT_MEMBER_OR_ADMIN,
         'Create a back up of a server', 'POST',
         '/servers/{server_id}/action (createBackup)'),
]


def list_rules():
    return rules
