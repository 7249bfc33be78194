"""Scheduler benchmark: select_destinations over many host states.

The scheduler runs in this process with the default filters and weighers;
the conductor is replaced by what its answers cost the scheduler: each
object read the scheduler makes (compute nodes, services, zones) returns
objects deserialised from their RPC primitive, as they arrive from the
conductor. Between requests one compute node changes (a claim landed), so
the host-state cache has something to refresh.

Prints the scheduler's CPU time (time.process_time) for the first request
(the cache filled) and the median and 90th percentile of the following
ones (goal: under 10 ms per request over 10,000 hosts); and, apart, what
the service refresh costs once every SERVICE_CACHE_SECONDS whatever the
request rate: the services whose heartbeat landed meanwhile (a fifth of
them, at report_interval = 10 s), re-read, and every host judged up.

Run: python bench/scheduler_bench.py [--hosts N] [--requests N]
[--profile pyinstrument]   (the profiler: pip install .[bench])
"""
import argparse
import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from oslo_utils import uuidutils  # noqa: E402

from nova_lite import conf as nl_conf  # noqa: E402
from nova_lite import context as nl_context  # noqa: E402
from nova_lite import objects  # noqa: E402

CONF = nl_conf.CONF


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _nodes(count):
    now = _utcnow()
    nodes = []
    for i in range(count):
        name = 'bench%05d' % i
        nodes.append(objects.ComputeNode(
            id=i + 1, uuid=uuidutils.generate_uuid(), service_id=i + 1,
            host=name, hypervisor_hostname=name, hypervisor_type='fake',
            hypervisor_version=1, host_ip='192.0.2.1', cpu_info='{}',
            vcpus=64, memory_mb=262144, local_gb=2000,
            vcpus_used=i % 48, memory_mb_used=(i * 512) % 200000,
            local_gb_used=i % 1500, reserved_host_memory_mb=512,
            reserved_host_disk_mb=0, reserved_host_cpus=0,
            cpu_allocation_ratio=4.0, ram_allocation_ratio=1.0,
            disk_allocation_ratio=1.0, disk_available_least=None,
            created_at=now, updated_at=now, deleted_at=None,
            deleted=False))
    return nodes


def _services(nodes):
    now = _utcnow()
    return [objects.Service(id=n.id, uuid=uuidutils.generate_uuid(),
                            host=n.host, binary='nova-compute',
                            topic='compute', report_count=1, disabled=False,
                            disabled_reason=None, forced_down=False,
                            last_seen_up=now, version=1, created_at=now,
                            updated_at=now, deleted_at=None, deleted=False)
            for n in nodes]


def _over_rpc(obj):
    """A reader returning `obj` as the scheduler receives it: rebuilt from
    its primitive each time."""
    primitive = obj.obj_to_primitive()
    return lambda: objects.base.NovaLiteObject.obj_from_primitive(primitive)


class FakeConductor(object):
    """The object reads the scheduler makes, answered from memory."""

    def __init__(self, count):
        self.nodes = _nodes(count)
        self.services = objects.ServiceList(objects=_services(self.nodes))
        self.changed = []
        self.reads = {'all': 0, 'changed': 0}

    def install(self):
        conductor = self
        every_node = _over_rpc(objects.ComputeNodeList(objects=self.nodes))
        services = _over_rpc(self.services)

        def get_all(cls, context):
            conductor.reads['all'] += 1
            return every_node()

        def get_changed_since(cls, context, since):
            conductor.reads['changed'] += 1
            return _over_rpc(objects.ComputeNodeList(
                objects=conductor.changed))()

        objects.ComputeNodeList.get_all = classmethod(get_all)
        objects.ComputeNodeList.get_changed_since = classmethod(
            get_changed_since)
        beats = max(1, len(self.nodes) // 5)
        heartbeats = _over_rpc(objects.ServiceList(
            objects=self.services.objects[:beats]))

        def get_services(cls, context, filters=None):
            if (filters or {}).get('changed_since'):
                return heartbeats()
            return services()

        objects.ServiceList.get_all = classmethod(get_services)
        objects.AggregateList.get_host_availability_zones = classmethod(
            lambda cls, context: {})

    def claim_lands(self, index):
        """A claim by another scheduler changes one node."""
        node = self.nodes[index % len(self.nodes)].obj_clone()
        node.vcpus_used += 1
        node.memory_mb_used += 512
        node.updated_at = _utcnow()
        self.changed = [node]


def _spec(context):
    flavor = objects.Flavor(
        id=1, flavorid='1', name='m1.tiny', memory_mb=512, vcpus=1,
        root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0, vcpu_weight=None,
        disabled=False, is_public=True, description=None, extra_specs={})
    return objects.RequestSpec.from_components(
        context, flavor, uuidutils.generate_uuid(), {})


def run(hosts, requests, profiler=None):
    CONF([], project='nova-lite')
    objects.register_all()
    conductor = FakeConductor(hosts)
    conductor.install()
    from nova_lite.scheduler import host_manager
    from nova_lite.scheduler import manager
    scheduler = manager.SchedulerManager()
    context = nl_context.get_admin_context()
    spec = _spec(context)

    def one():
        start = time.process_time()
        scheduler.select_destinations(context, spec, {},
                                      [uuidutils.generate_uuid()])
        return time.process_time() - start

    first = one()
    times = []
    if profiler is not None:
        profiler.start()
    for i in range(requests):
        conductor.claim_lands(i)
        times.append(one())
    if profiler is not None:
        profiler.stop()
    times.sort()
    cache = scheduler.host_manager
    refreshes = []
    for _ in range(5):
        cache._services_at -= host_manager.SERVICE_CACHE_SECONDS + 1
        start = time.process_time()
        with cache.lock:
            cache._refresh_services(context, cache._clock(), False)
        refreshes.append(time.process_time() - start)
    return {'first': first, 'median': statistics.median(times),
            'p90': times[int(len(times) * 0.9)], 'reads': conductor.reads,
            'services': statistics.median(refreshes)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--hosts', type=int, default=10000)
    parser.add_argument('--requests', type=int, default=50)
    parser.add_argument('--profile', choices=['pyinstrument'],
                        help='profile the requests after the first')
    args = parser.parse_args()
    profiler = None
    if args.profile == 'pyinstrument':
        import pyinstrument
        profiler = pyinstrument.Profiler(interval=0.0005)
    result = run(args.hosts, args.requests, profiler)
    print('nova_lite scheduler benchmark: select_destinations over %d host '
          'states, default filters and weighers' % args.hosts)
    print('  first request (cache filled): %8.1f ms CPU' %
          (result['first'] * 1000))
    print('  median of %d requests:        %8.2f ms CPU  (goal < 10)' %
          (args.requests, result['median'] * 1000))
    print('  90th percentile:              %8.2f ms CPU' %
          (result['p90'] * 1000))
    print('  compute node reads: %(all)d full, %(changed)d changed-since' %
          result['reads'])
    from nova_lite.scheduler import host_manager
    print('  service refresh, once every %.0f s: %8.1f ms CPU' % (
        host_manager.SERVICE_CACHE_SECONDS, result['services'] * 1000))
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False))


if __name__ == '__main__':
    main()
