"""[libvirt] options (Nova's names) and the [image_cache] options the
libvirt driver's image cache uses (Nova keeps those in their own group)."""
from oslo_config import cfg

libvirt_group = cfg.OptGroup(
    'libvirt', title='Libvirt virt driver',
    help='Options of the libvirt virt driver '
         '(compute_driver = libvirt.LibvirtDriver).')

libvirt_opts = [
    cfg.StrOpt('virt_type', default='kvm', choices=('kvm', 'qemu'),
               help='Libvirt domain type. "kvm" for hosts with hardware '
                    'virtualization; "qemu" for pure emulation (TCG), e.g. '
                    'nested hosts where KVM is not usable.'),
    cfg.StrOpt('connection_uri', default='',
               help='Libvirt connection URI. Empty means the default for '
                    'virt_type: qemu:///system for both kvm and qemu.'),
    cfg.StrOpt('cpu_mode',
               choices=('host-model', 'host-passthrough', 'custom', 'none'),
               help='Guest CPU mode. Unset means "host-model" when '
                    'virt_type is kvm and "none" (the hypervisor default '
                    'CPU) when virt_type is qemu.'),
    cfg.ListOpt('cpu_models', default=[],
                help='Named CPU models to use when cpu_mode is "custom" '
                     '(the first one is used), e.g. "Nehalem".'),
    cfg.ListOpt('hw_machine_type',
                help='Default machine type per guest architecture, as '
                     '"arch=machine" pairs, e.g. "x86_64=q35". The image '
                     'property hw_machine_type overrides it. Unset uses '
                     '"pc" on x86.'),
    cfg.IntOpt('wait_soft_reboot_seconds', default=120, min=0,
               help='Seconds to wait for a guest to shut down after a soft '
                    'reboot request before falling back to a hard reboot. '
                    '[DEFAULT] reboot_timeout, when non-zero, takes '
                    'precedence.'),
    cfg.IntOpt('max_concurrent_spawns', default=2, min=1,
               help='Guests this host creates at once (image fetch, disks, '
                    'domain start). Each boot costs CPU; under QEMU TCG a '
                    'small number keeps boots from starving each other.'),
    cfg.StrOpt('images_type', default='default',
               choices=('default', 'qcow2', 'raw', 'flat'),
               help='Instance disk backend. "qcow2" (and "default"): a '
                    'copy-on-write overlay on the cached base image. '
                    '"raw"/"flat": a full raw copy of the base image.'),
]

# Volumes (Nova's option names and defaults).
libvirt_volume_opts = [
    cfg.StrOpt('nfs_mount_point_base', default='$state_path/mnt',
               help='Directory under which NFS volume shares are mounted '
                    'on the compute host (os-brick mounts each share at '
                    '<base>/<md5 of the share>; a share already mounted '
                    'there is used as it is).'),
    cfg.StrOpt('nfs_mount_options',
               help='Mount options passed to the NFS client, e.g. '
                    '"vers=3,lookupcache=pos".'),
    cfg.IntOpt('device_detach_attempts', default=8, min=1,
               help='Times the driver asks libvirt to detach a device from '
                    'a running guest before it gives up.'),
    cfg.IntOpt('device_detach_timeout', default=20, min=1,
               help='Seconds each detach attempt waits for libvirt\'s '
                    'device-removed event before the detach is asked '
                    'again.'),
    cfg.BoolOpt('volume_use_multipath', default=False,
                help='Use multipath connections of iSCSI or FC volumes.'),
]

image_cache_group = cfg.OptGroup(
    'image_cache', title='Image cache',
    help='The per-host cache of base images instance disks are built on.')

image_cache_opts = [
    cfg.StrOpt('subdirectory_name', default='_base',
               help='Directory under instances_path where cached base '
                    'images are kept.'),
    cfg.BoolOpt('remove_unused_base_images', default=True,
                help='Remove cached base images no instance on this host '
                     'uses any more.'),
    cfg.IntOpt('remove_unused_original_minimum_age_seconds', default=86400,
               min=0,
               help='Seconds a cached base image must have been unused '
                    'before it is removed.'),
    cfg.IntOpt('manager_interval', default=2400, min=-1,
               help='Seconds between runs of the image cache manager '
                    '(0 runs it at the default periodic interval, -1 '
                    'disables it).'),
]


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)
    conf.register_opts(libvirt_volume_opts, group=libvirt_group)
    conf.register_group(image_cache_group)
    conf.register_opts(image_cache_opts, group=image_cache_group)


def list_opts():
    return {libvirt_group: libvirt_opts + libvirt_volume_opts,
            image_cache_group: image_cache_opts}
