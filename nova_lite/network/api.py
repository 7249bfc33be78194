"""The Network API: what the compute service (build, delete, interface
attach/detach, events) and the compute API (server views, security
groups) ask of the network service, in Nova's terms (network_info, VIFs),
over the Neutron v2.0 client. Nova's nova/network/neutron.py API.

Ports nova_lite creates for a server are deleted with it; ports the user
gave (preserve_on_delete in the VIF) are unbound and kept.
"""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.network import model
from nova_lite.network import neutron
from nova_lite import objects

LOG = logging.getLogger(__name__)

DEVICE_OWNER_PREFIX = 'compute:'
DHCP_OWNER = 'network:dhcp'
BINDING_HOST = 'binding:host_id'
BINDING_PROFILE = 'binding:profile'
AUTO = 'auto'
NONE = 'none'


def device_owner(availability_zone):
    return DEVICE_OWNER_PREFIX + (availability_zone or 'nova')


def requested_special(requested_networks):
    """'auto' or 'none' when the request says so, else None."""
    if requested_networks and len(requested_networks) == 1 and \
            requested_networks[0].get('network_id') in (AUTO, NONE) and \
            not requested_networks[0].get('port_id'):
        return requested_networks[0]['network_id']
    return None


class API(object):
    """client: a nova_lite.network.neutron.NeutronClient (default: one
    from [neutron])."""

    def __init__(self, client=None, conf=None):
        self._conf = conf
        self._client = client
        # A client given (tests) is a network service configured.
        self._injected = client is not None

    @property
    def client(self):
        if self._client is None:
            self._client = neutron.NeutronClient(self._conf)
        return self._client

    def enabled(self, context=None):
        """Whether a network service is configured (see
        neutron.is_configured); an injected client always is."""
        if self._injected:
            return True
        return neutron.is_configured(self._conf, context)

    # -- networks available to a project ---------------------------------------

    def available_networks(self, context, project_id, net_ids=None):
        """Networks the project may boot on: `net_ids` (each must exist:
        NetworkNotFound), else its own networks and the shared ones."""
        if net_ids:
            found = self.client.list_networks(context, id=list(net_ids))
            known = {n['id'] for n in found}
            for net_id in net_ids:
                if net_id not in known:
                    raise exception.NetworkNotFound(network_id=net_id)
            by_id = {n['id']: n for n in found}
            return [by_id[i] for i in net_ids]
        own = self.client.list_networks(context, tenant_id=project_id,
                                        shared=False)
        shared = self.client.list_networks(context, shared=True)
        seen, nets = set(), []
        for net in own + shared:
            if net['id'] not in seen and not net.get('router:external'):
                seen.add(net['id'])
                nets.append(net)
        return nets

    # -- build ---------------------------------------------------------------

    def allocate_for_instance(self, context, instance, requested_networks,
                              security_groups=None, host=None):
        """Create (or take) the instance's ports, bind them to `host`,
        return its network_info and save it in the info cache. Nothing is
        left behind when it fails."""
        special = requested_special(requested_networks)
        if special == NONE:
            self._save_cache(context, instance, [])
            return []
        wanted = [r for r in (requested_networks or [])
                  if r.get('network_id') not in (AUTO, NONE) or
                  r.get('port_id')]
        ports_by_req = {}
        for req in wanted:
            if req.get('port_id'):
                port = self.client.show_port(context, req['port_id'])
                if port.get('device_id'):
                    raise exception.PortInUse(port_id=req['port_id'])
                ports_by_req[req['port_id']] = port
                req = dict(req, network_id=port['network_id'])
        net_ids = []
        for req in wanted:
            net_id = req.get('network_id') or \
                ports_by_req[req['port_id']]['network_id']
            if net_id not in net_ids:
                net_ids.append(net_id)
        nets = self.available_networks(context, instance.project_id,
                                       net_ids or None)
        if not wanted:
            if not nets:
                if special == AUTO:
                    raise exception.UnableToAutoAllocateNetwork(
                        project_id=instance.project_id)
                LOG.debug('No network available to instance %s',
                          instance.uuid)
                self._save_cache(context, instance, [])
                return []
            if len(nets) > 1:
                raise exception.NetworkAmbiguous()
            wanted = [{'network_id': nets[0]['id']}]
        nets_by_id = {n['id']: n for n in nets}
        group_ids = self.security_group_ids(context, instance.project_id,
                                            security_groups)
        created, updated, ordered = [], [], []
        try:
            for req in wanted:
                if req.get('port_id'):
                    port = ports_by_req[req['port_id']]
                    updated.append(port['id'])
                else:
                    port = self._create_port(context, instance,
                                             nets_by_id[req['network_id']],
                                             req.get('address'), group_ids)
                    created.append(port['id'])
                ordered.append(port['id'])
                self._bind(context, instance, port['id'], host)
            # In the order of the request.
            network_info = self.build_network_info(
                context, instance, ordered, preserve=updated, order=ordered)
        except Exception:
            self._undo(context, created, updated)
            raise
        self._save_cache(context, instance, network_info)
        return network_info

    def _create_port(self, context, instance, network, address, group_ids):
        if not network.get('subnets'):
            raise exception.NetworkRequiresSubnet(network_uuid=network['id'])
        body = {'network_id': network['id'], 'admin_state_up': True,
                'tenant_id': instance.project_id}
        if address:
            body['fixed_ips'] = [{'ip_address': address}]
        if group_ids:
            body['security_groups'] = list(group_ids)
        return self.client.create_port(
            context, body, network_id=network['id'], address=address,
            instance_uuid=instance.uuid, net=network['id'])

    def _bind(self, context, instance, port_id, host):
        body = {'device_id': instance.uuid,
                'device_owner': device_owner(instance.availability_zone)}
        if host:
            body[BINDING_HOST] = host
        return self.client.update_port(context, port_id, body, admin=True)

    def _unbind(self, context, port_id):
        try:
            self.client.update_port(context, port_id, {
                'device_id': '', 'device_owner': '', BINDING_HOST: None,
                BINDING_PROFILE: {}}, admin=True)
        except exception.PortNotFound:
            pass

    def _delete(self, context, port_id):
        try:
            self.client.delete_port(context, port_id)
        except exception.PortNotFound:
            pass

    def _undo(self, context, created, updated):
        for port_id in created:
            try:
                self._delete(context, port_id)
            except Exception:
                LOG.exception('Could not delete port %s', port_id)
        for port_id in updated:
            try:
                self._unbind(context, port_id)
            except Exception:
                LOG.exception('Could not unbind port %s', port_id)

    def security_group_ids(self, context, project_id, names):
        """Group names (or ids) -> ids, as Nova resolves them; an unknown
        one is SecurityGroupNotFound."""
        if not names:
            return []
        groups = self.client.list_security_groups(
            context, tenant_id=project_id, fields=['id', 'name'])
        ids = []
        for name in names:
            matches = [g['id'] for g in groups if g['name'] == name]
            if len(matches) > 1:
                raise exception.NoUniqueMatch(
                    'Multiple security groups found matching %s. Use an '
                    'ID to be more specific.' % name)
            if not matches:
                matches = [g['id'] for g in groups if g['id'] == name]
            if not matches:
                raise exception.SecurityGroupNotFound(
                    security_group_id=name)
            if matches[0] not in ids:
                ids.append(matches[0])
        return ids

    # -- network_info ------------------------------------------------------------

    def build_network_info(self, context, instance, port_ids=None,
                           preserve=(), order=None, ports=None):
        """network_info of the ports (`port_ids`, or `ports` already read,
        or every port whose device_id is the instance), in `order`."""
        if ports is None:
            if port_ids is None:
                ports = self.client.list_ports(
                    context, tenant_id=instance.project_id,
                    device_id=instance.uuid)
            else:
                ports = [self.client.show_port(context, p) for p in port_ids]
        if not ports:
            return []
        net_ids = sorted({p['network_id'] for p in ports})
        networks = {n['id']: n for n in self.client.list_networks(
            context, id=net_ids)}
        subnet_ids = sorted({f['subnet_id'] for p in ports
                             for f in p.get('fixed_ips') or []})
        subnets = self.client.list_subnets(context, id=subnet_ids) \
            if subnet_ids else []
        dhcp = {}
        for net_id in net_ids:
            for dport in self.client.list_ports(
                    context, network_id=net_id, device_owner=DHCP_OWNER):
                for fixed in dport.get('fixed_ips') or []:
                    dhcp.setdefault(fixed['subnet_id'], fixed['ip_address'])
        floating = self._floating_ips(context, [p['id'] for p in ports])
        rank = {pid: i for i, pid in enumerate(order or []) if pid}
        ports = sorted(ports, key=lambda p: rank.get(p['id'], len(rank)))
        network_info = []
        for port in ports:
            network = networks.get(port['network_id'],
                                   {'id': port['network_id']})
            vif = model.vif_model(
                port, network,
                [s for s in subnets if s['network_id'] == network['id']],
                preserve_on_delete=port['id'] in preserve,
                dhcp_servers=dhcp)
            for ip in model.fixed_ips(vif):
                for fip in floating.get((port['id'], ip['address']), []):
                    ip['floating_ips'].append(
                        {'address': fip, 'type': 'floating',
                         'version': 4 if '.' in fip else 6, 'meta': {}})
            network_info.append(vif)
        return network_info

    def _floating_ips(self, context, port_ids):
        try:
            fips = self.client.list_floatingips(context, port_id=port_ids)
        except Exception as exc:
            LOG.debug('No floating IPs: %s', exc)
            return {}
        result = {}
        for fip in fips:
            key = (fip.get('port_id'), fip.get('fixed_ip_address'))
            result.setdefault(key, []).append(fip['floating_ip_address'])
        return result

    def _save_cache(self, context, instance, network_info):
        objects.InstanceInfoCache.update_network_info(
            context, instance.uuid, network_info)

    @staticmethod
    def cached_network_info(context, instance):
        return objects.InstanceInfoCache.get_by_instance_uuid(
            context, instance.uuid).network_info

    def get_instance_nw_info(self, context, instance):
        """Read the instance's ports again (network-changed, an attach or
        detach), keep the cache's order and preserve_on_delete flags, and
        save it."""
        cached = self.cached_network_info(context, instance)
        preserve = {v['id'] for v in cached if v.get('preserve_on_delete')}
        network_info = self.build_network_info(
            context, instance, preserve=preserve,
            order=model.vif_ids(cached))
        self._save_cache(context, instance, network_info)
        return network_info

    # -- moves -----------------------------------------------------------------

    def bind_ports_to_host(self, context, instance, host):
        """Move the bindings of the instance's ports to `host` (None:
        unbind, a shelve offload) and refresh the cache; the
        network_info."""
        ports = self.client.list_ports(context,
                                       tenant_id=instance.project_id,
                                       device_id=instance.uuid)
        for port in ports:
            if (port.get(BINDING_HOST) or None) != host:
                self.client.update_port(context, port['id'],
                                        {BINDING_HOST: host}, admin=True)
        return self.get_instance_nw_info(context, instance)

    # -- delete ----------------------------------------------------------------

    def deallocate_for_instance(self, context, instance):
        """Delete the ports nova_lite created for the instance and unbind
        the user's; the info cache goes with them."""
        cached = self.cached_network_info(context, instance)
        preserve = {v['id'] for v in cached if v.get('preserve_on_delete')}
        ports = self.client.list_ports(context,
                                       tenant_id=instance.project_id,
                                       device_id=instance.uuid)
        port_ids = [p['id'] for p in ports]
        for vif in cached:
            if vif['id'] not in port_ids:
                port_ids.append(vif['id'])
        for port_id in port_ids:
            if port_id in preserve:
                self._unbind(context, port_id)
            else:
                self._delete(context, port_id)
        self._save_cache(context, instance, [])
        LOG.info('Deallocated network of instance %s (%d ports)',
                 instance.uuid, len(port_ids))

    # -- interface attach and detach ---------------------------------------------

    def allocate_port_for_instance(self, context, instance, port_id=None,
                                   network_id=None, requested_ip=None,
                                   host=None):
        """Create (network_id) or take (port_id) one port for the
        instance, bound to `host`; returns (vif, network_info)."""
        cached = self.cached_network_info(context, instance)
        created = updated = None
        if port_id:
            port = self.client.show_port(context, port_id)
            if port.get('device_id'):
                raise exception.PortInUse(port_id=port_id)
            updated = port_id
        else:
            network = self.available_networks(
                context, instance.project_id, [network_id])[0] \
                if network_id else None
            if network is None:
                nets = self.available_networks(context, instance.project_id)
                if not nets:
                    raise exception.NetworkNotFound(network_id=None)
                if len(nets) > 1:
                    raise exception.NetworkAmbiguous()
                network = nets[0]
            group_ids = self.security_group_ids(context, instance.project_id,
                                                ['default'])
            port = self._create_port(context, instance, network,
                                     requested_ip, group_ids)
            created = port['id']
        try:
            self._bind(context, instance, port['id'], host)
            preserve = {v['id'] for v in cached
                        if v.get('preserve_on_delete')}
            if updated:
                preserve.add(updated)
            network_info = self.build_network_info(
                context, instance, preserve=preserve,
                order=model.vif_ids(cached) + [port['id']])
        except Exception:
            self._undo(context, [created] if created else [],
                       [updated] if updated else [])
            raise
        self._save_cache(context, instance, network_info)
        return model.find_vif(network_info, port['id']), network_info

    def deallocate_port_for_instance(self, context, instance, port_id):
        """Delete (or unbind, a user's port) one port; the cache without
        it is saved and returned."""
        cached = self.cached_network_info(context, instance)
        vif = model.find_vif(cached, port_id)
        if vif is not None and vif.get('preserve_on_delete'):
            self._unbind(context, port_id)
        else:
            self._delete(context, port_id)
        network_info = model.without_vif(cached, port_id)
        self._save_cache(context, instance, network_info)
        return network_info

    def drop_vif_from_cache(self, context, instance, port_id):
        """network-vif-deleted: the port is gone; forget it."""
        cached = self.cached_network_info(context, instance)
        network_info = model.without_vif(cached, port_id)
        if len(network_info) != len(cached):
            self._save_cache(context, instance, network_info)
        return network_info

    def list_ports(self, context, **filters):
        return self.client.list_ports(context, **filters)

    def show_port(self, context, port_id):
        return self.client.show_port(context, port_id)
