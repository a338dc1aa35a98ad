"""``make hub``: the course on JupyterHub on this machine, to try by hand, until Ctrl+C.

The same hub as the hub test (tests/hub/hub_support.py): deploy/jupyterhub_config.py with the test's
overlay, on 127.0.0.1, three throw-away student accounts, an instructor and the grader account, the
assignment released into a temporary exchange. It prints the address and the passwords, waits, and
on Ctrl+C stops everything and removes the accounts. Run as root.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "e2e")]

from e2e_support import ASSIGNMENT  # noqa: E402
from hub_support import ARTIFACTS, COURSE_DIR, COURSE_ID, GRADER, course_hub, release_assignment  # noqa: E402

STUDENTS = ("mihub-ada", "mihub-bo", "mihub-cy")
INSTRUCTOR = "mihub-prof"


def main() -> int:
    if os.geteuid() != 0:
        print("make hub creates Unix accounts and logs them in with PAM: run it as root", file=sys.stderr)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logs = ARTIFACTS / "try"
    with course_hub(STUDENTS, [INSTRUCTOR], logs) as ch:
        print(f"starting JupyterHub (log: {ch.hub.log_path}) and releasing {ASSIGNMENT} ...", flush=True)
        seconds = ch.hub.start()
        release_assignment(ch.grader, ch.grader_env, logs / "grader.log", ASSIGNMENT)
        print(f"\nJupyterHub is up after {seconds:.0f} s: {ch.hub.url}/hub/login  (127.0.0.1 only)\n")
        for name, acct in ch.accounts.items():
            role = "instructor" if name == INSTRUCTOR else "grader" if name == GRADER else "student"
            print(f"  {role:<10} {name:<28} password {acct.password}")
        print(f"\n  Formgrader (instructor): {ch.hub.url}/services/{COURSE_ID}/formgrader")
        print(f"  the grader's course:     {COURSE_DIR}")
        print(f"                           (as {GRADER}: make collect autograde feedback return-feedback)")
        print(f"  the exchange:            {ch.exchange}")
        print("\nCtrl+C stops the hub and removes the accounts.", flush=True)
        while not stop.wait(1):
            if ch.hub.proc.poll() is not None:
                print(f"jupyterhub exited ({ch.hub.proc.returncode}); see {ch.hub.log_path}", file=sys.stderr)
                break
        print("stopping ...", flush=True)
    print(
        f"stopped in {ch.stop.get('stop_seconds', 0)} s; still running: {ch.left_running or 'nothing'}; "
        f"accounts left: {ch.accounts_left or 'none'}"
    )
    return 0 if not ch.left_running and not ch.accounts_left else 1


if __name__ == "__main__":
    sys.exit(main())
