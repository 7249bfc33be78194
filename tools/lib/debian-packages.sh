# Sourced by the install-* scripts: ensure_debian_packages NAME PKG...
# installs the packages not yet fully configured (apt-get update only then),
# logging as "NAME: ...". Needs root or sudo.
ensure_debian_packages() {
    local name=$1; shift
    local missing=() p
    for p in "$@"; do
        # "install ok installed" only when the package is fully configured.
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$p")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "$name: Debian packages already installed"
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "$name: missing Debian packages: ${missing[*]}"
    $sudo apt-get -q -o DPkg::Lock::Timeout=600 update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold --no-install-recommends \
        "${missing[@]}"
}
