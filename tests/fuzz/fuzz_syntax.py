#!/usr/bin/env python3
"""Bad-input driver: feed coil broken programs and check it fails cleanly.

    python3 tests/fuzz/fuzz_syntax.py --coil ./coil [--timeout-scale S] [--jobs N] [--verbose]

Every case is a byte string given to coil as a file (`coil case.py`) and, when it
has no NUL byte and fits in one argument, also as `coil -c CODE`. Cases:
  - 200 random byte strings and 200 random token soups (seeded, deterministic)
  - truncated prefixes of every script test under tests/scripts
  - invalid UTF-8, NUL bytes
  - 10000 nested '(' / '[' / '{' (unclosed and balanced), 1000 nested `if` blocks
  - very long lines (expressions, string literals, names)
CPython's own compiler (python3's compile()) classifies each case:
  - rejected with SyntaxError (or a subclass): coil must exit with status 1 and
    the last stderr line must start with SyntaxError, IndentationError or TabError;
  - accepted (or rejected for another reason, e.g. RecursionError): coil may
    run it, but must exit with 0 or 1.
In every case coil must not die by a signal or run into the timeout.
Prints one FAIL line per bad case and ends with `N passed, M failed`.
"""
import argparse
import concurrent.futures as cf
import os
import random
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(os.path.dirname(HERE), "scripts")
SYNTAX_PREFIXES = ("SyntaxError", "IndentationError", "TabError")
MAX_ARG = 100000  # stays under Linux's 128 KiB single-argument limit
SEED = 20240601

TOKENS = [
    "def", "class", "if", "elif", "else", "for", "while", "in", "not", "and", "or",
    "return", "yield", "lambda", "try", "except", "finally", "with", "as", "import",
    "from", "global", "nonlocal", "pass", "break", "continue", "del", "assert", "raise",
    "is", "None", "True", "False", "x", "y", "f", "_", "self", "0", "1", "42", "3.14",
    "1e10", "0x1f", "0b2", "09", "1_", "'s'", '"t"', "'''", '"""', "f'{x}'", "f'{'", "b'b'",
    "r'\\'", "(", ")", "[", "]", "{", "}", ":", ",", ".", ";", "=", "==", "+=", "->", "**",
    "*", "/", "//", "%", "@", "&", "|", "^", "~", "<<", ">>", "<", ">", "!=", ":=", "...",
    "\\", "\n", "\n", "\n", "    ", "\t", " ", " ", "#", "\r\n", "é", "\u00a0", "$", "?", "`",
]


def classify(source):
    """'syntax' if CPython rejects the source with a SyntaxError, else 'any'.

    source is bytes (a file: must be UTF-8, CPython rejects anything else even
    inside comments) or str (a -c argument)."""
    if isinstance(source, bytes):
        try:
            source.decode("utf-8")
        except UnicodeDecodeError:
            return "syntax"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<fuzz>", "exec", dont_inherit=True)
    except SyntaxError:
        return "syntax"
    except (ValueError, RecursionError, MemoryError, OverflowError):
        return "any"
    return "any"


def random_bytes(rng):
    n = rng.choice([1, 2, 5, 20, 100, 500])
    return bytes(rng.randrange(256) for _ in range(n))


def token_soup(rng):
    n = rng.randrange(1, 60)
    return "".join(rng.choice(TOKENS) + rng.choice(["", " ", ""]) for _ in range(n)).encode("utf-8")


def script_sources():
    out = []
    for dirpath, dirnames, filenames in os.walk(SCRIPTS):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    out.append((os.path.relpath(os.path.join(dirpath, name), SCRIPTS), f.read()))
    return out


def truncations(rng):
    """Prefixes of the script tests that CPython rejects (made invalid if needed)."""
    cases = []
    for rel, data in script_sources():
        for _ in range(2):
            if len(data) < 4:
                continue
            cut = rng.randrange(1, len(data))
            prefix = data[:cut]
            if classify(prefix) != "syntax":
                # A valid prefix would run the program; make it invalid so that
                # nothing executes (and nothing can loop forever).
                prefix = prefix + b"\n)\n"
                if classify(prefix) != "syntax":
                    continue
            cases.append(("prefix %s[:%d]" % (rel, cut), prefix))
    return cases


def fixed_cases():
    c = []
    # invalid UTF-8
    c += [("utf8 lone continuation", b"x = '\x80'\n"),
          ("utf8 invalid start", b"x = 1\ny = '\xff\xfe'\n"),
          ("utf8 in comment", b"# comment \xc3\x28 here\nprint(1)\n"),
          ("utf8 overlong", b"s = '\xc0\xaf'\n"),
          ("utf8 surrogate", b"s = '\xed\xa0\x80'\n"),
          ("utf8 truncated at eof", b"s = 1 # \xe6\x97"),
          ("utf8 in identifier", b"na\xffme = 1\n"),
          ("latin1 text", "caf\xe9 = 'cr\xe8me'\n".encode("latin-1"))]
    # NUL bytes
    c += [("nul alone", b"\x00"),
          ("nul after statement", b"x = 1\x00\n"),
          ("nul on later line", b"print(1)\n\x00\nprint(2)\n"),
          ("nul in string", b"s = 'a\x00b'\n"),
          ("nul in comment", b"# \x00\nx = 1\n")]
    # deep nesting
    for o, cl in (("(", ")"), ("[", "]"), ("{", "}")):
        c.append(("10000 unclosed " + o, (o * 10000).encode()))
        c.append(("10000 balanced " + o, (o * 10000 + cl * 10000).encode()))
        c.append(("10000 nested %s with value" % o, ("x = " + o * 10000 + "1" + cl * 10000 + "\n").encode()))
        c.append(("150 nested " + o, ("x = " + o * 150 + "1" + cl * 150 + "\n").encode()))
    lines = []
    for i in range(1000):
        lines.append(" " * i + "if True:")
    lines.append(" " * 1000 + "pass")
    c.append(("1000 nested if", ("\n".join(lines) + "\n").encode()))
    tab_lines = ["\t" * i + "if x:" for i in range(1000)] + ["\t" * 1000 + "pass"]
    c.append(("1000 nested if with tabs", ("x = 1\n" + "\n".join(tab_lines) + "\n").encode()))
    c.append(("1000 nested lambdas", ("f = " + "lambda: " * 1000 + "1\n").encode()))
    c.append(("5000 unary minus", ("x = " + "-" * 5000 + "1\n").encode()))
    c.append(("5000 not", ("x = " + "not " * 5000 + "True\n").encode()))
    # long lines
    c.append(("long sum 10000 terms", ("x = " + "1 + " * 10000 + "1\nprint(x)\n").encode()))
    c.append(("long sum broken at end", ("x = " + "1 + " * 20000 + ")\n").encode()))
    c.append(("1MB string literal", b"s = '" + b"a" * 1000000 + b"'\nprint(len(s))\n"))
    c.append(("1MB unterminated string", b"s = '" + b"a" * 1000000 + b"\n"))
    c.append(("100k identifier", b"x" * 100000 + b" = 1\n"))
    c.append(("100k digits", b"x = " + b"9" * 100000 + b"\n"))
    c.append(("long list display", ("x = [" + "1, " * 50000 + "]\nprint(len(x))\n").encode()))
    c.append(("long line bad token", ("x = " + "a." * 30000 + "\n").encode()))
    c.append(("50000 lines of garbage", b"$\n" * 50000))
    c.append(("only whitespace", b"   \n\t\n  "))
    c.append(("empty", b""))
    c.append(("lone backslash", b"\\"))
    c.append(("backslash at eof in string", b"s = 'abc\\"))
    c.append(("unterminated triple at eof", b'"""' + b"x\n" * 1000))
    c.append(("deep f-string nesting", b"f'{" * 100 + b"1" + b"}'" * 100 + b"\n"))
    c.append(("form feed and CR", b"x = 1\x0c\ry = 2\r\n\rprint(x)\n"))
    c.append(("bom then code", b"\xef\xbb\xbfprint('bom')\n"))
    c.append(("double bom", b"\xef\xbb\xbf\xef\xbb\xbfprint('bom')\n"))
    return c


def build_cases():
    rng = random.Random(SEED)
    cases = [("random bytes #%d" % i, random_bytes(rng)) for i in range(200)]
    cases += [("token soup #%d" % i, token_soup(rng)) for i in range(200)]
    cases += fixed_cases()
    cases += truncations(rng)
    return cases


def run_one(coil, argv_tail, tmp, timeout):
    try:
        p = subprocess.run([coil] + argv_tail, cwd=tmp, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        return None, b""


def last_line(data):
    lines = [l for l in data.decode("utf-8", "replace").split("\n") if l.strip()]
    return lines[-1] if lines else ""


def check(name, mode, kind, rc, err):
    """None if the run is acceptable, else the reason."""
    if rc is None:
        return "timeout"
    if rc < 0:
        return "killed by signal %d" % -rc
    for marker in (b"AddressSanitizer", b"runtime error:", b"LeakSanitizer"):
        if marker in err:
            return "sanitizer report: " + last_line(err)
    if kind == "syntax":
        if rc != 1:
            return "exit status %d (expected 1 for a syntax error); stderr: %s" % (rc, last_line(err)[:100])
        if not last_line(err).startswith(SYNTAX_PREFIXES):
            return "stderr last line %r does not name a syntax error" % last_line(err)[:100]
    elif rc not in (0, 1):
        return "exit status %d" % rc
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coil", default="./coil")
    ap.add_argument("--timeout-scale", type=float, default=1.0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--list", action="store_true", help="only list the cases")
    opts = ap.parse_args()
    coil = os.path.abspath(opts.coil) if os.sep in opts.coil else opts.coil
    timeout = 10.0 * opts.timeout_scale

    cases = build_cases()
    if opts.list:
        for name, data in cases:
            print("%-50s %8d bytes  %s" % (name, len(data), classify(data)))
        return 0

    tmp = tempfile.mkdtemp(prefix="coil-fuzz-")

    def work(numbered):
        index, (name, data) = numbered
        kind = classify(data)
        results = []
        fname = "case%d.py" % index
        with open(os.path.join(tmp, fname), "wb") as f:
            f.write(data)
        rc, err = run_one(coil, [fname], tmp, timeout)
        results.append(("file", check(name, "file", kind, rc, err)))
        arg = None
        if b"\x00" not in data and len(data) <= MAX_ARG:
            try:
                arg = data.decode("utf-8")
            except UnicodeDecodeError:
                arg = None  # argv is not source text; the file cases cover bad UTF-8
        if arg is not None:
            rc, err = run_one(coil, ["-c", arg], tmp, timeout)
            results.append(("-c", check(name, "-c", classify(arg), rc, err)))
        return name, kind, results

    passed = failed = 0
    try:
        with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            for name, kind, results in pool.map(work, enumerate(cases)):
                for mode, problem in results:
                    if problem is None:
                        passed += 1
                        if opts.verbose:
                            print("ok   %s [%s, %s]" % (name, mode, kind))
                    else:
                        failed += 1
                        print("FAIL %s [%s, %s]: %s" % (name, mode, kind, problem))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
