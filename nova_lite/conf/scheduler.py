from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts a build may be tried on (first try plus '
                    'reschedules) before the instance goes to ERROR.'),
    cfg.IntOpt('workers', min=1,
               help='Worker processes of nova-lite-scheduler (default: the '
                    'number of CPUs), all consuming its queue.'),
]

filter_opts = [
    cfg.MultiStrOpt('available_filters',
                    default=['nova_lite.scheduler.filters.all_filters'],
                    help='Filter classes the scheduler may use: each a '
                         'dotted path to a filter class, or to a function '
                         'returning a list of them (the default: every '
                         'filter nova_lite has). enabled_filters picks '
                         'among them by class name.'),
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'AvailabilityZoneFilter',
                         'ComputeCapabilitiesFilter', 'RamFilter',
                         'DiskFilter', 'VCPUFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help='Class names of the filters (from available_filters) '
                     'a host must pass, in order. A name not among them '
                     'stops the scheduler at start-up.'),
    cfg.ListOpt('weight_classes',
                default=['RAMWeigher', 'CPUWeigher', 'DiskWeigher',
                         'ServerGroupSoftAffinityWeigher',
                         'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers that rank the hosts that passed: class '
                     'names of nova_lite weighers, or dotted paths to a '
                     'weigher class or to a function returning them '
                     '(nova_lite.scheduler.weighers.all_weighers). An '
                     'unknown one stops the scheduler at start-up.'),
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
