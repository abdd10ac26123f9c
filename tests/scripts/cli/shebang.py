#!/usr/bin/env python3
# The shebang line above is an ordinary comment to the interpreter.
import sys
print("shebang script ran with", len(sys.argv) - 1, "extra args")
