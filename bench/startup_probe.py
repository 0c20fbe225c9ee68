"""Times how long `hookbench` takes to map its window on an X display.

    startup_probe.py HOOKBENCH DATA_HOME RUNS

Listens for MapNotify on the root window before starting the process, so the time runs
from fork to the first top-level window being mapped (what a user sees as "it opened").
Prints one duration in seconds per run. Needs DISPLAY (an Xvfb) and python3-xlib.
"""
import os
import subprocess
import sys
import time

from Xlib import X, display


def main():
    binary, data_home, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    screen = display.Display()
    root = screen.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    screen.sync()
    env = dict(os.environ, XDG_DATA_HOME=data_home + "/data", XDG_CONFIG_HOME=data_home + "/config",
               XDG_CACHE_HOME=data_home + "/cache", DBUS_SESSION_BUS_ADDRESS="disabled:")
    for _ in range(runs):
        started = time.monotonic()
        process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            event = screen.next_event()
            if event.type == X.MapNotify and not event.override:
                break
        print("%.4f" % (time.monotonic() - started), flush=True)
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
