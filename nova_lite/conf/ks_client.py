"""The keystoneauth1 options of a client option group ([glance],
[neutron]): session, auth plugin and adapter options registered the way
Nova registers them, with the group's own service_type and
valid_interfaces defaults."""
from keystoneauth1 import loading as ks_loading


def register(conf, group, opts, service_type, valid_interfaces):
    """Register `group` (an OptGroup made for this ConfigOpts: register_
    group() copies shallowly, so a shared one would share overrides)
    with `opts` and the keystoneauth options."""
    conf.register_group(group)
    conf.register_opts(opts, group=group.name)
    ks_loading.register_session_conf_options(conf, group.name)
    ks_loading.register_auth_conf_options(conf, group.name)
    ks_loading.register_adapter_conf_options(conf, group.name,
                                             include_deprecated=False)
    conf.set_default('service_type', service_type, group=group.name)
    conf.set_default('valid_interfaces', valid_interfaces, group=group.name)


def list_opts(opts, service_type, valid_interfaces):
    """`opts` and the keystoneauth options, for the sample generator."""
    adapter_opts = ks_loading.get_adapter_conf_options(
        include_deprecated=False)
    for opt in adapter_opts:
        if opt.dest == 'service_type':
            opt.default = service_type
        elif opt.dest == 'valid_interfaces':
            opt.default = valid_interfaces
    return (opts + ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            adapter_opts)
