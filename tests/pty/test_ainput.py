"""ainput on a real terminal: other tasks print while the user types (their
output appears above the prompt and the typed text is redrawn), requests
are served in call order, EOF and Ctrl-C, and a cancelled ainput leaves the
terminal usable for input().

    python3 tests/pty/test_ainput.py --coil ./coil
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import Term, run_cases  # noqa: E402

TICKER = r'''
import asyncio
from aioconsole import ainput

async def ticker():
    for i in range(3):
        await asyncio.sleep(0.3)
        print("tick", i)

async def main():
    t = asyncio.create_task(ticker())
    name = await ainput("name? ")
    print("hello", repr(name))
    await t

asyncio.run(main())
'''

ORDER = r'''
import asyncio

async def ask(tag):
    line = await asyncio.ainput(tag + "> ")
    print(tag, "got", repr(line))

async def main():
    await asyncio.gather(ask("first"), ask("second"))
    try:
        await ainput("more> ")
    except EOFError as e:
        print("EOFError:", e)

asyncio.run(main())
'''

CANCEL = r'''
import asyncio

async def main():
    try:
        await asyncio.wait_for(ainput("quick> "), 0.3)
    except TimeoutError:
        print("timed out")
    print("typed:", repr(input("sync> ")))

asyncio.run(main())
'''

INTERRUPT = r'''
import asyncio

async def main():
    try:
        await ainput("wait> ")
    finally:
        print("cleanup ran")

asyncio.run(main())
'''


def script(opts, src):
    path = os.path.join(opts.tmp, "prog%d.py" % abs(hash(src)))
    with open(path, "w") as f:
        f.write(src)
    env = dict(os.environ, TERM="dumb", HOME=opts.tmp)
    env.pop("COILPATH", None)
    return Term([opts.coil, path], env=env, scale=opts.timeout_scale)


def case_typing_while_ticking(opts):
    t = script(opts, TICKER)
    t.expect(r"name\? ")
    t.send("Ad")
    t.expect(r"tick 0")
    t.expect(r"name\? Ad")
    t.send("a\r")
    t.expect(r"hello 'Ada'")
    t.expect(r"tick 2")
    assert t.wait() == 0


def case_call_order_and_eof(opts):
    t = script(opts, ORDER)
    t.expect(r"first> ")
    t.send("one\r")
    t.expect(r"first got 'one'")
    t.expect(r"second> ")
    t.send("two\r")
    t.expect(r"second got 'two'")
    t.expect(r"more> ")
    t.send("\x04")
    t.expect(r"EOFError: EOF when reading a line")
    assert t.wait() == 0


def case_cancel_leaves_terminal_sane(opts):
    t = script(opts, CANCEL)
    t.expect(r"quick> ")
    t.expect(r"timed out")
    t.expect(r"sync> ")
    t.send("still works\r")
    t.expect(r"typed: 'still works'")
    assert t.wait() == 0


def case_ctrl_c(opts):
    t = script(opts, INTERRUPT)
    t.expect(r"wait> ")
    t.send("\x03")
    t.expect(r"cleanup ran")
    t.expect(r"KeyboardInterrupt")
    code = t.wait()
    assert code in (130, -2), "exit status %s" % code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coil", default="./coil")
    ap.add_argument("--timeout-scale", type=float, default=1.0)
    opts = ap.parse_args()
    opts.coil = os.path.abspath(opts.coil)
    opts.tmp = tempfile.mkdtemp()
    cases = [(n[5:], f) for n, f in sorted(globals().items()) if n.startswith("case_")]
    return run_cases(cases, opts)


if __name__ == "__main__":
    sys.exit(main())
