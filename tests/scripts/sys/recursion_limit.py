import sys
sys.setrecursionlimit(50)
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print(type(e).__name__)
    print("maximum recursion depth exceeded" in str(e))
def measure(n):
    try:
        return measure(n + 1)
    except RecursionError:
        return n
d = measure(0)
print(30 < d < 50)
sys.setrecursionlimit(1000)
class Node:
    def __init__(self, child):
        self.child = child
    def depth(self):
        return 1 if self.child is None else 1 + self.child.depth()
n = None
for _ in range(500):
    n = Node(n)
print(n.depth())
