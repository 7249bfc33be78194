from oslo_config import cfg

compute_opts = [
    cfg.StrOpt('compute_driver', default='libvirt.LibvirtDriver',
               help='Virt driver the compute service uses: '
                    '"libvirt.LibvirtDriver" or "fake.FakeDriver".'),
    cfg.FloatOpt('cpu_allocation_ratio', default=4.0, min=0.0,
                 help='Virtual CPU to physical CPU allocation ratio.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual RAM to physical RAM allocation ratio.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk to physical disk allocation ratio.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='Memory (MiB) kept for the host and never claimed.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='Disk (MiB) kept for the host and never claimed.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help='Host CPUs kept for the host and never claimed.'),
    cfg.IntOpt('reboot_timeout', default=0, min=0,
               help='Seconds a soft reboot may take before it is turned '
                    'into a hard reboot (0 uses the driver default).'),
    cfg.IntOpt('max_concurrent_builds', default=10, min=0,
               help='Builds a compute service runs at once (0 = unlimited).'),
    cfg.StrOpt('instances_path', sample_default='$state_path/instances',
               help='Where instance disks and logs are kept.'),
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
