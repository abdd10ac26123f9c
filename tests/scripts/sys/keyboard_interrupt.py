import sys
print("output before interrupt is flushed")
sys.stdout.write("partial")
raise KeyboardInterrupt
