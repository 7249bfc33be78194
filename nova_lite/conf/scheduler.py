from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts a build may be tried on (first try plus '
                    'reschedules) before the instance goes to ERROR.'),
]

filter_opts = [
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'AvailabilityZoneFilter',
                         'ComputeCapabilitiesFilter', 'RamFilter',
                         'DiskFilter', 'VCPUFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help='Filters a host must pass, in order.'),
    cfg.ListOpt('weight_classes',
                default=['RAMWeigher', 'CPUWeigher', 'DiskWeigher',
                         'ServerGroupSoftAffinityWeigher',
                         'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers that rank the hosts that passed.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Positive spreads by free RAM, negative stacks.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Positive spreads by free vCPUs, negative stacks.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Positive spreads by free disk, negative stacks.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How strongly hosts already holding members of a '
                      'soft-affinity server group are preferred.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 help='How strongly hosts holding fewer members of a '
                      'soft-anti-affinity server group are preferred.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick randomly among the N best hosts, to reduce '
                    'collisions between concurrent builds.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)


def list_opts():
    return {scheduler_group: scheduler_opts, filter_group: filter_opts}
