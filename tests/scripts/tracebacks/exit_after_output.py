# full-stderr
import sys
for i in range(3):
    print("line", i)
sys.stdout.write("partial line without newline")
sys.stderr.write("to stderr before the error\n")
raise TypeError("final error")
