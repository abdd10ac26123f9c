import functools
from functools import partial, partialmethod, lru_cache, singledispatch, singledispatchmethod, update_wrapper
class Animal:
    pass
class Dog(Animal):
    pass
@singledispatch
def speak(x, loud=False):
    return "?"
@speak.register(Animal)
def _(x, loud=False):
    return "animal" + ("!" if loud else "")
@speak.register(Dog)
def _(x, loud=False):
    return "woof" + ("!" if loud else "")
print(speak(Animal()), speak(Dog(), loud=True), speak(3), speak.dispatch(Dog) is speak.registry[Dog])
print(sorted(c.__name__ for c in speak.registry))
class Calc:
    def __init__(self):
        self.calls = 0
    @lru_cache(maxsize=None)
    def twice(self, x):
        self.calls += 1
        return 2 * x
    def add(self, a, b):
        return a + b
    add5 = partialmethod(add, 5)
    @singledispatchmethod
    def kind(self, x):
        return "other"
    @kind.register(int)
    def _(self, x):
        return "int"
c = Calc()
print(c.twice(4), c.twice(4), c.calls, Calc.twice.cache_info().hits, c.add5(10), c.kind(1), c.kind("s"))
def target(a, b=2):
    "target doc"
    return a * b
def wrapper(*args):
    return target(*args)
w = update_wrapper(wrapper, target)
print(w is wrapper, w.__name__, w.__doc__, w.__wrapped__ is target, w(3))
p = partial(target, b=10)
print(p(1), p(1, b=3), p.keywords, p.args)
try:
    partial(5)
except TypeError as e:
    print("TypeError", e)
class MyPartial(partial):
    pass
mp = MyPartial(target, 7)
print(mp(), type(mp).__name__, isinstance(mp, partial))
@lru_cache(maxsize=3)
def ident(x):
    return x
for v in [1, 2, 3, 1, 4, 2, 5, 1]:
    ident(v)
print(ident.cache_info())
print(ident(1.0) == 1, ident.cache_info().hits)
print(functools.reduce(lambda a, b: a + b, iter(["x", "y", "z"])), functools.reduce(pow, [2, 3], 1))
