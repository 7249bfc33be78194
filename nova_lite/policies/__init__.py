"""Default policy rules, Nova's names and personas (admin, project member,
project reader). `list_rules()` feeds oslo.policy's sample generator and
the Enforcer."""
import itertools

from nova_lite.policies import base
from nova_lite.policies import console_output
from nova_lite.policies import extended_server_attributes
from nova_lite.policies import flavors
from nova_lite.policies import hypervisors
from nova_lite.policies import servers
from nova_lite.policies import services


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        console_output.list_rules(),
        extended_server_attributes.list_rules(),
        flavors.list_rules(),
        hypervisors.list_rules(),
        servers.list_rules(),
        services.list_rules(),
    ))
