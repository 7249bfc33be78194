# The DevStack functions devstack/plugin.sh calls, for running the plugin
# outside a DevStack host. Actions that would change the machine (packages,
# databases, Keystone, systemd) are recorded one per line in $CALLS;
# iniset and sudo really act, inside the test's directories.

# DevStack's is_service_enabled, with its legacy catch-all: "nova" counts as
# enabled whenever any enabled service starts with "n-". Like DevStack's, it
# splits its arguments on spaces ("is_service_enabled $DATABASE_BACKENDS").
function is_service_enabled {
    local service
    # shellcheck disable=SC2048
    for service in $*; do
        [[ ",$ENABLED_SERVICES," == *",$service,"* ]] && return 0
        [[ $service == nova && ",$ENABLED_SERVICES," == *",n-"* ]] && return 0
    done
    return 1
}

function enable_service {
    local service
    for service in "$@"; do
        is_service_enabled "$service" && [[ $service != nova ]] && continue
        ENABLED_SERVICES="${ENABLED_SERVICES:+$ENABLED_SERVICES,}$service"
    done
}

function disable_service {
    local service kept="" svc
    for svc in ${ENABLED_SERVICES//,/ }; do
        for service in "$@"; do
            [[ $svc == "$service" ]] && continue 2
        done
        kept="${kept:+$kept,}$svc"
    done
    ENABLED_SERVICES=$kept
}

function define_plugin { :; }
function ipv6_unquote { echo "${1//[\[\]]/}"; }
function get_python_exec_prefix { echo "$FAKE_BIN_DIR"; }
function echo_summary { echo "$@"; }
function die { shift; echo "die: $*" >&2; exit 1; }
function sudo { "$@"; }

function iniset {
    # What the plugin itself sets (not DevStack's helpers) goes to $INISETS.
    if [[ ${FUNCNAME[1]} != configure_keystone_authtoken_middleware ]]; then
        printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$INISETS"
    fi
    "$PYTHON" - "$@" <<'PY'
import configparser, sys
path, section, option, value = sys.argv[1:5]
parser = configparser.RawConfigParser(interpolation=None)
parser.optionxform = str
parser.read(path)
if section != 'DEFAULT' and not parser.has_section(section):
    parser.add_section(section)
parser.set(section, option, value)
with open(path, 'w') as f:
    parser.write(f)
PY
}

# As DevStack's lib/keystone: the service user's password credentials in
# SECTION (default keystone_authtoken).
function configure_keystone_authtoken_middleware {
    local conf=$1 user=$2 section=${3:-keystone_authtoken}
    iniset "$conf" "$section" auth_type password
    iniset "$conf" "$section" interface public
    iniset "$conf" "$section" auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$conf" "$section" username "$user"
    iniset "$conf" "$section" password "$SERVICE_PASSWORD"
    iniset "$conf" "$section" user_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" project_name "$SERVICE_PROJECT_NAME"
    iniset "$conf" "$section" project_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" cafile "$SSL_BUNDLE_FILE"
    iniset "$conf" "$section" memcached_servers "localhost:11211"
}

function database_connection_url {
    echo "mysql+pymysql://root:$DATABASE_PASSWORD@127.0.0.1/$1?charset=utf8"
}

for _name in setup_develop install_package install_libvirt configure_libvirt \
        recreate_database rpc_backend_add_vhost create_service_user \
        get_or_add_user_project_role get_or_create_service \
        get_or_create_endpoint run_process stop_process; do
    eval "function $_name { printf '%s\t' $_name \"\$@\" >> \"\$CALLS\"; echo >> \"\$CALLS\"; }"
done
unset _name
