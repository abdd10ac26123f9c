# Test-only stand-in for the aioconsole package under CPython (the real
# package is not installable here): ainput reads a line in an executor so
# other tasks keep running, as Coil's built-in aioconsole does.
import asyncio
import sys


async def ainput(prompt=""):
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if not line:
        raise EOFError("EOF when reading a line")
    return line[:-1] if line.endswith("\n") else line


async def aprint(*values, sep=" ", end="\n", flush=False):
    print(*values, sep=sep, end=end, flush=flush)
