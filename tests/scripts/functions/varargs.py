def f(*args):
    return args
print(f(), f(1), f(1, 2, 3))
def g(a, *rest):
    return a, rest
print(g(1), g(1, 2, 3))
def h(**kw):
    return kw
print(h(), h(x=1, y=2))
def k(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
print(k(1, c=3))
print(k(1, 2, 3, 4, c=5, e=6, f=7))
print(type(f()).__name__, type(h()).__name__)
def total(*nums):
    s = 0
    for n in nums:
        s += n
    return s
print(total(*range(5)), total(*[1, 2], *(3, 4)))
