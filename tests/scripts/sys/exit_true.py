import sys
print("exit with True means status 1")
sys.exit(True)
