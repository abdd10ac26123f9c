#!/usr/bin/env python3
"""Regenerate script-test expectations from CPython.

    python3 tests/regen_expected.py                 # every script test
    python3 tests/regen_expected.py tests/scripts/strings/split.py ...
    python3 tests/regen_expected.py --check         # only report what would change

For each test X.py (run exactly as run_tests.py runs coil: cwd = its folder,
basename as the script, X.in as stdin, X.args as argv, X.env as environment):
  X.out     stdout (always written)
  X.code    exit status, written only when it is not 0
  X.err     last non-empty stderr line, written only when stderr is not empty
  X.stderr  full stderr, only for tests marked `# full-stderr`
Tests marked `# coil-only` are skipped (their expectations are written by hand);
`# pending` tests are included only with --all. Each test is run twice with
different PYTHONHASHSEED values; a difference means the test depends on hash
randomisation (or time) and is reported as an error.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_tests as rt  # noqa: E402


def write_or_remove(path, data, check, changes):
    old = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            old = f.read()
    if data == old:
        return
    changes.append(("remove " if data is None else "write  ") + os.path.relpath(path))
    if check:
        return
    if data is None:
        os.remove(path)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="script tests (default: all)")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--check", action="store_true", help="write nothing, list what would change")
    ap.add_argument("--all", action="store_true", help="include '# pending' tests")
    opts = ap.parse_args()

    if opts.files:
        tests = [(os.path.abspath(f), rt.read_markers(f)) for f in opts.files]
    else:
        tests = rt.find_scripts(include_pending=opts.all)
    changes, errors = [], 0
    for path, markers in tests:
        if "helper" in markers:
            continue
        if "coil-only" in markers:
            print("skip (coil-only) %s" % os.path.relpath(path))
            continue
        runs = []
        for seed in ("1", "2"):
            env = rt.python_env(path)
            env["PYTHONHASHSEED"] = seed
            runs.append(rt.run_script([opts.python, "-B"], path, env, 60))
        (rc, out, err), second = runs[0], runs[1]
        if rc is None:
            print("ERROR %s: timeout under python3" % os.path.relpath(path))
            errors += 1
            continue
        if (rc, out, err) != second:
            print("ERROR %s: output differs between runs (hash seed / time dependent)" % os.path.relpath(path))
            errors += 1
            continue
        if rc < 0:
            print("ERROR %s: python3 died with signal %d" % (os.path.relpath(path), -rc))
            errors += 1
            continue
        write_or_remove(rt.sidecar(path, ".out"), out, opts.check, changes)
        write_or_remove(rt.sidecar(path, ".code"), ("%d\n" % rc).encode() if rc else None, opts.check, changes)
        err_line = rt.last_line(err)
        write_or_remove(rt.sidecar(path, ".err"), (err_line + "\n").encode() if err.strip() else None,
                        opts.check, changes)
        if "full-stderr" in markers:
            write_or_remove(rt.sidecar(path, ".stderr"), err, opts.check, changes)
    for c in changes:
        print(c)
    print("%d test(s), %d change(s)%s, %d error(s)" % (len(tests), len(changes),
                                                    " (not written)" if opts.check else "", errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
