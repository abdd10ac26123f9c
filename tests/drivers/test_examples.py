"""Runs every example program in scripts/ under coil and under python3 with
the same piped input and compares stdout and the exit status. CPython gets
tests/support on PYTHONPATH for its aioconsole stand-in.

    python3 tests/drivers/test_examples.py --coil ./coil
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(ROOT, "scripts")
SUPPORT = os.path.join(ROOT, "tests", "support")

# Piped input per program (absent: no input). The last line of the
# guess_length input has no newline on purpose.
INPUTS = {
    "guess_length.py": "hello\n5\nasync world\n7\nagain\n5\ncoil\nfour",
    "countdown_ticker.py": "42\n",
}


def run(argv, stdin, env, timeout):
    p = subprocess.run(argv, input=stdin.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=timeout, cwd=SCRIPTS)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coil", default="./coil")
    ap.add_argument("--timeout-scale", type=float, default=1.0)
    ap.add_argument("--python", default=sys.executable)
    opts = ap.parse_args()
    coil = os.path.abspath(opts.coil)
    passed = failed = 0
    for name in sorted(os.listdir(SCRIPTS)):
        if not name.endswith(".py"):
            continue
        stdin = INPUTS.get(name, "")
        env = dict(os.environ)
        env.pop("COILPATH", None)
        penv = dict(env, PYTHONPATH=SUPPORT, PYTHONHASHSEED="0")
        try:
            prc, pout, perr = run([opts.python, name], stdin, penv, 60)
            crc, cout, cerr = run([coil, name], stdin, env, 60 * opts.timeout_scale)
        except subprocess.TimeoutExpired:
            print("FAIL %s: timeout" % name)
            failed += 1
            continue
        if (prc, pout) == (crc, cout):
            passed += 1
            continue
        failed += 1
        print("FAIL %s: exit %s vs python3 %s" % (name, crc, prc))
        for label, text in (("coil stdout", cout), ("python3 stdout", pout), ("coil stderr", cerr)):
            print("  --- %s" % label)
            for line in text.splitlines()[-12:]:
                print("  " + line)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
