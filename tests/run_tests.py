#!/usr/bin/env python3
"""Coil test runner: unit binaries, script tests, cli cases, drivers (fuzz, pty).

Usage (from the repo root; the Makefile does this):
    python3 tests/run_tests.py --coil ./coil --unit-dir build/tests [--verify-expected]

Test kinds, each counted separately in the closing `N passed, N failed` line:
  unit/NAME          every executable in --unit-dir (cmocka); each cmocka case is
                     one test; a crash or a missing summary counts as a failure.
  scripts/AREA/X.py  run as `coil X.py ARGS...` with cwd = the script's folder,
                     stdin from X.in (else /dev/null), argv from X.args (one per
                     line), COILPATH unset (or taken from X.env). Compared with
                     X.out (stdout, exact bytes), X.code (exit status, default 0),
                     X.err (last non-empty stderr line) and X.stderr (full
                     stderr). Absolute paths of the script folder in stderr are
                     shown relative, so "File "/abs/x.py"" equals "File "x.py"".
  cli/NAME           cases from tests/cli/cases.py, run under coil and python3
                     with the same command line and compared.
  fuzz/..., pty/...  driver programs run as `python3 FILE --coil BIN`; a driver
                     that prints a final `N passed, M failed` line counts as
                     N+M tests, otherwise exit status 0 = one passing test.

Markers on the leading comment lines of a script:
  # helper          not a test (a module imported by tests next to it)
  # coil-only       never run under python3 (no --verify-expected, no regen)
  # heavy           skipped with --skip-heavy (the GC-stress run: a collection at
                    every safe point makes 100,000-task programs quadratic)
  # pending: ...    skipped unless --all is given
  # full-stderr     regen_expected.py writes X.stderr (the whole stderr)
"""
import argparse
import concurrent.futures as cf
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SCRIPTS_DIR = os.path.join(TESTS_DIR, "scripts")
CLI_DIR = os.path.join(TESTS_DIR, "cli")
FUZZ_DIR = os.path.join(TESTS_DIR, "fuzz")
PTY_DIR = os.path.join(TESTS_DIR, "pty")
DRIVERS_DIR = os.path.join(TESTS_DIR, "drivers")
DEFAULT_TIMEOUT = 20.0
SANITIZER_MARKERS = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer",
                     b"runtime error:", b"ERROR: UndefinedBehaviorSanitizer")


# ---------------------------------------------------------------- script metadata

def read_markers(path):
    """The set of markers named in the leading comment block of a script."""
    markers = {}
    try:
        with open(path, "rb") as f:
            data = f.read(4096)
    except OSError:
        return markers
    for raw in data.split(b"\n"):
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        for name in ("helper", "coil-only", "full-stderr", "heavy"):
            if body == name or body.startswith(name + " ") or body.startswith(name + ":"):
                markers[name] = body
        if body.startswith("pending"):
            markers["pending"] = body
    return markers


def find_scripts(root=SCRIPTS_DIR, include_pending=False):
    """(path, markers) for every script test under root, sorted by path."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            markers = read_markers(path)
            if "helper" in markers:
                continue
            if "pending" in markers and not include_pending:
                continue
            found.append((path, markers))
    found.sort()
    return found


def sidecar(path, ext):
    return path[:-3] + ext


def read_sidecar(path, ext, binary=False):
    p = sidecar(path, ext)
    if not os.path.exists(p):
        return None
    with open(p, "rb") as f:
        data = f.read()
    return data if binary else data.decode("utf-8")


def script_args(path):
    text = read_sidecar(path, ".args")
    if text is None:
        return []
    return [line for line in text.split("\n") if line != ""]


def script_env_extra(path):
    """KEY=VALUE lines of X.env (used for COILPATH tests)."""
    text = read_sidecar(path, ".env")
    extra = {}
    if text:
        for line in text.splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                extra[k.strip()] = v.strip()
    return extra


def base_env():
    env = dict(os.environ)
    env.pop("COILPATH", None)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONINSPECT", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUTF8"] = "1"
    # Sanitizer failures must not be mistaken for the interpreter's own exit 1.
    env.setdefault("ASAN_OPTIONS", "exitcode=86")
    env.setdefault("UBSAN_OPTIONS", "halt_on_error=1:exitcode=87:print_stacktrace=1")
    return env


def coil_env(path):
    env = base_env()
    env.update(script_env_extra(path))
    return env


def python_env(path):
    """The same environment for CPython: COILPATH becomes PYTHONPATH."""
    env = base_env()
    extra = script_env_extra(path)
    if "COILPATH" in extra:
        d = os.path.dirname(os.path.abspath(path))
        env["PYTHONPATH"] = os.pathsep.join(
            os.path.join(d, p) for p in extra.pop("COILPATH").split(os.pathsep))
    env.update(extra)
    return env


def normalize_code(rc):
    # CPython dies by SIGINT after an uncaught KeyboardInterrupt; a shell shows 130.
    if rc == -signal.SIGINT:
        return 130
    return rc


def relativize(stderr, script_dir):
    """Show paths inside the script's folder relative to it."""
    prefix = (os.path.abspath(script_dir) + os.sep).encode()
    return stderr.replace(prefix, b"")


def last_line(data):
    lines = [l for l in data.decode("utf-8", "replace").split("\n") if l.strip() != ""]
    return lines[-1].rstrip("\r") if lines else ""


def run_proc(argv, cwd, env, stdin, timeout, input_bytes=None, merge_stderr=False):
    """Run argv in its own process group; on timeout kill the whole group.

    Returns (returncode or None on timeout, stdout bytes, stderr bytes)."""
    p = subprocess.Popen(argv, cwd=cwd, env=env,
                         stdin=subprocess.PIPE if input_bytes is not None else stdin,
                         stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(input_bytes, timeout=timeout)
        return p.returncode, out or b"", err or b""
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = p.communicate()
        return None, out or b"", err or b""


def run_script(argv_prefix, path, env, timeout):
    """Run one script test; returns (rc, stdout, stderr) or (None, ..) on timeout."""
    d = os.path.dirname(os.path.abspath(path))
    argv = list(argv_prefix) + [os.path.basename(path)] + script_args(path)
    stdin_path = sidecar(path, ".in")
    stdin = open(stdin_path, "rb") if os.path.exists(stdin_path) else subprocess.DEVNULL
    try:
        rc, out, err = run_proc(argv, d, env, stdin, timeout)
        return (normalize_code(rc) if rc is not None else None), out, relativize(err, d)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()


def short_diff(expected, actual, limit):
    exp = expected.decode("utf-8", "replace").splitlines()
    act = actual.decode("utf-8", "replace").splitlines()
    lines = [l for l in difflib.unified_diff(exp, act, "expected", "actual", n=1, lineterm="")]
    lines = lines[2:]  # drop the ---/+++ header
    if limit and len(lines) > limit:
        lines = lines[:limit] + ["... (%d more diff lines)" % (len(lines) - limit)]
    return lines


def compare(path, rc, out, err, limit):
    """Problems (list of (reason, detail lines)) of one run against the expectations."""
    problems = []
    if rc is None:
        return [("timeout", [])]
    if rc < 0:
        problems.append(("killed by signal %d" % -rc, []))
    for marker in SANITIZER_MARKERS:
        if marker in err:
            problems.append(("sanitizer report", [l for l in err.decode("utf-8", "replace").splitlines()
                                                  if l.strip()][:limit or None]))
            break
    expected_out = read_sidecar(path, ".out", binary=True)
    if expected_out is None:
        problems.append(("missing expected file %s" % os.path.basename(sidecar(path, ".out")), []))
    elif out != expected_out:
        problems.append(("stdout differs", short_diff(expected_out, out, limit)))
    code_text = read_sidecar(path, ".code")
    expected_code = int(code_text.strip()) if code_text and code_text.strip() else 0
    if rc >= 0 and rc != expected_code:
        problems.append(("exit status %d, expected %d" % (rc, expected_code),
                         ["stderr: " + last_line(err)] if err.strip() else []))
    expected_err = read_sidecar(path, ".err")
    if expected_err is not None:
        want = expected_err.strip("\n").rstrip("\r")
        got = last_line(err)
        if got != want:
            problems.append(("stderr last line differs", ["- " + want, "+ " + got]))
    expected_stderr = read_sidecar(path, ".stderr", binary=True)
    if expected_stderr is not None and err != expected_stderr:
        problems.append(("stderr differs", short_diff(expected_stderr, err, limit)))
    return problems


# ---------------------------------------------------------------- test tasks

class Result:
    def __init__(self, name, passed, failed, messages=()):
        self.name = name
        self.passed = passed
        self.failed = failed
        self.messages = list(messages)  # lines printed for failures


def task_script(opts, path, markers):
    name = os.path.relpath(path, TESTS_DIR)
    limit = 0 if opts.verbose else 8
    timeout = DEFAULT_TIMEOUT * opts.timeout_scale
    rc, out, err = run_script([opts.coil], path, coil_env(path), timeout)
    msgs = []
    problems = compare(path, rc, out, err, limit)
    if problems:
        msgs.append("FAIL %s: %s" % (name, "; ".join(r for r, _ in problems)))
        msgs.extend("    " + l for _, detail in problems for l in detail)
    if opts.verify_expected and opts.python and "coil-only" not in markers:
        prc, pout, perr = run_script([opts.python, "-B"], path, python_env(path), timeout)
        problems = compare(path, prc, pout, perr, limit)
        if problems:
            msgs.append("FAIL %s: python3 disagrees with the expectation: %s"
                        % (name, "; ".join(r for r, _ in problems)))
            msgs.extend("    " + l for _, detail in problems for l in detail)
    return Result(name, 0 if msgs else 1, 1 if msgs else 0, msgs)


CMOCKA_PASSED = re.compile(r"\[\s*PASSED\s*\]\s*(\d+)\s+test")
CMOCKA_FAILED = re.compile(r"\[\s*FAILED\s*\]\s*(\d+)\s+test")
CMOCKA_FAILED_NAME = re.compile(r"\[\s*FAILED\s*\]\s+([A-Za-z_]\w*)\s*$", re.M)


def task_unit(opts, path):
    name = "unit/" + os.path.basename(path)
    timeout = 60 * opts.timeout_scale
    try:
        rc, out, _ = run_proc([path], os.path.dirname(TESTS_DIR), base_env(), subprocess.DEVNULL,
                              timeout, merge_stderr=True)
        text = out.decode("utf-8", "replace")
    except OSError as e:
        return Result(name, 0, 1, ["FAIL %s: cannot run: %s" % (name, e)])
    passed = sum(int(m) for m in CMOCKA_PASSED.findall(text))
    failed = sum(int(m) for m in CMOCKA_FAILED.findall(text))
    msgs = []
    bad = sorted(set(CMOCKA_FAILED_NAME.findall(text)))
    if bad:
        msgs.append("FAIL %s: %s" % (name, ", ".join(bad)))
    reason = None
    if rc is None:
        reason = "timeout"
    elif rc < 0:
        reason = "killed by signal %d" % -rc
    elif rc != 0 and failed == 0:
        reason = "exit status %d" % rc
    elif passed + failed == 0:
        reason = "no cmocka summary in the output"
    if any(m.encode() in text.encode() for m in ("ERROR: AddressSanitizer", "runtime error:")):
        reason = reason or "sanitizer report"
    if reason:
        failed = max(failed, 1)
        tail = [l for l in text.splitlines() if l.strip()][-(0 if opts.verbose else 8):]
        msgs.append("FAIL %s: %s" % (name, reason))
        msgs.extend("    " + l for l in tail)
    elif failed and not bad:
        msgs.append("FAIL %s: %d cmocka test(s) failed" % (name, failed))
    return Result(name, passed, failed, msgs)


SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed\s*$")


def task_driver(opts, path, extra_args=()):
    name = os.path.relpath(path, TESTS_DIR)
    argv = [opts.python or sys.executable, path, "--coil", opts.coil,
            "--timeout-scale", str(opts.timeout_scale)] + list(extra_args)
    timeout = 1800 * opts.timeout_scale
    rc, out, _ = run_proc(argv, os.path.dirname(path), base_env(), subprocess.DEVNULL, timeout,
                          merge_stderr=True)
    text = out.decode("utf-8", "replace")
    lines = [l for l in text.splitlines() if l.strip()]
    m = SUMMARY.match(lines[-1]) if lines else None
    if m:
        passed, failed = int(m.group(1)), int(m.group(2))
        body = lines[:-1]
        if rc != 0 and failed == 0:
            failed = 1
            body.append("driver exit status %s" % rc)
    else:
        passed, failed = (1, 0) if rc == 0 else (0, 1)
        body = lines
    msgs = []
    if failed:
        msgs.append("FAIL %s: %d case(s) failed%s" % (name, failed, "" if rc is not None else " (timeout)"))
        shown = body if opts.verbose else [l for l in body if l.startswith("FAIL")][:20] or body[-10:]
        msgs.extend("    " + l for l in shown)
    elif opts.verbose:
        msgs.extend("    " + l for l in body)
    return Result(name, passed, failed, msgs)


def load_cli_cases():
    path = os.path.join(CLI_DIR, "cases.py")
    if not os.path.exists(path):
        return []
    ns = {"__name__": "cli_cases", "__file__": path}
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return ns["CASES"]


def run_cli(argv, case, tmp, timeout):
    env = base_env()
    env.update(case.get("env", {}))
    stdin = case.get("stdin")
    rc, out, err = run_proc(argv, tmp, env, None, timeout,
                            input_bytes=stdin.encode() if stdin is not None else b"")
    return (normalize_code(rc) if rc is not None else None), out, relativize(err, tmp)


def task_cli(opts, case):
    """One command-line case: coil and python3 get the same argv, stdin and files."""
    name = "cli/" + case["name"]
    timeout = DEFAULT_TIMEOUT * opts.timeout_scale
    check = case.get("check", ("stdout", "code", "err"))
    tmp = tempfile.mkdtemp(prefix="coil-cli-")
    try:
        for fname, content in case.get("files", {}).items():
            fpath = os.path.join(tmp, fname)
            os.makedirs(os.path.dirname(fpath), exist_ok=True)
            with open(fpath, "w") as f:
                f.write(content)
            if fname.endswith(".py") and content.startswith("#!"):
                os.chmod(fpath, 0o755)
        args = [a.replace("{tmp}", tmp) for a in case["args"]]
        crc, cout, cerr = run_cli([os.path.abspath(opts.coil) if os.sep in opts.coil else opts.coil] + args,
                                  case, tmp, timeout)
        if "expect" in case:  # coil-only behaviour: fixed expectations
            exp = case["expect"]
            prc, pout, perr = exp.get("code", 0), exp.get("stdout", "").encode(), exp.get("err", "").encode()
        elif opts.python:
            prc, pout, perr = run_cli([opts.python] + args, case, tmp, timeout)
        else:
            return Result(name, 0, 0, [])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    msgs = []
    if crc is None:
        msgs.append("timeout")
    else:
        if crc < 0:
            msgs.append("killed by signal %d" % -crc)
        if "code" in check and crc != prc:
            msgs.append("exit status %s, python3 %s" % (crc, prc))
        if "stdout" in check and cout != pout:
            msgs.extend(["stdout differs"] + ["  " + l for l in short_diff(pout, cout, 8)])
        if "err" in check and last_line(cerr) != last_line(perr):
            msgs.append("stderr last line %r, python3 %r" % (last_line(cerr), last_line(perr)))
        if "nonempty" in check and not (cout.strip() or cerr.strip()):
            msgs.append("no output")
        if "stdout_prefix" in case and not cout.startswith(case["stdout_prefix"].encode()):
            msgs.append("stdout %r does not start with %r" % (cout[:60], case["stdout_prefix"]))
    if msgs:
        return Result(name, 0, 1, ["FAIL %s: %s" % (name, msgs[0])] + ["    " + m for m in msgs[1:]])
    return Result(name, 1, 0, [])


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="Run Coil's tests.")
    ap.add_argument("--coil", default="./coil", help="the coil binary (default ./coil)")
    ap.add_argument("--unit-dir", default=None, help="folder of cmocka unit test binaries")
    ap.add_argument("--filter", default=None, help="only tests whose name contains SUBSTR")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every test, full diffs")
    ap.add_argument("--no-unit", action="store_true", help="skip the unit test binaries")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="parallel workers (default 2)")
    ap.add_argument("--timeout-scale", type=float, default=1.0,
                    help="multiply every timeout (sanitizer/stress builds)")
    ap.add_argument("--verify-expected", action="store_true",
                    help="also check every expectation against python3")
    ap.add_argument("--all", action="store_true", help="include tests marked '# pending'")
    ap.add_argument("--skip-heavy", action="store_true", help="skip tests marked '# heavy'")
    ap.add_argument("--no-fuzz", action="store_true", help="skip tests/fuzz drivers")
    ap.add_argument("--python", default=None, help="CPython used for checks (default: python3 on PATH)")
    opts = ap.parse_args()

    opts.python = opts.python or shutil.which("python3")
    if os.sep in opts.coil:
        opts.coil = os.path.abspath(opts.coil)
    if not (os.path.exists(opts.coil) or shutil.which(opts.coil)):
        print("run_tests: coil binary %s not found" % opts.coil)
        print("0 passed, 1 failed")
        return 1

    def selected(name):
        return opts.filter is None or opts.filter in name

    tasks = []
    # Long drivers first so they overlap with the many short tests.
    if not opts.no_fuzz and os.path.isdir(FUZZ_DIR):
        for f in sorted(os.listdir(FUZZ_DIR)):
            if f.startswith("fuzz_") and f.endswith(".py") and selected("fuzz/" + f):
                tasks.append((task_driver, (os.path.join(FUZZ_DIR, f),)))
    if os.path.isdir(PTY_DIR):
        for f in sorted(os.listdir(PTY_DIR)):
            if f.startswith("test_") and f.endswith(".py") and selected("pty/" + f):
                tasks.append((task_driver, (os.path.join(PTY_DIR, f),)))
    if os.path.isdir(DRIVERS_DIR):
        for f in sorted(os.listdir(DRIVERS_DIR)):
            if f.startswith("test_") and f.endswith(".py") and selected("drivers/" + f):
                tasks.append((task_driver, (os.path.join(DRIVERS_DIR, f),)))
    if not opts.no_unit and opts.unit_dir and os.path.isdir(opts.unit_dir):
        for f in sorted(os.listdir(opts.unit_dir)):
            p = os.path.join(opts.unit_dir, f)
            if os.path.isfile(p) and os.access(p, os.X_OK) and selected("unit/" + f):
                tasks.append((task_unit, (os.path.abspath(p),)))
    for path, markers in find_scripts(include_pending=opts.all):
        if "heavy" in markers and opts.skip_heavy:
            continue
        if selected(os.path.relpath(path, TESTS_DIR)):
            tasks.append((task_script, (path, markers)))
    for case in load_cli_cases():
        if selected("cli/" + case["name"]):
            tasks.append((task_cli, (case,)))

    # Tests whose output depends on timers (the async area and the terminal
    # drivers) run last, one at a time, so a loaded machine cannot reorder
    # their timers.
    def timed(task):
        fn, args = task
        if fn is task_script:
            return os.sep + "async" + os.sep in args[0]
        return fn is task_driver and os.path.dirname(args[0]) == PTY_DIR
    phases = [([t for t in tasks if not timed(t)], max(1, opts.jobs)), ([t for t in tasks if timed(t)], 1)]

    passed = failed = 0
    lock = threading.Lock()
    for phase_tasks, workers in phases:
        with cf.ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(fn, opts, *args) for fn, args in phase_tasks]
            for fut in cf.as_completed(futures):
                try:
                    r = fut.result()
                except Exception as e:  # a runner bug must not hide the other results
                    r = Result("runner", 0, 1, ["FAIL runner: %s: %s" % (type(e).__name__, e)])
                with lock:
                    passed += r.passed
                    failed += r.failed
                    for m in r.messages:
                        print(m, flush=True)
                    if opts.verbose and not r.failed:
                        print("ok   %s (%d)" % (r.name, r.passed), flush=True)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
