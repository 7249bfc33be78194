from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake virt driver',
                          help='The fake virt driver models a hypervisor '
                               'without running guests (tests, benchmarks).')

fake_opts = [
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds a spawn takes.'),
    cfg.FloatOpt('destroy_delay', default=0.0, min=0.0,
                 help='Seconds a destroy takes.'),
    cfg.FloatOpt('power_delay', default=0.0, min=0.0,
                 help='Seconds a power operation (reboot, stop, start, '
                      'pause, suspend ...) takes.'),
    cfg.IntOpt('vcpus', default=16, min=1, help='vCPUs the host reports.'),
    cfg.IntOpt('memory_mb', default=65536, min=1,
               help='Memory (MiB) the host reports.'),
    cfg.IntOpt('local_gb', default=2048, min=1,
               help='Local disk (GiB) the host reports.'),
    cfg.ListOpt('fail_spawn_hosts', default=[],
                help='Hosts on which every spawn fails (testing '
                     'reschedules).'),
    cfg.ListOpt('fail_volume_operations', default=[],
                help='Volume operations of the driver that fail '
                     '(attach_volume, detach_volume, swap_volume, '
                     'extend_volume, volume_snapshot_create, '
                     'volume_snapshot_delete; testing rollbacks).'),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
