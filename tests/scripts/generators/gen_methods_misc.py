def g():
    yield 1
it = g()
print(g.__name__, it.__name__, it.__qualname__)
it.__name__ = "renamed"
print(it.__name__)
try:
    it.__name__ = 5
except TypeError as e:
    print("TypeError:", e)
print(it.gi_code.co_name)
print(repr(it).startswith("<generator object g at "))
class K:
    def method(self):
        yield self
k = K()
m = k.method()
print(m.__qualname__)
print(next(m) is k)
def outer():
    def inner_gen():
        yield 1
    return inner_gen()
print(outer().__qualname__)

it = iter(g())
print(hasattr(it, "send"), hasattr(it, "throw"), hasattr(it, "close"), hasattr(it, "__next__"))

def delegating():
    yield from [1, 2]
d = delegating()
next(d)
try:
    d.send(5)
except AttributeError as e:
    print("AttributeError:", e)

try:
    next(g()).foo
except AttributeError as e:
    print("AttributeError:", e)

gen = g()
try:
    gen.send()
except TypeError as e:
    print("TypeError:", e)
try:
    gen.throw()
except TypeError as e:
    print("TypeError:", e)
try:
    gen.send(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    gen.close(1)
except TypeError as e:
    print("TypeError:", e)
print(type(gen).__name__, type(gen) is type(g()))
