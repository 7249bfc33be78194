from oslo_config import cfg

image_store_group = cfg.OptGroup(
    'image_store', title='Embedded image store',
    help='The local-directory image store nova-lite-all serves read-only '
         'in Glance v2 shape under /image until a real Glance is used.')

image_store_opts = [
    cfg.StrOpt('path', sample_default='$state_path/images',
               help='Directory holding <id>.json metadata and <id> data '
                    'files.'),
]


def register_opts(conf):
    conf.register_group(image_store_group)
    conf.register_opts(image_store_opts, group=image_store_group)


def list_opts():
    return {image_store_group: image_store_opts}
