class Node:
    def __init__(self, v, left=None, right=None):
        self.v, self.left, self.right = v, left, right

def inorder(n):
    if n is None:
        return
    yield from inorder(n.left)
    yield n.v
    yield from inorder(n.right)

def preorder(n):
    if n:
        yield n.v
        for c in (n.left, n.right):
            yield from preorder(c)

tree = Node(4, Node(2, Node(1), Node(3)), Node(6, Node(5), Node(7)))
print(list(inorder(tree)))
print(list(preorder(tree)))

def perms(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        for p in perms(items[:i] + items[i + 1:]):
            yield [items[i]] + p
print(list(perms([1, 2, 3])))
print(sum(1 for _ in perms(list(range(5)))))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])

def take(n, it):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
print(list(take(5, fib())))

def flatten(x):
    if isinstance(x, list):
        for y in x:
            yield from flatten(y)
    else:
        yield x
print(list(flatten([1, [2, [3, [4, [5]]]], [], [[6]]])))
