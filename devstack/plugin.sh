#!/bin/bash
# nova_lite DevStack plugin
#
# stack.sh, unstack.sh and clean.sh source this file with the phase as
# arguments ("stack install", "stack post-config", "stack extra",
# "stack test-config", "unstack", "clean"); devstack/settings has been
# sourced before. Enable it in local.conf:
#
#   [[local|localrc]]
#   enable_plugin nova_lite <git url of this repository> [branch]
#
# What it does, in stack.sh order:
#   install      pip-install nova_lite (setup_develop on the checkout), and
#                libvirt/QEMU (DevStack's install_libvirt) on compute hosts
#   post-config  write /etc/nova-lite/nova-lite.conf (+ nova-lite-conductor.conf
#                with [database]) from DevStack's variables, create the
#                database, db sync, default flavors, the "nova" service user
#                and the "compute" service + endpoint in Keystone
#   extra        start the daemons with run_process (systemd units
#                devstack@n-lite-*.service)
#   test-config  tell Tempest a Compute service is there
#   unstack      stop the daemons
#   clean        remove config and state (instances, image cache)
#
# Functions used from DevStack: is_service_enabled, setup_develop,
# get_python_exec_prefix, install_package, install_libvirt,
# configure_libvirt, iniset, configure_keystone_authtoken_middleware,
# database_connection_url, recreate_database, rpc_backend_add_vhost,
# create_service_user, get_or_add_user_project_role, get_or_create_service,
# get_or_create_endpoint, run_process, stop_process, echo_summary, die.

# Save trace setting
_XTRACE_NOVA_LITE=$(set +o | grep xtrace)
set -o xtrace

# Console scripts (nova-lite-api, ...) land where DevStack's pip puts them:
# /usr/local/bin, or the global venv's bin with GLOBAL_VENV=True.
NOVA_LITE_BIN_DIR=$(get_python_exec_prefix)

# install_libvirt / configure_libvirt: lib/nova normally sources them
# (through lib/nova_plugins/hypervisor-libvirt) whatever is enabled.
if ! declare -F install_libvirt >/dev/null && [[ -r $TOP_DIR/lib/nova_plugins/functions-libvirt ]]; then
    # shellcheck source=/dev/null
    source "$TOP_DIR/lib/nova_plugins/functions-libvirt"
fi

function is_nova_lite_enabled {
    # shellcheck disable=SC2086
    is_service_enabled $NOVA_LITE_SERVICES
}

# install_nova_lite - pip-install the checkout (editable, with DevStack's
# upper-constraints), plus what the compute host needs.
function install_nova_lite {
    setup_develop "$NOVA_LITE_DIR"
    if is_service_enabled n-lite-cpu && [[ "$NOVA_LITE_COMPUTE_DRIVER" == libvirt.* ]]; then
        # DevStack's Nova is disabled, so nobody else installs libvirt:
        # qemu, libvirt daemon and libvirt-python (lib/nova_plugins/functions-libvirt).
        install_libvirt
    fi
    if is_service_enabled n-lite-novnc; then
        install_package novnc
    fi
}

# _nova_lite_transport_url - DevStack's RabbitMQ, DevStack's credentials
function _nova_lite_transport_url {
    echo "rabbit://$RABBIT_USERID:$RABBIT_PASSWORD@$RABBIT_HOST:5672/$NOVA_LITE_RABBIT_VHOST"
}

# configure_nova_lite - write the config files
function configure_nova_lite {
    sudo install -d -o "$STACK_USER" "$NOVA_LITE_CONF_DIR"
    sudo install -d -o "$STACK_USER" "$NOVA_LITE_STATE_PATH" "$NOVA_LITE_INSTANCES_PATH"
    rm -f "$NOVA_LITE_CONF" "$NOVA_LITE_CONDUCTOR_CONF"

    local conf=$NOVA_LITE_CONF
    iniset "$conf" DEFAULT debug "$ENABLE_DEBUG_LOG_LEVEL"
    iniset "$conf" DEFAULT my_ip "$HOST_IP"
    iniset "$conf" DEFAULT state_path "$NOVA_LITE_STATE_PATH"
    iniset "$conf" DEFAULT instances_path "$NOVA_LITE_INSTANCES_PATH"
    iniset "$conf" DEFAULT transport_url "$(_nova_lite_transport_url)"

    # API
    iniset "$conf" DEFAULT osapi_compute_listen "$NOVA_LITE_SERVICE_LISTEN_ADDRESS"
    iniset "$conf" DEFAULT osapi_compute_listen_port "$NOVA_LITE_SERVICE_PORT"
    iniset "$conf" api auth_strategy keystone
    # [keystone_authtoken]: auth_type password, auth_url, user nova with
    # $SERVICE_PASSWORD in $SERVICE_PROJECT_NAME, memcached, cafile
    configure_keystone_authtoken_middleware "$conf" nova
    iniset "$conf" keystone_authtoken www_authenticate_uri "$KEYSTONE_SERVICE_URI"
    iniset "$conf" keystone_authtoken service_token_roles_required True
    # Calls to Glance on a user's behalf carry nova's service token too,
    # so long operations (snapshot uploads) survive the user's token
    # expiring.
    configure_keystone_authtoken_middleware "$conf" nova service_user
    iniset "$conf" service_user send_service_user_token True

    # Image service: DevStack's Glance
    iniset "$conf" glance endpoint_override "${GLANCE_URL:-$GLANCE_SERVICE_PROTOCOL://$GLANCE_HOSTPORT}"
    iniset "$conf" glance region_name "$REGION_NAME"
    iniset "$conf" glance image_backend glance

    # Hypervisor
    iniset "$conf" DEFAULT compute_driver "$NOVA_LITE_COMPUTE_DRIVER"
    case "$NOVA_LITE_LIBVIRT_TYPE" in
        kvm|qemu) ;;
        *) die $LINENO "nova_lite supports LIBVIRT_TYPE kvm or qemu, not '$NOVA_LITE_LIBVIRT_TYPE'" ;;
    esac
    local virt_type=$NOVA_LITE_LIBVIRT_TYPE
    if [[ "$virt_type" == kvm && ! -e /dev/kvm ]]; then
        echo "WARNING: /dev/kvm is missing, using [libvirt] virt_type = qemu"
        virt_type=qemu
    fi
    iniset "$conf" libvirt virt_type "$virt_type"

    # Consoles
    iniset "$conf" DEFAULT web "$NOVA_LITE_NOVNC_WEB"
    iniset "$conf" vnc enabled True
    iniset "$conf" vnc server_listen "$NOVA_LITE_VNC_LISTEN"
    iniset "$conf" vnc server_proxyclient_address "$NOVA_LITE_VNC_PROXYCLIENT_ADDRESS"
    iniset "$conf" vnc novncproxy_host "$NOVA_LITE_SERVICE_LISTEN_ADDRESS"
    iniset "$conf" vnc novncproxy_port "$NOVA_LITE_NOVNC_PORT"
    iniset "$conf" vnc novncproxy_base_url \
        "$NOVA_LITE_NOVNC_PROTO://$NOVA_LITE_SERVICE_HOST:$NOVA_LITE_NOVNC_PORT/vnc_auto.html"

    # The database, for the conductor and nova-lite-manage only
    if is_service_enabled n-lite-cond; then
        iniset "$NOVA_LITE_CONDUCTOR_CONF" database connection \
            "$(database_connection_url "$NOVA_LITE_DB_NAME")"
        chmod 600 "$NOVA_LITE_CONDUCTOR_CONF"
    fi

    if is_service_enabled n-lite-cpu && [[ "$NOVA_LITE_COMPUTE_DRIVER" == libvirt.* ]]; then
        # $STACK_USER into the libvirt group, libvirtd restarted
        configure_libvirt
    fi
}

# _nova_lite_manage ARGS... - nova-lite-manage with the conductor's config
function _nova_lite_manage {
    "$NOVA_LITE_BIN_DIR/nova-lite-manage" --config-file "$NOVA_LITE_CONF" \
        --config-file "$NOVA_LITE_CONDUCTOR_CONF" "$@"
}

# init_nova_lite - database, flavors
function init_nova_lite {
    if [[ -n "$NOVA_LITE_RABBIT_VHOST" ]]; then
        rpc_backend_add_vhost "$NOVA_LITE_RABBIT_VHOST"
    fi
    if is_service_enabled n-lite-cond; then
        if is_service_enabled "$DATABASE_BACKENDS"; then
            recreate_database "$NOVA_LITE_DB_NAME"
        fi
        _nova_lite_manage db sync
        _nova_lite_manage flavor create-defaults
    fi
}

# create_nova_lite_accounts - Keystone: the nova service user and the
# compute service and endpoint
#
# Project   User   Roles
# ------------------------------
# service   nova   admin, service
function create_nova_lite_accounts {
    create_service_user "nova" "admin"
    get_or_add_user_project_role service nova "$SERVICE_PROJECT_NAME" \
        "$SERVICE_DOMAIN_NAME" "$SERVICE_DOMAIN_NAME"

    local compute_url="$NOVA_LITE_SERVICE_PROTOCOL://$NOVA_LITE_SERVICE_HOST:$NOVA_LITE_SERVICE_PORT/v2.1"
    get_or_create_service "nova" "compute" "Compute Service (nova_lite)"
    get_or_create_endpoint "compute" "$REGION_NAME" "$compute_url"
}

# start_nova_lite - one systemd unit per daemon: devstack@n-lite-*.service
function start_nova_lite {
    local conf="--config-file $NOVA_LITE_CONF"
    run_process n-lite-cond "$NOVA_LITE_BIN_DIR/nova-lite-conductor $conf --config-file $NOVA_LITE_CONDUCTOR_CONF"
    run_process n-lite-sch "$NOVA_LITE_BIN_DIR/nova-lite-scheduler $conf"
    run_process n-lite-api "$NOVA_LITE_BIN_DIR/nova-lite-api $conf"
    # The compute talks to libvirtd's socket: run it in the libvirt group
    # (run_process adds Group= to the unit).
    run_process n-lite-cpu "$NOVA_LITE_BIN_DIR/nova-lite-compute $conf" "${LIBVIRT_GROUP:-libvirt}"
    run_process n-lite-novnc "$NOVA_LITE_BIN_DIR/nova-lite-novncproxy $conf"

    if is_service_enabled n-lite-api; then
        echo "Waiting for nova_lite's API to answer"
        local url="$NOVA_LITE_SERVICE_PROTOCOL://$NOVA_LITE_SERVICE_HOST:$NOVA_LITE_SERVICE_PORT/"
        if ! timeout "${SERVICE_TIMEOUT:-60}" sh -c "while ! curl -s -o /dev/null '$url'; do sleep 1; done"; then
            die $LINENO "nova-lite-api did not start (journalctl -u devstack@n-lite-api)"
        fi
    fi
}

# stop_nova_lite - stop every unit this plugin started
function stop_nova_lite {
    local service
    for service in $NOVA_LITE_SERVICES; do
        stop_process "$service"
    done
}

# cleanup_nova_lite - remove what configure/init left (not the database:
# stack.sh recreates it)
function cleanup_nova_lite {
    sudo rm -rf "$NOVA_LITE_STATE_PATH" "$NOVA_LITE_CONF_DIR"
}

# configure_tempest_for_nova_lite - DevStack's lib/tempest sees Nova as
# disabled (devstack/settings hides n-lite-* from the "nova" catch-all):
# tell Tempest a Compute service is there.
function configure_tempest_for_nova_lite {
    iniset "$TEMPEST_CONFIG" service_available nova True
}

# Dispatcher
if is_nova_lite_enabled; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing nova_lite"
        install_nova_lite

    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring nova_lite"
        configure_nova_lite
        init_nova_lite
        if is_service_enabled n-lite-api; then
            create_nova_lite_accounts
        fi

    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Starting nova_lite"
        start_nova_lite

    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        if is_service_enabled tempest; then
            configure_tempest_for_nova_lite
        fi
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_nova_lite
    fi

    if [[ "$1" == "clean" ]]; then
        cleanup_nova_lite
    fi
fi

# Restore xtrace
$_XTRACE_NOVA_LITE
