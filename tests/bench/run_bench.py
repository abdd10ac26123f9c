#!/usr/bin/env python3
"""Run each benchmark under coil and python3 side by side.

    python3 tests/bench/run_bench.py --coil ./coil [--repeat N] [--filter SUBSTR]

Every tests/bench/*.py (except this file) is run --repeat times under each
interpreter; the best wall-clock time counts. Outputs must agree (a benchmark
that prints something different under coil is marked WRONG). Prints a table of
times and the ratio coil/python3 (below 1.0 means coil is faster) and the
geometric mean of the ratios. Exit status 1 if a benchmark failed or disagreed.
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, cwd=HERE, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"
    return time.perf_counter() - t0, p.stdout, p.stderr if p.returncode == 0 else (
        p.stderr or ("exit status %d" % p.returncode).encode())


def best(argv, repeat, timeout):
    times, out, err = [], b"", b""
    for _ in range(repeat):
        t, out, e = run(argv, timeout)
        if t is None or e:
            return None, out, e or err
        times.append(t)
    return min(times), out, b""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coil", default="./coil")
    ap.add_argument("--python", default=shutil.which("python3") or sys.executable)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--filter", default=None)
    ap.add_argument("--timeout", type=float, default=300)
    opts = ap.parse_args()
    coil = os.path.abspath(opts.coil) if os.sep in opts.coil else opts.coil

    names = sorted(f for f in os.listdir(HERE)
                   if f.endswith(".py") and f != os.path.basename(__file__)
                   and (opts.filter is None or opts.filter in f))
    print("%-14s %10s %10s %8s  %s" % ("benchmark", "coil (s)", "python3", "ratio", "note"))
    ratios, bad = [], 0
    for name in names:
        ct, cout, cerr = best([coil, name], opts.repeat, opts.timeout)
        pt, pout, perr = best([opts.python, name], opts.repeat, opts.timeout)
        note = ""
        if ct is None:
            note = "coil FAILED: " + cerr.decode("utf-8", "replace").strip().splitlines()[-1][:60] if cerr.strip() else "coil FAILED"
            bad += 1
        elif pt is not None and cout != pout:
            note = "WRONG output"
            bad += 1
        ratio = ct / pt if ct is not None and pt else None
        if ratio is not None and not note:
            ratios.append(ratio)
        print("%-14s %10s %10s %8s  %s" % (
            name[:-3], "%.3f" % ct if ct is not None else "-", "%.3f" % pt if pt is not None else "-",
            "%.2f" % ratio if ratio is not None else "-", note), flush=True)
    if ratios:
        print("geometric mean ratio: %.2f" % math.exp(sum(math.log(r) for r in ratios) / len(ratios)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
