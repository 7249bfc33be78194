"""Server addresses from the network info cache: `addresses` in server
bodies, /servers/{id}/ips, the ip= and ip6= list filters. Nothing is read
when no network service is configured (servers have no addresses)."""
import re

from nova_lite.network import model
from nova_lite.network import neutron
from nova_lite import objects


def network_infos(context, instances):
    """{instance uuid: network_info} for `instances` (one read)."""
    uuids = [i.uuid for i in instances]
    if not uuids or not neutron.is_configured(None, context):
        return {}
    return objects.InstanceInfoCacheList.get_by_instance_uuids(
        context, uuids).by_instance()


def network_info(context, instance):
    return network_infos(context, [instance]).get(instance.uuid, [])


def addresses(info):
    return model.addresses(info)


def ip_filter(context, instances, ip=None, ip6=None, limit=None):
    """The instances with a cached address matching the ip (IPv4) / ip6
    regular expressions (matched from the start, as Nova does)."""
    ipv4 = re.compile(str(ip)) if ip else None
    ipv6 = re.compile(str(ip6)) if ip6 else None
    infos = network_infos(context, instances)
    result = []
    for instance in instances:
        for vif_ip in _ips(infos.get(instance.uuid, [])):
            pattern = ipv4 if vif_ip['version'] == 4 else ipv6
            if pattern is not None and pattern.match(vif_ip['address']):
                result.append(instance)
                break
        if limit is not None and len(result) >= limit:
            break
    return result


def _ips(info):
    for vif in info:
        for ip in model.fixed_ips(vif):
            yield ip
            for fip in ip.get('floating_ips') or []:
                yield fip
