"""Windows containment of the hub process, without admin rights: a Job Object.

A Job Object is Windows' own fence around a group of processes. Any user may
make one and put their own processes in it (kernel32 through ctypes, nothing to
install). The hub process goes into a fresh job before the pupil's program
starts (the world sends the start message only after ``adopt``), and the job:

* limits the memory one process may commit (an allocation past it fails, so
  Python raises MemoryError, as ``RLIMIT_AS`` does on Linux);
* allows one active process: the hub process cannot start another;
* limits the CPU time the process may use in user mode;
* keeps it off the clipboard, the desktop and the machine's settings (UI limits);
* is killed with everything in it when its last handle closes: the world holds
  the only handle, so a hub process never outlives its world, however the world
  ends (kill-on-close).

What a job cannot do is keep the process off the network or out of the user's
files; that takes admin rights or a different account (README.md, "Safety").

Only this module touches the Windows API, and it is imported only on Windows.
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from dataclasses import dataclass
from functools import cache
from typing import Any

# Information classes for Set/QueryInformationJobObject.
_BASIC_ACCOUNTING = 1
_BASIC_UI_RESTRICTIONS = 4
_EXTENDED_LIMITS = 9

# Limit flags (JOBOBJECT_BASIC_LIMIT_INFORMATION.LimitFlags).
LIMIT_PROCESS_TIME = 0x00000002
LIMIT_ACTIVE_PROCESS = 0x00000008
LIMIT_PROCESS_MEMORY = 0x00000100
LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
LIMIT_KILL_ON_JOB_CLOSE = 0x00002000

# UI restrictions: no clipboard, no desktop switching, no logging off, no system settings.
_UI_LIMITS = (0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0010 | 0x0020 | 0x0040 | 0x0080)

# Exit code of a process the world ended by closing or terminating its job.
KILLED_EXIT_CODE = 0xB1C

_PROCESS_SET_QUOTA = 0x0100
_PROCESS_TERMINATE = 0x0001


class _BasicLimits(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", wintypes.DWORD),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", wintypes.DWORD),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", wintypes.DWORD),
        ("SchedulingClass", wintypes.DWORD),
    ]


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class _ExtendedLimits(ctypes.Structure):
    _fields_ = [
        ("BasicLimitInformation", _BasicLimits),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


class _BasicAccounting(ctypes.Structure):
    _fields_ = [
        ("TotalUserTime", ctypes.c_int64),
        ("TotalKernelTime", ctypes.c_int64),
        ("ThisPeriodTotalUserTime", ctypes.c_int64),
        ("ThisPeriodTotalKernelTime", ctypes.c_int64),
        ("TotalPageFaultCount", wintypes.DWORD),
        ("TotalProcesses", wintypes.DWORD),
        ("ActiveProcesses", wintypes.DWORD),
        ("TotalTerminatedProcesses", wintypes.DWORD),
    ]


class _UiRestrictions(ctypes.Structure):
    _fields_ = [("UIRestrictionsClass", wintypes.DWORD)]


@cache
def _kernel32() -> Any:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
    kernel32.SetInformationJobObject.restype = wintypes.BOOL
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    kernel32.QueryInformationJobObject.restype = wintypes.BOOL
    kernel32.QueryInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD,
                                                   ctypes.POINTER(wintypes.DWORD)]
    kernel32.AssignProcessToJobObject.restype = wintypes.BOOL
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    kernel32.TerminateJobObject.restype = wintypes.BOOL
    kernel32.TerminateJobObject.argtypes = [wintypes.HANDLE, wintypes.UINT]
    kernel32.CloseHandle.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    kernel32.K32GetProcessMemoryInfo.restype = wintypes.BOOL
    kernel32.K32GetProcessMemoryInfo.argtypes = [wintypes.HANDLE, ctypes.c_void_p, wintypes.DWORD]
    return kernel32


@dataclass(frozen=True)
class JobLimits:
    """What the job allows the process in it."""

    memory_bytes: int
    cpu_seconds: int
    processes: int = 1


@dataclass(frozen=True)
class JobUsage:
    """What the processes in a job have used so far (read back from Windows)."""

    peak_memory_bytes: int
    cpu_seconds: float
    processes_started: int
    processes_active: int


class JobError(OSError):
    """Windows refused to make or fill the job."""


class Job:
    """One Job Object, owned by the world; closing it ends every process inside."""

    def __init__(self, limits: JobLimits) -> None:
        self._kernel32 = _kernel32()
        handle = self._kernel32.CreateJobObjectW(None, None)
        if not handle:
            raise JobError(ctypes.get_last_error(), "CreateJobObject failed")  # type: ignore[attr-defined]
        self._handle: int | None = handle
        info = _ExtendedLimits()
        basic = info.BasicLimitInformation
        basic.LimitFlags = (LIMIT_KILL_ON_JOB_CLOSE | LIMIT_DIE_ON_UNHANDLED_EXCEPTION | LIMIT_ACTIVE_PROCESS
                            | LIMIT_PROCESS_MEMORY | LIMIT_PROCESS_TIME)
        basic.ActiveProcessLimit = limits.processes
        basic.PerProcessUserTimeLimit = int(limits.cpu_seconds * 10_000_000)  # in 100 ns
        info.ProcessMemoryLimit = limits.memory_bytes
        self._set(_EXTENDED_LIMITS, info)
        ui = _UiRestrictions(_UI_LIMITS)
        # The UI limits are a bonus; a Windows without them still has the rest.
        self._kernel32.SetInformationJobObject(self._handle, _BASIC_UI_RESTRICTIONS, ctypes.byref(ui),
                                               ctypes.sizeof(ui))

    def _set(self, kind: int, info: ctypes.Structure) -> None:
        if not self._kernel32.SetInformationJobObject(self._handle, kind, ctypes.byref(info), ctypes.sizeof(info)):
            error = ctypes.get_last_error()  # type: ignore[attr-defined]
            self.close()
            raise JobError(error, "SetInformationJobObject failed")

    def adopt(self, process_handle: int) -> None:
        """Put a process in the job (before it runs anything of the pupil's)."""
        if self._handle is None or not self._kernel32.AssignProcessToJobObject(self._handle, process_handle):
            raise JobError(ctypes.get_last_error(), "AssignProcessToJobObject failed")  # type: ignore[attr-defined]

    def terminate(self) -> None:
        """End every process in the job now."""
        if self._handle is not None:
            self._kernel32.TerminateJobObject(self._handle, KILLED_EXIT_CODE)

    def usage(self) -> JobUsage:
        extended = _ExtendedLimits()
        accounting = _BasicAccounting()
        for kind, info in ((_EXTENDED_LIMITS, extended), (_BASIC_ACCOUNTING, accounting)):
            if self._handle is None or not self._kernel32.QueryInformationJobObject(
                    self._handle, kind, ctypes.byref(info), ctypes.sizeof(info), None):
                raise JobError(ctypes.get_last_error(), "QueryInformationJobObject failed")  # type: ignore[attr-defined]
        return JobUsage(peak_memory_bytes=int(extended.PeakProcessMemoryUsed),
                        cpu_seconds=accounting.TotalUserTime / 10_000_000,
                        processes_started=int(accounting.TotalProcesses),
                        processes_active=int(accounting.ActiveProcesses))

    def close(self) -> None:
        """Close the world's handle: with kill-on-close, nothing in the job survives this."""
        if self._handle is not None:
            self._kernel32.CloseHandle(self._handle)
            self._handle = None

    def __del__(self) -> None:
        self.close()


# Windows process creation flag: the hub process gets no console (no window
# flashes up, and Ctrl-C in the teacher's terminal reaches only the world).
_CREATE_NO_WINDOW = 0x08000000


class _MemoryCounters(ctypes.Structure):
    _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
        (name, ctypes.c_size_t) for name in (
            "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage", "QuotaPagedPoolUsage",
            "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage")]


def committed_memory(process_handle: int) -> int | None:
    """Memory a process has committed (bytes), as Task Manager's "commit size"; None if unknown."""
    kernel32 = _kernel32()
    counters = _MemoryCounters()
    counters.cb = ctypes.sizeof(counters)
    if not kernel32.K32GetProcessMemoryInfo(wintypes.HANDLE(process_handle), ctypes.byref(counters), counters.cb):
        return None
    return int(counters.PagefileUsage)


class JobContainment:
    """The hub process in a Job Object of its own (see the module's text).

    Windows holds the job's limits itself. Where they are not held (Wine, which
    takes the limits but does not enforce them), the world's watchdog asks
    ``overrun`` every few milliseconds and ends a process past its memory limit.
    """

    # Kill-on-close ties the hub process to the world; it also waits on the world's
    # process handle (which costs nothing), for a world whose job could not be made
    # or that Windows would not let it join.
    hub_watches_world = True
    overrun_needs_asking = True

    def __init__(self, limits: Any) -> None:
        self.memory_bytes = int(limits.memory_bytes)
        self.job: Job | None
        try:
            self.job = Job(JobLimits(memory_bytes=self.memory_bytes, cpu_seconds=int(limits.cpu_seconds)))
        except (JobError, OSError):
            self.job = None  # the world's memory guard and the hub's own watch still hold

    def popen_options(self) -> dict[str, Any]:
        return {"creationflags": _CREATE_NO_WINDOW}

    def adopt(self, process: Any) -> None:
        if self.job is not None:
            try:
                self.job.adopt(int(process._handle))
            except JobError:
                self.job.close()
                self.job = None

    def overrun(self, process: Any) -> str | None:
        if process.returncode is not None:
            return None
        committed = committed_memory(int(process._handle))
        return "memory" if committed is not None and committed > self.memory_bytes else None

    def kill_all(self, process: Any) -> None:
        if self.job is not None:
            self.job.terminate()
        if process.poll() is None:
            process.kill()

    def close(self) -> None:
        if self.job is not None:
            self.job.close()
