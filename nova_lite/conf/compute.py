from oslo_config import cfg

compute_opts = [
    cfg.StrOpt('compute_driver', default='libvirt.LibvirtDriver',
               help='Virt driver the compute service uses: '
                    '"libvirt.LibvirtDriver" or "fake.FakeDriver"; '
                    '"auto" (the default of nova-lite-all) picks libvirt '
                    'when a libvirtd answers, the test image is built and '
                    'QEMU can reach instances_path, else fake.'),
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
    cfg.IntOpt('shutdown_timeout', default=60, min=0,
               help='Seconds a guest is given to shut down cleanly (ACPI) '
                    'when it is stopped before it is powered off; 0 powers '
                    'it off at once.'),
    cfg.IntOpt('sync_power_state_interval', default=600, min=-1,
               help='Seconds between syncs of the power states the '
                    'hypervisor reports into the database (0 runs it at '
                    'the default periodic interval, -1 disables it).'),
    cfg.IntOpt('max_concurrent_builds', default=10, min=0,
               help='Builds a compute service runs at once (0 = unlimited).'),
    cfg.IntOpt('instance_build_timeout', default=0, min=0,
               help='Seconds a build may take on a compute host before that '
                    'host puts it in ERROR with a fault and releases its '
                    'claim (0 = no limit), as Nova.'),
    cfg.IntOpt('unstarted_build_timeout', default=120, min=0,
               help='Seconds a build may wait in task_state scheduling '
                    'before it is scheduled again: the conductor takes '
                    'builds with no host yet (their message was lost with '
                    'a conductor or the broker), a compute host gives back '
                    'builds claimed for it that it never started. Each is '
                    'taken by one compare-and-swap, so several conductors '
                    'may run it. 0 disables both.'),
    cfg.IntOpt('reclaim_instance_interval', default=0, min=0,
               help='Seconds a deleted server is kept (SOFT_DELETED, '
                    'restorable with the restore action) before the compute '
                    'service reclaims it. 0 deletes servers at once.'),
    cfg.StrOpt('instances_path', sample_default='$state_path/instances',
               help='Where instance disks and logs are kept.'),
    cfg.IntOpt('shelved_offload_time', default=0,
               help='Seconds a shelved server (SHELVED) stays on its host '
                    'before the compute service offloads it '
                    '(SHELVED_OFFLOADED: guest and disks removed, host '
                    'resources freed). 0 offloads right after the shelve, '
                    'a negative value never offloads automatically.'),
    cfg.IntOpt('shelved_poll_interval', default=3600,
               help='Seconds between runs of the periodic task that '
                    'offloads servers shelved longer than '
                    'shelved_offload_time (0 runs it at the default '
                    'periodic interval, -1 disables it).'),
    cfg.IntOpt('max_local_block_devices', default=3,
               help='Local disks (destination_type local, the image root '
                    'included) a server create may map; a negative value '
                    'means no limit, 0 allows only volume-backed servers.'),
    cfg.IntOpt('block_device_allocate_retries', default=60, min=0,
               help='Times the compute checks that a volume it created '
                    'for a server (source image, blank or snapshot, '
                    'destination volume) is "available" before the build '
                    'fails; 0 checks once.'),
    cfg.IntOpt('block_device_allocate_retries_interval', default=3, min=0,
               help='Seconds between those checks.'),
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
