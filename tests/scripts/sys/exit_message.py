import sys
print("stdout before exit")
sys.exit("fatal: message goes to stderr")
