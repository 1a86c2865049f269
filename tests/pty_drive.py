#!/usr/bin/env python3
"""pty_drive.py STEPS -- COMMAND...: runs COMMAND on a pseudo-terminal, as
a person at a terminal would, for tests of tracuu-search -i.

STEPS is JSON: a list of [expect, send] pairs.  For each pair, the output
is read until it contains expect (a bounded wait: 10 s per step, then the
run fails), then send is typed.  Afterwards the output is read until the
program exits.  Everything the terminal showed is printed on stdout; the
exit status is 0, or 3 when a step timed out (with the step on stderr).
"""
import json
import os
import pty
import select
import sys
import time

steps = json.loads(sys.argv[1])
cmd = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "dumb"
    os.execvp(cmd[0], cmd)

seen = b""


def read_until(pred, limit):
    global seen
    end = time.monotonic() + limit
    while not pred():
        left = end - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:   # the child closed the terminal
            return pred()
        if not chunk:
            return pred()
        seen += chunk
    return True


status = 0
pos = 0   # each expectation is looked for after the previous one
for expect, send in steps:
    want = expect.encode()
    if not read_until(lambda: want in seen[pos:], 10):
        sys.stderr.write("timed out waiting for %r\n" % expect)
        status = 3
        break
    pos = seen.index(want, pos) + len(want)
    os.write(fd, send.encode())
if status == 0:
    read_until(lambda: False, 10)   # to the end: EOF when the program exits
else:
    os.kill(pid, 9)
try:
    os.waitpid(pid, 0)
except OSError:
    pass
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(status)
