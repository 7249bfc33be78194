"""[quota]: the default limits (Nova's option names and defaults)."""
from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Quota options')

quota_opts = [
    cfg.IntOpt('instances', default=10, min=-1,
               help='Servers a project may have. -1 means unlimited.'),
    cfg.IntOpt('cores', default=20, min=-1,
               help='vCPUs a project may use across its servers. -1 means '
                    'unlimited.'),
    cfg.IntOpt('ram', default=50 * 1024, min=-1,
               help='MB of RAM a project may use across its servers. -1 '
                    'means unlimited.'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items allowed per server. -1 means '
                    'unlimited.'),
    cfg.IntOpt('injected_files', default=5, min=-1,
               help='Files that may be injected per server (shown by the '
                    'API before microversion 2.57).'),
    cfg.IntOpt('injected_file_content_bytes', default=10 * 1024, min=-1,
               help='Bytes allowed per injected file.'),
    cfg.IntOpt('injected_file_path_length', default=255, min=-1,
               help='Length allowed for an injected file path.'),
    cfg.IntOpt('key_pairs', default=100, min=-1,
               help='Key pairs a user may have. -1 means unlimited.'),
    cfg.IntOpt('server_groups', default=10, min=-1,
               help='Server groups a project may have. -1 means '
                    'unlimited.'),
    cfg.IntOpt('server_group_members', default=10, min=-1,
               help='Servers a server group may have. -1 means '
                    'unlimited.'),
    cfg.StrOpt('driver', default='nova.quota.DbQuotaDriver',
               choices=['nova.quota.DbQuotaDriver',
                        'nova.quota.NoopQuotaDriver'],
               help='DbQuotaDriver enforces the limits stored in the '
                    'database (defaults from this group); NoopQuotaDriver '
                    'enforces nothing and reports every limit as -1.'),
    cfg.BoolOpt('recheck_quota', default=True,
                help='Count again after creating servers and undo the '
                     'creation if a concurrent request went over quota in '
                     'the meantime.'),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group: quota_opts}
