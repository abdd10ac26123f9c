import functools
from functools import reduce, partial, wraps, lru_cache, cache
import operator
print(reduce(operator.add, [1, 2, 3, 4]), reduce(lambda a, b: a * b, range(1, 6), 10), reduce(max, [], 7))
try:
    reduce(operator.add, [])
except TypeError as e:
    print("TypeError", e)
def f(a, b, c=0, *, k=None):
    return (a, b, c, k)
p = partial(f, 1, k=5)
print(p(2), p(2, 3, k=9), p.args, p.keywords, p.func is f)
p2 = partial(p, 2)
print(p2(), p2.args, p2.func is f, partial(int, base=2)("101"))
print(repr(partial(len, [1]))[:25])
def deco(fn):
    @wraps(fn)
    def inner(*a, **kw):
        "inner doc"
        return fn(*a, **kw) * 2
    return inner
@deco
def double_me(x):
    "the doc"
    return x
double_me.extra = 1
print(double_me(4), double_me.__name__, double_me.__doc__, double_me.__qualname__, double_me.__wrapped__(4))
@lru_cache(maxsize=2)
def sq(x):
    print("compute", x)
    return x * x
print(sq(2), sq(3), sq(2), sq(4), sq(3), sq(2))
print(sq.cache_info(), sq.cache_info().hits, sq.cache_info().currsize)
sq.cache_clear(); print(sq.cache_info(), sq.__name__)
@lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info(), fib.cache_parameters())
@lru_cache(maxsize=None, typed=True)
def ident(x):
    print("call", repr(x))
    return x
print(ident(1), ident(1.0), ident(1), ident.cache_info())
@cache
def c(x, y=1):
    print("c", x, y)
    return x + y
print(c(1), c(1), c(1, y=2), c(1, y=2), c.cache_info())
@lru_cache(0)
def z(x):
    return x
print(z(1), z(1), z.cache_info())
try:
    lru_cache("x")
except TypeError as e:
    print("TypeError", e)
