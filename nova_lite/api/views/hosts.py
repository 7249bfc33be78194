"""The resources of GET /os-hosts/{host_name}: the compute node's totals
'(total)' and use '(used_now)', the sum of the flavors of its instances
'(used_max)', then that sum per project."""


def _resource(host, project, cpu, memory_mb, disk_gb):
    return {'resource': {'host': host, 'project': project, 'cpu': cpu,
                         'memory_mb': memory_mb, 'disk_gb': disk_gb}}


def _sizes(instance):
    return (instance.vcpus or 0, instance.memory_mb or 0,
            (instance.root_gb or 0) + (instance.ephemeral_gb or 0))


def show(host, node, instances):
    resources = [
        _resource(host, '(total)', node.vcpus, node.memory_mb,
                  node.local_gb),
        _resource(host, '(used_now)', node.vcpus_used, node.memory_mb_used,
                  node.local_gb_used),
    ]
    total = [0, 0, 0]
    by_project = {}
    for instance in instances:
        project = by_project.setdefault(instance.project_id, [0, 0, 0])
        for index, size in enumerate(_sizes(instance)):
            total[index] += size
            project[index] += size
    resources.append(_resource(host, '(used_max)', *total))
    resources.extend(_resource(host, project_id, *sums)
                     for project_id, sums in by_project.items())
    return {'host': resources}
