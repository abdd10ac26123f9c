"""The interactive prompt on a real terminal: echo, multi-line input,
errors, top-level await, background tasks printing while the prompt waits,
the half-typed line redrawn below their output, Ctrl-C, Ctrl-D, exit(),
history and tab completion.

    python3 tests/pty/test_repl.py --coil ./coil
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import Term, run_cases  # noqa: E402

PROMPT = r">>> "


def start(opts, home=None, unset_home=False):
    env = dict(os.environ, TERM="dumb")
    env.pop("COILPATH", None)
    if unset_home:
        env.pop("HOME", None)
    else:
        env["HOME"] = home or opts.home
    t = Term([opts.coil], env=env, scale=opts.timeout_scale)
    t.expect(r"Coil \d+\.\d+\.\d+")
    t.expect(PROMPT)
    return t


def finish(t):
    # wait for the prompt to be back (a ^D typed while a statement still
    # runs reaches the terminal in cooked mode, as with any readline REPL)
    t.drain(0.3)
    t.send("\x04")
    code = t.wait()
    assert code == 0, "exit status %s" % code


def case_echo(opts):
    t = start(opts)
    t.send("1 + 1\r")
    t.expect(r"\n2\n")
    t.expect(PROMPT)
    t.send("_ * 10\r")
    t.expect(r"\n20\n")
    t.send("None\r")
    t.expect(PROMPT)
    t.send("'a' * 3\r")
    t.expect(r"'aaa'")
    finish(t)


def case_multiline(opts):
    t = start(opts)
    t.send("def f(x):\r")
    t.expect(r"\.\.\. ")
    t.send("    return x * 2\r")
    t.expect(r"\.\.\. ")
    t.send("\r")
    t.expect(PROMPT)
    t.send("f(21)\r")
    t.expect(r"\n42\n")
    t.send("(1,\r")
    t.expect(r"\.\.\. ")
    t.send("2)\r")
    t.expect(r"\(1, 2\)")
    finish(t)


def case_error_continues(opts):
    t = start(opts)
    t.send("1/0\r")
    t.expect(r"Traceback \(most recent call last\):")
    t.expect(r"ZeroDivisionError: division by zero")
    t.expect(PROMPT)
    t.send("x = 5\r")
    t.expect(PROMPT)
    t.send("x + 1\r")
    t.expect(r"\n6\n")
    t.send("def (\r")
    t.expect(r"SyntaxError")
    t.expect(PROMPT)
    finish(t)


def case_top_level_await(opts):
    t = start(opts)
    t.send("import asyncio\r")
    t.expect(PROMPT)
    t.send("await asyncio.sleep(0.01, result='slept')\r")
    t.expect(r"'slept'")
    t.expect(PROMPT)
    t.send("async def agen():\r")
    t.send("    for i in range(3):\r")
    t.send("        yield i\r")
    t.send("\r")
    t.expect(PROMPT)
    t.send("[x async for x in agen()]\r")
    t.expect(r"\[0, 1, 2\]")
    finish(t)


def case_async_for_with_and_i_flag(opts):
    path = os.path.join(opts.home, "start.py")
    with open(path, "w") as f:
        f.write("x = 41\n")
    env = dict(os.environ, TERM="dumb", HOME=opts.home)
    env.pop("COILPATH", None)
    t = Term([opts.coil, "-i", path], env=env, scale=opts.timeout_scale)
    t.expect(PROMPT)
    t.send("x + 1\r")
    t.expect(r"\n42\n")
    t.send("class CM:\r")
    t.send("    async def __aenter__(self): print('enter'); return 5\r")
    t.send("    async def __aexit__(self, *a): print('exit')\r")
    t.send("\r")
    t.expect(PROMPT)
    t.send("async with CM() as v:\r")
    t.send("    print('v', v)\r")
    t.send("\r")
    t.expect(r"enter\nv 5\nexit")
    t.send("async def ag():\r")
    t.send("    yield 1\r")
    t.send("    yield 2\r")
    t.send("\r")
    t.expect(PROMPT)
    t.send("async for i in ag():\r")
    t.send("    print('i', i)\r")
    t.send("\r")
    t.expect(r"i 1\ni 2")
    finish(t)


def case_background_task(opts):
    t = start(opts)
    t.send("import asyncio\r")
    t.expect(PROMPT)
    t.send("async def tick():\r")
    t.send("    for i in range(3):\r")
    t.send("        await asyncio.sleep(0.3)\r")
    t.send("        print('tick', i)\r")
    t.send("\r")
    t.expect(PROMPT)
    t.send("t = asyncio.create_task(tick())\r")
    t.expect(PROMPT)
    # nothing typed: the ticks arrive while the prompt waits
    t.expect(r"tick 0", timeout=5)
    # a half-typed line survives the next tick, redrawn below it
    t.send("12")
    t.expect(r"tick 1", timeout=5)
    t.expect(r">>> 12", timeout=5)
    t.send("3 + 1\r")
    t.expect(r"\n124\n")
    t.expect(r"tick 2", timeout=5)
    t.send("t.done()\r")
    t.expect(r"True")
    finish(t)


def case_ctrl_c(opts):
    t = start(opts)
    t.send("abc")
    t.drain(0.2)
    t.send("\x03")
    t.expect(r"KeyboardInterrupt")
    t.expect(PROMPT)
    t.send("while True: pass\r")
    t.send("\r")
    t.drain(0.5)
    t.send("\x03")
    t.expect(r"KeyboardInterrupt")
    t.expect(PROMPT)
    t.send("2 + 2\r")
    t.expect(r"\n4\n")
    finish(t)


def case_exit(opts):
    t = start(opts)
    t.send("exit()\r")
    assert t.wait() == 0
    t = start(opts)
    t.send("import sys; sys.exit(3)\r")
    code = t.wait()
    assert code == 3, "sys.exit(3) gave %s" % code


def case_history(opts):
    home = tempfile.mkdtemp()
    t = start(opts, home=home)
    t.send("40 + 2\r")
    t.expect(r"\n42\n")
    finish(t)
    path = os.path.join(home, ".coil_history")
    with open(path) as f:
        assert "40 + 2" in f.read(), "history not saved"
    t = start(opts, home=home)
    t.send("\x1b[A")  # up arrow recalls it
    t.send("\r")
    t.expect(r"\n42\n")
    finish(t)
    t = start(opts, unset_home=True)
    t.send("1\r")
    t.expect(r"\n1\n")
    finish(t)
    t = start(opts, home="/nonexistent/dir")
    t.send("2\r")
    t.expect(r"\n2\n")
    finish(t)


def case_completion(opts):
    t = start(opts)
    t.send("pri\t(7)\r")
    t.expect(r"\n7\n")
    t.send("import math\r")
    t.expect(PROMPT)
    t.send("math.sq\t(16)\r")
    t.expect(r"\n4\.0\n")
    t.send("value_one = 11\r")
    t.expect(PROMPT)
    t.send("value_o\t\r")
    t.expect(r"\n11\n")
    finish(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coil", default="./coil")
    ap.add_argument("--timeout-scale", type=float, default=1.0)
    opts = ap.parse_args()
    opts.coil = os.path.abspath(opts.coil)
    opts.home = tempfile.mkdtemp()
    cases = [(n[5:], f) for n, f in sorted(globals().items()) if n.startswith("case_")]
    return run_cases(cases, opts)


if __name__ == "__main__":
    sys.exit(main())
