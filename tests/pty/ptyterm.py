"""A tiny expect-style driver for programs on a real pseudo-terminal (used by
the pty tests; not a test itself)."""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


class Term:
    def __init__(self, argv, env=None, cwd=None, scale=1.0):
        self.scale = scale
        self.raw = b""
        self.pos = 0
        pid, fd = pty.fork()
        if pid == 0:
            try:
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        self.status = None

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.raw += data
        return True

    def text(self):
        """Everything printed so far, escape sequences and CRs removed."""
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def expect(self, pattern, timeout=5.0):
        """Waits until `pattern` (a regex) appears after the last match."""
        deadline = time.time() + timeout * self.scale
        rx = re.compile(pattern)
        while True:
            t = self.text()
            m = rx.search(t, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.time()
            if left <= 0 or not self._read(min(left, 0.2)) and self.exited():
                raise AssertionError("timed out waiting for %r; output tail:\n%s" % (pattern, t[-600:]))

    def drain(self, seconds):
        end = time.time() + seconds * self.scale
        while time.time() < end:
            self._read(0.05)

    def send(self, s):
        os.write(self.fd, s.encode() if isinstance(s, str) else s)

    def exited(self):
        if self.status is not None:
            return True
        pid, st = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.status = st
            return True
        return False

    def wait(self, timeout=5.0):
        deadline = time.time() + timeout * self.scale
        while time.time() < deadline:
            self._read(0.05)
            if self.exited():
                while self._read(0.05):
                    pass
                return os.waitstatus_to_exitcode(self.status)
        self.kill()
        raise AssertionError("process did not exit; output tail:\n" + self.text()[-600:])

    def kill(self):
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = 0
        try:
            os.close(self.fd)
        except OSError:
            pass


def run_cases(cases, opts):
    """Runs (name, fn) cases; prints FAIL lines and the summary line."""
    passed = failed = 0
    for name, fn in cases:
        try:
            fn(opts)
            passed += 1
        except Exception as e:  # report every case
            failed += 1
            print("FAIL %s: %s" % (name, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
