from functools import cmp_to_key, total_ordering, singledispatch, cached_property, reduce, partial
def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([3, 1, 2], key=cmp_to_key(cmp)), sorted("bca", key=cmp_to_key(lambda a, b: cmp(b, a))))
K = cmp_to_key(cmp)
print(K(1) < K(2), K(2) <= K(2), K(3) > K(1), K(1) >= K(2), K(1) == K(1))
@total_ordering
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
    def __repr__(self):
        return "V(%d)" % self.v
a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, b >= a, a <= V(1), a >= V(1), sorted([V(3), V(1), V(2)]))
@total_ordering
class W:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __ge__(self, o):
        return self.v >= o.v
print(W(1) < W(2), W(1) > W(2), W(2) <= W(2), W(3) > W(2))
try:
    @total_ordering
    class N:
        pass
except ValueError as e:
    print("ValueError", e)
@singledispatch
def show(x):
    return "object %r" % (x,)
@show.register(int)
def _(x):
    return "int %d" % x
@show.register(list)
def _(x):
    return "list of %d" % len(x)
show.register(str, lambda x: "str " + x)
print(show(1), show(True), show("s"), show([1, 2]), show(1.5), show(None))
print(show.dispatch(bool).__name__ if hasattr(show.dispatch(bool), "__name__") else "?", show.__name__, object in show.registry)
try:
    show()
except TypeError as e:
    print("TypeError", e)
class Circle:
    def __init__(self, r):
        self.r = r
    @cached_property
    def area(self):
        print("computing")
        return self.r * self.r * 3
c = Circle(2)
print(c.area, c.area, "area" in c.__dict__)
del c.area
print(c.area, isinstance(Circle.area, cached_property))
