#!/usr/bin/env python3
"""The baseline of bench/TerminalBench.java: a direct `docker exec -it CONTAINER sh` on this host.

Usage: python3 terminal_direct.py CONTAINER COLS ROWS   (standard library only)

Runs the host's Docker CLI under a pseudo-terminal of its own (os.openpty), as a terminal emulator
would, waits until the shell's prompt is quiet and prints "ready". Then it takes commands on stdin,
one a line, and answers each with one line on stdout:
  rtt CHARS   types each character of CHARS (one byte written to the pty's master), timing from the
              write until output containing that byte (the TTY's echo) is read back, the next only
              after the echo; then a Ctrl-U (kill the line) and a wait for quiet, untimed.
              Answers "rtt NS NS ..." (nanoseconds, one per character).
  quit        types "exit", closes the pty and waits for the CLI to end. Answers "bye".
"""
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time

QUIET_S = 0.1
ECHO_TIMEOUT_S = 10.0


def main():
    container, cols, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    cli = subprocess.Popen(
        ["docker", "exec", "-it", "-e", "TERM=xterm-256color", container, "sh"],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True)
    os.close(slave)
    try:
        await_quiet(master, QUIET_S * 5, must_see_output=True)
        answer("ready")
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] == "rtt":
                answer("rtt " + " ".join(str(ns) for ns in type_each(master, words[1].encode())))
            elif words[0] == "quit":
                break
        try:
            os.write(master, b"exit\r")
        except OSError:
            pass
    finally:
        os.close(master)
        try:
            cli.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cli.kill()
    answer("bye")


def answer(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def type_each(master, chars):
    timings = []
    for ch in chars:
        started = time.perf_counter_ns()
        os.write(master, bytes([ch]))
        deadline = time.monotonic() + ECHO_TIMEOUT_S
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise SystemExit("no echo of %r within %.0f s" % (chr(ch), ECHO_TIMEOUT_S))
            if ch in os.read(master, 65536):  # leftovers of earlier keys hold none of this line's characters
                timings.append(time.perf_counter_ns() - started)
                break
    os.write(master, b"\x15")
    await_quiet(master, QUIET_S, must_see_output=True)
    return timings


def await_quiet(master, quiet_s, must_see_output):
    """Reads until nothing came for quiet_s (and, if asked, something came at all, within 10 s)."""
    seen = False
    give_up = time.monotonic() + 10
    while True:
        ready, _, _ = select.select([master], [], [], quiet_s)
        if ready:
            if not os.read(master, 65536):
                raise SystemExit("the docker CLI's terminal closed")
            seen = True
        elif seen or not must_see_output or time.monotonic() > give_up:
            return


if __name__ == "__main__":
    main()
