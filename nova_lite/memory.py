"""Keeping a threaded daemon's memory close to what it uses.

glibc gives threads that allocate at the same time their own malloc
arenas (up to eight per core) and keeps freed memory inside each. A
daemon with dozens of RPC and HTTP threads (the conductor's executor, the
API's pool) holds tens of MiB more after a burst of boots than with two
arenas per process (bench: 576 -> 528 MiB for the four daemons after 200
boots). The same as MALLOC_ARENA_MAX=2 in the environment, without
relying on the unit file to say it.
"""
import ctypes
import ctypes.util

_M_ARENA_MAX = -8

try:
    _libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
    _libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
except (OSError, AttributeError):  # pragma: no cover - not glibc
    _libc = None


def limit_arenas(arenas=2):
    """Call before the process starts threads."""
    if _libc is not None:
        _libc.mallopt(_M_ARENA_MAX, arenas)

