import sys
code = int(sys.argv[1])
print("exiting with", code)
sys.exit(code)
