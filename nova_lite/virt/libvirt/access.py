"""Can libvirt's QEMU process reach the instance files?

With qemu:///system, QEMU runs as an unprivileged user (Debian:
libvirt-qemu, set by "user" in /etc/libvirt/qemu.conf). libvirt gives it
the disk files, but every directory above them must let that user pass.
An instances_path under a home directory of mode 0700 fails every guest at
start; the compute service says so when it starts instead."""
import grp
import os
import pwd
import re
import stat

QEMU_CONF = '/etc/libvirt/qemu.conf'
DEFAULT_USERS = ('libvirt-qemu', 'qemu')


def qemu_user(qemu_conf=QEMU_CONF):
    """The user QEMU runs as under qemu:///system (None if unknown)."""
    try:
        with open(qemu_conf) as f:
            for line in f:
                match = re.match(r'\s*user\s*=\s*"([^"]+)"', line)
                if match:
                    return match.group(1)
    except OSError:
        pass
    for name in DEFAULT_USERS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def _can_traverse(st, uid, gids):
    if uid == 0:
        return True
    if st.st_uid == uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid in gids:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def blocking_directory(path, user):
    """The first directory on the way to `path` (itself included) that
    `user` may not traverse, or None. Missing directories are not
    checked (they are created 0755)."""
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        return None
    gids = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall()
                             if user in g.gr_mem}
    path = os.path.abspath(path)
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        directory = os.sep.join(parts[:i]) or os.sep
        try:
            st = os.stat(directory)
        except FileNotFoundError:
            return None
        if not _can_traverse(st, entry.pw_uid, gids):
            return directory
    return None


def instances_path_problem(path, uri):
    """Why QEMU under `uri` cannot use instance files under `path` (a
    sentence), or None."""
    if not uri.startswith('qemu:///system'):
        return None
    user = qemu_user()
    if user is None:
        return None
    blocked = blocking_directory(path, user)
    if blocked is None:
        return None
    return ('instances_path %s is unusable: libvirt runs QEMU as %s, which '
            'cannot enter %s (mode %s). Choose an instances_path that user '
            'can reach, e.g. /var/lib/nova-lite/instances.'
            % (path, user, blocked, oct(os.stat(blocked).st_mode & 0o777)))
