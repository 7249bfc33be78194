"""A recording stand-in for nova_lite.network.linux.executor's runner."""
import json


class FakeHost(object):
    """Records commands; answers `ip -j link show` and `ip -j netns list`
    from a tiny model of links and namespaces."""

    def __init__(self):
        self.commands = []
        self.links = {}        # (namespace, name) -> link dict
        self.netns = []
        self.addresses = {}    # (namespace, name) -> [cidr]
        self.fail = {}         # tuple(cmd prefix) -> (rc, stderr)

    def __call__(self, cmd, input=None):
        self.commands.append((list(cmd), input))
        ns = None
        if cmd[:3] == ['ip', 'netns', 'exec']:
            ns, cmd = cmd[3], cmd[4:]
        for prefix, (rc, err) in self.fail.items():
            if tuple(cmd[:len(prefix)]) == prefix:
                return rc, '', err
        if cmd == ['ip', '-j', 'netns', 'list']:
            return 0, json.dumps([{'name': n} for n in self.netns]), ''
        if cmd == ['ip', '-j', 'link', 'show']:
            return 0, json.dumps([dict(link, ifname=name) for (lns, name),
                                  link in self.links.items() if lns == ns]), ''
        if cmd[:5] == ['ip', '-j', 'addr', 'show', 'dev']:
            addrs = self.addresses.get((ns, cmd[5]), [])
            info = [{'local': a.split('/')[0],
                     'prefixlen': int(a.split('/')[1]), 'scope': 'global'}
                    for a in addrs]
            return 0, json.dumps([{'addr_info': info}]), ''
        return 0, '', ''

    def ran(self, ns=None):
        """The commands run, as space-joined strings."""
        return [' '.join(c) for c, _ in self.commands
                if '-j' not in c]
