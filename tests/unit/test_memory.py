"""A daemon's threads share two malloc arenas (nova_lite.memory)."""
import subprocess
import sys

COUNT_ARENAS = r'''
import ctypes, sys, threading
if sys.argv[1] == 'limited':
    from nova_lite import memory
    memory.limit_arenas()
libc = ctypes.CDLL('libc.so.6')
start = threading.Barrier(8)
def allocate():
    start.wait()
    for _ in range(200):
        blocks = [bytearray(4096) for _ in range(64)]
        del blocks
threads = [threading.Thread(target=allocate) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
libc.open_memstream.restype = ctypes.c_void_p
libc.fclose.argtypes = (ctypes.c_void_p,)
libc.malloc_info.argtypes = (ctypes.c_int, ctypes.c_void_p)
buf, size = ctypes.c_char_p(), ctypes.c_size_t()
stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(buf.value.decode().count('<heap nr='))
'''


def _arenas(mode):
    out = subprocess.run([sys.executable, '-c', COUNT_ARENAS, mode],
                         capture_output=True, text=True, check=True)
    return int(out.stdout)


def test_threads_allocating_at_once_share_two_arenas():
    assert _arenas('limited') <= 2
    assert _arenas('default') > 2    # what the limit saves
