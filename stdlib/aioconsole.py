# aioconsole for Coil: the names scripts written for the aioconsole package
# use most, on top of Coil's console (stdlib/console.c).
#
# Built into the coil binary (see the Makefile's embed rule).

import sys
from asyncio import ainput


async def aprint(*values, sep=" ", end="\n", flush=False):
    print(*values, sep=sep, end=end, flush=flush)
