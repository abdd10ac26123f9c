import sys
sys.setrecursionlimit(100)
def walk(n):
    return walk(n + 1) + 1
print("walking")
walk(0)
