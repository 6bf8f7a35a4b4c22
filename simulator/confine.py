"""Linux confinement of the hub process, without root: Landlock, a private network, death with the world.

The Linux-only layer on top of the portable hub process (``sandbox``), applied
in the child between fork and exec (``posix_limits.PosixContainment``), so even
Python's own start-up runs confined:

* **Landlock** (kernel 5.13+, unprivileged) limits the file system to reading
  Python, the hub's own modules and system libraries, and writing only the
  run's throw-away folder; from ABI 4 it forbids TCP connect/bind, and from
  ABI 6 it forbids signalling processes outside the run (so a program cannot
  kill the world process or the teacher's app).
* A new **user and network namespace** takes every network interface away
  (where the distribution allows unprivileged user namespaces).
* A **parent-death signal** (``PR_SET_PDEATHSIG``) kills the hub process the
  moment the world process ends, however it ends.

Each step is best effort: on other systems or older kernels the run still has
its process, resource and import limits (see README, "Safety").
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from collections.abc import Iterable
from functools import cache

SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
SIGKILL = 9
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

# File access rights, by the Landlock ABI that introduced them.
FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_ABI1_ALL = (1 << 13) - 1  # execute … make_sym
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1

READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
WRITE_HERE = FS_ABI1_ALL | FS_TRUNCATE  # everything inside the run's own folder

IS_LINUX = sys.platform.startswith("linux") and os.uname().machine in ("x86_64", "aarch64")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@cache
def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when there is none."""
    if not IS_LINUX:
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                           ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, int(version))


def private_network() -> bool:
    """Leave the host's network: a new user and network namespace (no interfaces but lo, down)."""
    if not IS_LINUX:
        return False
    libc = _libc()
    return libc.unshare(ctypes.c_int(CLONE_NEWUSER | CLONE_NEWNET)) == 0


@cache
def private_network_allowed() -> bool:
    """Whether this system lets an ordinary user make a private network (tried in a child)."""
    if not IS_LINUX:
        return False
    pid = os.fork()
    if pid == 0:
        os._exit(0 if private_network() else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def die_with_parent(parent_pid: int) -> bool:
    """Be killed when the parent process ends (asked for in the child, before exec).

    The kernel sends the signal when the *thread* that started the child ends,
    so the world starts each hub process from the thread that waits for it.
    """
    if not IS_LINUX:
        return False
    if _libc().prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent_pid:  # the parent ended before the signal was set up
        os._exit(70)
    return True


def landlock(readable: Iterable[str], writable: Iterable[str]) -> bool:
    """Allow reading ``readable`` and everything inside ``writable``; nothing else."""
    abi = landlock_abi()
    if abi < 1:
        return False
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    handled_fs = FS_ABI1_ALL
    if abi >= 2:
        handled_fs |= FS_REFER
    if abi >= 3:
        handled_fs |= FS_TRUNCATE
    if abi >= 5:
        handled_fs |= FS_IOCTL_DEV
    handled_net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    if abi >= 6:
        attr = struct.pack("QQQ", handled_fs, handled_net, scoped)
    elif abi >= 4:
        attr = struct.pack("QQ", handled_fs, handled_net)
    else:
        attr = struct.pack("Q", handled_fs)
    buffer = ctypes.create_string_buffer(attr, len(attr))
    ruleset = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        for paths, access in ((readable, READ), (writable, WRITE_HERE | READ)):
            for path in paths:
                _allow(libc, int(ruleset), path, access & handled_fs)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(int(ruleset))


def _allow(libc: ctypes.CDLL, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not os.path.isdir(path):
            # Rights that only make sense on folders are refused for a single file.
            access &= FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
        attr = struct.pack("=Qi", access, fd)
        buffer = ctypes.create_string_buffer(attr, len(attr))
        libc.syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                     buffer, ctypes.c_uint32(0))
    finally:
        os.close(fd)


def python_paths() -> list[str]:
    """What a Python interpreter reads to start: itself, its standard library, system libraries."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(sys.executable)}
    paths |= {"/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", "/etc/ld.so.cache",
              "/dev/null", "/dev/urandom"}
    return sorted(p for p in paths if p and os.path.exists(p))
