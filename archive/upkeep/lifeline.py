"""Helper processes end with the process that started them, even when it is killed with SIGKILL.

A killed build or server cannot stop its workers itself, so each worker watches
its parent: on Linux the kernel sends it SIGKILL when the parent dies
(``PR_SET_PDEATHSIG``); elsewhere a daemon thread looks at the parent id every
second and ends the worker once it has changed.
"""

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
LOOK_SECONDS = 1.0


def die_with(parent):
    """End this process when ``parent``, the id of the process that started it, has ended."""
    if not (sys.platform.startswith("linux") and _kill_on_parent_death()):
        threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def _kill_on_parent_death():
    """Ask the Linux kernel to SIGKILL this process when its parent dies; return whether it agreed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent):
    """Exit at once when the parent id stops being ``parent``."""
    while os.getppid() == parent:
        time.sleep(LOOK_SECONDS)
    os._exit(1)
