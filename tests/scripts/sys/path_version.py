import sys
print(type(sys.path).__name__, len(sys.path) > 0, isinstance(sys.path[0], str))
sys.path.append("/nonexistent/dir")
print(sys.path[-1])
print(type(sys.version).__name__, len(sys.version) > 0)
print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
