import sys
# Options after the script name belong to the script, not to the interpreter.
print(sys.argv[1:])
print([a.startswith("-") for a in sys.argv[1:]])
